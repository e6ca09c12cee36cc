/** Quotes (devis) written after ~1 intervention in 4: about 30 % signed, the rest refused or expired. */
import { dateId } from '../calendar.ts';
import type { Db } from '../db.ts';
import { isoOf } from './days.ts';
import { round2, type ClientSim, type TypeRef } from './model.ts';
import { TYPES_INTERVENTION } from './reference.ts';
import { sigmoid, type Rng } from './rng.ts';
import { inserter } from './sql.ts';

const COLUMNS = [
  'devis_id', 'source_ref', 'date_id', 'client_id', 'intervention_id', 'technicien_id', 'type_intervention_id', 'date_emission',
  'date_reponse', 'statut', 'montant_ht', 'montant_ttc',
] as const;

const QUOTE_RATE: Record<TypeRef['categorie'], number> = { depannage: 0.3, installation: 0.3, maintenance: 0.22, controle: 0.2 };
const INSTALLATIONS = TYPES_INTERVENTION.filter((t) => t.categorie === 'installation');
/** a quote stays valid 30 days */
const VALIDITY_DAYS = 30;

export interface QuoteInput {
  readonly interventionId: number;
  readonly client: ClientSim;
  readonly technicienId: number;
  readonly type: TypeRef;
  readonly day: number;
  /** the client's note 1..5 */
  readonly note: number;
}

export class QuoteWriter {
  private readonly insert: (values: readonly unknown[]) => void;
  private readonly seqByYear = new Map<string, number>();
  private nextId = 1;

  constructor(
    db: Db,
    private readonly rng: Rng,
    private readonly today: number,
  ) {
    this.insert = inserter(db, 'fact_devis', COLUMNS);
  }

  get count(): number {
    return this.nextId - 1;
  }

  /** Maybe writes a quote following the intervention. */
  maybeWrite(q: QuoteInput): void {
    const { rng, today } = this;
    if (!rng.chance(QUOTE_RATE[q.type.categorie])) return;
    const type = rng.chance(0.5) ? rng.pick(INSTALLATIONS) : q.type;
    const emission = Math.min(q.day + rng.int(0, 4), today);
    const base = type.categorie === 'installation' ? Math.exp(rng.normal(Math.log(1800), 0.6)) : Math.exp(rng.normal(Math.log(380), 0.5));
    const ht = round2(Math.min(type.categorie === 'installation' ? 12_000 : 2_500, Math.max(90, base * (q.client.pro ? 1.6 : 1))));
    const ttc = round2(ht * (q.client.pro ? 1.2 : 1.1));
    const pSign = sigmoid(-0.85 + 0.45 * (q.note - 4.2) + (q.client.pro ? 0.25 : 0) - (ht > 4000 ? 0.4 : 0));
    let statut: 'envoye' | 'signe' | 'refuse' | 'expire';
    let reponse: number | null = null;
    if (rng.chance(pSign)) {
      statut = 'signe';
      reponse = emission + rng.int(1, 21);
    } else if (rng.chance(0.55)) {
      statut = 'refuse';
      reponse = emission + rng.int(2, 30);
    } else {
      statut = 'expire';
    }
    if ((reponse !== null && reponse > today) || (statut === 'expire' && emission + VALIDITY_DAYS > today)) {
      statut = 'envoye';
      reponse = null;
    }
    const iso = isoOf(emission);
    const year = iso.slice(0, 4);
    const seq = (this.seqByYear.get(year) ?? 0) + 1;
    this.seqByYear.set(year, seq);
    this.insert([
      this.nextId++, `DEV-${year}-${String(seq).padStart(6, '0')}`, dateId(iso), q.client.id, q.interventionId, q.technicienId,
      type.type_intervention_id, iso, reponse === null ? null : isoOf(reponse), statut, ht, ttc,
    ]);
  }
}
