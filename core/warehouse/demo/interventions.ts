/**
 * One completed intervention: request and due dates (some late), real duration against the planned one,
 * first-visit fix, the client's note and maybe a complaint, parts and amounts (labour covered by the
 * contract, overtime re-invoiced ~90 % of the time), then its survey and maybe a quote.
 */
import type { Db } from '../db.ts';
import { isoOf, parisDateTime } from './days.ts';
import { round1, round2, type ClientSim, type DayInfo, type TechSim, type TypeRef } from './model.ts';
import { QuoteWriter } from './quotes.ts';
import type { Specialite } from './reference.ts';
import { sigmoid, type Rng } from './rng.ts';
import { inserter } from './sql.ts';
import { SurveyWriter } from './surveys.ts';
import { MOTIFS_RECLAMATION } from './texts.ts';

const COLUMNS = [
  'intervention_id', 'source_ref', 'date_id', 'client_id', 'technicien_id', 'zone_id', 'type_intervention_id', 'contrat_id', 'date_demande',
  'date_echeance', 'heure_arrivee', 'heure_depart', 'duree_min', 'duree_prevue_min', 'ecart_min', 'km_parcourus', 'km_plan_initial',
  'pieces_remplacees', 'montant_pieces', 'montant_mo', 'montant_total', 'montant_depassement', 'montant_refacture', 'satisfaction_note',
  'conforme', 'resolu_premiere_visite', 'est_reclamation', 'motif_reclamation', 'rapport_signe_at',
] as const;

const HORS_AGGLO = 7;
/** price range of one replaced part, by speciality (€) */
const PART_PRICE: Record<Specialite, readonly [number, number]> = {
  Tableau: [12, 160], VMC: [18, 240], Chauffage: [25, 380], Domotique: [35, 260], Éclairage: [6, 55], IRVE: [15, 90],
};

export interface Visit {
  readonly tech: TechSim;
  readonly client: ClientSim;
  readonly type: TypeRef;
  readonly prevue: number;
  /** the day (day number) and its calendar row */
  readonly day: number;
  readonly info: DayInfo;
  /** arrival, minutes after midnight (Paris) */
  readonly arrivee: number;
  readonly km: number;
  /** km of this leg in the unoptimised plan */
  readonly kmPlan: number;
  readonly emergency: boolean;
}

export class InterventionWriter {
  private readonly insert: (values: readonly unknown[]) => void;
  private readonly surveys: SurveyWriter;
  private readonly quotes: QuoteWriter;
  private readonly seqByYear = new Map<string, number>();
  private nextId = 1;

  constructor(
    db: Db,
    private readonly rng: Rng,
    today: number,
    /** first day of the SMS survey */
    private readonly surveyStart: number,
  ) {
    this.insert = inserter(db, 'fact_interventions', COLUMNS);
    this.surveys = new SurveyWriter(db, rng, today);
    this.quotes = new QuoteWriter(db, rng, today);
  }

  get counts(): { interventions: number; surveys: number; devis: number } {
    return { interventions: this.nextId - 1, surveys: this.surveys.count, devis: this.quotes.count };
  }

  /** Writes the intervention (and its survey, maybe a quote); returns when the technician leaves (minutes). */
  write(v: Visit): number {
    const { rng } = this;
    const { client: c, tech, type, day: d } = v;
    const depannage = type.categorie === 'depannage';
    const urgent = v.emergency || (depannage && rng.chance(0.25));
    const sla = urgent ? rng.int(1, 2) : depannage ? rng.int(2, 7) : rng.int(14, 45);
    let demande: number;
    let echeance: number;
    if (!v.emergency && rng.chance(c.zoneId === HORS_AGGLO ? 0.14 : 0.07)) {
      echeance = d - rng.int(8, 25);
      demande = echeance - sla;
    } else {
      demande = d - (v.emergency ? rng.int(0, 1) : depannage ? rng.int(0, 4) : rng.int(5, 40));
      echeance = demande + sla;
      if (d - echeance > 7) echeance = d - rng.int(0, 7);
    }
    const late = d - echeance > 7;

    const r = rng.next() - (depannage ? 0.1 : 0);
    const drawn = r < 0.58 ? -5 * rng.int(0, 3) : r < 0.84 ? 5 * rng.int(1, 3) : 5 * Math.round(rng.int(4, 12) * tech.depassement);
    const duree = Math.max(15, v.prevue + drawn);
    const ecart = duree - v.prevue;
    const resolu = rng.chance(depannage ? 0.78 : type.categorie === 'installation' ? 0.88 : 0.93);
    const conforme = rng.chance(0.95);
    const latent =
      4.4 + 0.55 * c.humeur + tech.qualite - (late ? 0.8 : 0) - (ecart >= 30 ? 0.5 : 0) - (resolu ? 0 : 1.1) - (conforme ? 0 : 0.4) + rng.normal(0, 0.55);
    const noteValue = Math.max(1, Math.min(5, Math.round(latent)));
    const note = rng.chance(0.03) ? null : noteValue;
    const complaint = rng.chance(sigmoid(-3.9 + 1.2 * (4 - latent) + (late ? 0.9 : 0) + (ecart >= 30 ? 0.5 : 0)));
    const motif = complaint ? this.complaintReason(late, resolu, ecart) : null;

    const pieces = depannage ? rng.weighted([30, 35, 20, 10, 5]) : type.categorie === 'installation' ? rng.int(2, 8) : rng.chance(0.25) ? rng.int(1, 2) : 0;
    const [pmin, pmax] = PART_PRICE[type.specialite_requise];
    let montantPieces = 0;
    for (let k = 0; k < pieces; k++) montantPieces += rng.uniform(pmin, pmax);
    if (type.code === 'IRVE-INST') montantPieces += rng.uniform(690, 1390);
    montantPieces = round2(montantPieces);
    const covered = c.period !== null && type.sous_contrat === 1;
    const mo = covered ? 0 : round2((duree / 60) * type.tarif_horaire);
    const depassement = covered && ecart > 0 ? round2((ecart / 60) * type.tarif_horaire) : 0;
    const refacture = depassement > 0 && rng.chance(0.9) ? depassement : 0;

    const arrivee = Math.min(v.arrivee, 22 * 60);
    const depart = Math.min(arrivee + duree, 23 * 60 + 30);
    const signed = rng.chance(0.98);
    const id = this.nextId++;
    const year = v.info.iso.slice(0, 4);
    const seq = (this.seqByYear.get(year) ?? 0) + 1;
    this.seqByYear.set(year, seq);
    const ref = `INT-${year}-${String(seq).padStart(6, '0')}`;
    this.insert([
      id, ref, v.info.dateId, c.id, tech.id, c.zoneId, type.type_intervention_id, c.period?.id ?? null, isoOf(demande), isoOf(echeance),
      parisDateTime(d, arrivee), parisDateTime(d, depart), duree, v.prevue, ecart, round1(v.km), round1(v.kmPlan), pieces, montantPieces, mo,
      round2(montantPieces + mo + refacture), depassement, refacture, note, conforme ? 1 : 0, resolu ? 1 : 0, complaint ? 1 : 0, motif,
      signed ? parisDateTime(d, Math.min(depart + rng.int(0, 4), 23 * 60 + 59)) : null,
    ]);

    const st = c.stats;
    st.n++;
    if (note !== null) {
      st.nNotes++;
      st.sumNote += note;
    }
    if (complaint) st.complaints++;
    if (late) st.late++;
    if (signed && d >= this.surveyStart) this.surveys.write({ interventionId: id, ref, client: c, technicienId: tech.id, day: d, note: noteValue, late, resolu });
    this.quotes.maybeWrite({ interventionId: id, client: c, technicienId: tech.id, type, day: d, note: noteValue });
    return depart;
  }

  private complaintReason(late: boolean, resolu: boolean, ecart: number): string {
    const { rng } = this;
    if (late) return rng.chance(0.5) ? "Délai d'intervention trop long" : 'Retard du technicien sans prévenir';
    if (!resolu) return 'Panne non résolue, il faut revenir';
    if (ecart >= 30) return 'Dépassement de durée facturé';
    return rng.pick(MOTIFS_RECLAMATION);
  }
}
