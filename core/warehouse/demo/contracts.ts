/**
 * Maintenance contract periods: one row per yearly period, written when the period opens (statut
 * 'actif', so interventions can reference it at once) and updated when it ends (renewed or not).
 */
import { dateId } from '../calendar.ts';
import type { Db } from '../db.ts';
import { addYears, isoOf } from './days.ts';
import { emptyStats, round2, type ClientSim, type Period } from './model.ts';
import { inserter } from './sql.ts';

export type Formule = Period['formule'];
type Statut = 'actif' | 'renouvele' | 'resilie' | 'expire';

const COLUMNS = [
  'contrat_id', 'source_ref', 'client_id', 'date_id', 'formule', 'date_debut', 'date_fin', 'montant_annuel', 'statut',
  'numero_renouvellement', 'contrat_precedent_id',
] as const;

export class ContractBook {
  private readonly insert: (values: readonly unknown[]) => void;
  private readonly update: (statut: Statut, resiliation: string | null, motif: string | null, id: number) => void;
  private nextId = 1;
  private minStart = Infinity;
  /** period end day → clients whose current period ends that day */
  private readonly byEnd = new Map<number, ClientSim[]>();

  constructor(db: Db) {
    this.insert = inserter(db, 'fact_contrats', COLUMNS);
    const stmt = db.prepare('UPDATE fact_contrats SET statut = ?, date_resiliation = ?, motif_resiliation = ? WHERE contrat_id = ?');
    this.update = (statut, resiliation, motif, id) => {
      stmt.run(statut, resiliation, motif, id);
    };
  }

  get count(): number {
    return this.nextId - 1;
  }

  /**
   * Writes a yearly period from `start`. 'actif' makes it the client's current period (decided at its
   * end); 'renouvele' records a past period of the client's history.
   */
  open(client: ClientSim, start: number, formule: Formule, montant: number, numero: number, precedentId: number | null, statut: 'actif' | 'renouvele' = 'actif'): Period {
    const period: Period = { id: this.nextId++, clientId: client.id, start, end: addYears(start, 1) - 1, formule, montant: round2(montant), numero, precedentId };
    if (start < this.minStart) this.minStart = start;
    const debut = isoOf(start);
    this.insert([
      period.id, `CTR-${client.sourceRef}-${String(numero).padStart(2, '0')}`, client.id, dateId(debut), formule, debut, isoOf(period.end),
      period.montant, statut, numero, precedentId,
    ]);
    if (statut === 'actif') {
      client.period = period;
      client.stats = emptyStats();
      const list = this.byEnd.get(period.end);
      if (list) list.push(client);
      else this.byEnd.set(period.end, [client]);
    }
    return period;
  }

  /** Clients whose current period ends on `day`. */
  endingOn(day: number): readonly ClientSim[] {
    return this.byEnd.get(day) ?? [];
  }

  /** Ends the client's current period: renewed, terminated ('resilie', with notice date and reason) or lapsed. */
  close(client: ClientSim, period: Period, statut: Exclude<Statut, 'actif'>, resiliation: number | null = null, motif: string | null = null): void {
    this.update(statut, resiliation === null ? null : isoOf(resiliation), motif, period.id);
    if (client.period === period) client.period = null;
  }

  /** The earliest period start so far (the calendar must reach back to it: date_id references dim_temps). */
  earliestStart(): number {
    return this.minStart;
  }
}
