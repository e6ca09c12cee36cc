/**
 * Point-in-time features of each client under contract at a cut-off date, as the seed lists them, computed
 * only from what the warehouse knew before the cut-off (facts dated before it; contract statuses only of
 * periods that ended before it) — never from dim_clients' derived columns, which see the whole history.
 *
 * A client is scored at a cut-off when a contract period runs on that day (started before it, ends on or
 * after it) and no termination notice was given before it. The target: that period ends within
 * `horizonMonths` after the cut-off and is terminated or not renewed.
 */
import type { Db } from '../warehouse/db.ts';
import { dateId } from '../warehouse/calendar.ts';
import { addMonthsIso, CHURN_CONFIG } from './config.ts';
import type { Labeled, Matrix } from './matrix.ts';

/** The model's features, in matrix column order. */
export const FEATURES = [
  'satisfaction_moyenne',
  'nb_notes_inferieures_3',
  'jours_dernier_contact',
  'taux_reponse_enquete',
  'nb_reclamations',
  'anciennete_mois',
  'segment',
  'montant_contrat_annuel',
  'taux_renouvellement',
  'nb_interventions_retard',
  'jours_avant_echeance',
] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Segment encoded as an ordinal (the segments are ordered by value). */
export const SEGMENT_CODE: Record<string, number> = { Bronze: 0, Argent: 1, Or: 2 };

export interface ClientFeatures {
  readonly clientId: number;
  readonly contratId: number;
  /** feature values in FEATURES order; NaN = unknown (no note, no survey, no ended period) */
  readonly values: readonly number[];
}

interface Row {
  client_id: number;
  contrat_id: number;
  segment: string;
  montant: number;
  date_fin: string;
  sat: number | null;
  low: number | null;
  rec: number | null;
  late: number | null;
  last_contact: string | null;
  first_start: string;
  sent: number | null;
  answered: number | null;
  ended: number | null;
  renewed: number | null;
}

const SQL = `
WITH cur AS (
  SELECT p.client_id, MAX(p.contrat_id) AS contrat_id
  FROM fact_contrats p
  WHERE p.date_debut < @cut AND p.date_fin >= @cut AND (p.date_resiliation IS NULL OR p.date_resiliation >= @cut)
  GROUP BY p.client_id
), iv AS (
  SELECT i.client_id,
         AVG(i.satisfaction_note) AS sat,
         SUM(CASE WHEN i.satisfaction_note < 3 THEN 1 ELSE 0 END) AS low,
         SUM(i.est_reclamation) AS rec,
         SUM(CASE WHEN i.date_echeance IS NOT NULL AND julianday(t.date) - julianday(i.date_echeance) > 7 THEN 1 ELSE 0 END) AS late
  FROM fact_interventions i JOIN dim_temps t ON t.date_id = i.date_id
  WHERE i.date_id >= @fromId AND i.date_id < @cutId
  GROUP BY i.client_id
), lastc AS (
  SELECT client_id, MAX(d) AS last_contact FROM (
    SELECT i.client_id, t.date AS d FROM fact_interventions i JOIN dim_temps t ON t.date_id = i.date_id WHERE i.date_id < @cutId
    UNION ALL
    SELECT s.client_id, substr(s.repondu_at, 1, 10) AS d FROM fact_satisfaction s WHERE s.repondu_at IS NOT NULL AND substr(s.repondu_at, 1, 10) < @cut
  ) GROUP BY client_id
), sv AS (
  SELECT s.client_id, COUNT(*) AS sent,
         SUM(CASE WHEN s.repondu_at IS NOT NULL AND substr(s.repondu_at, 1, 10) < @cut THEN 1 ELSE 0 END) AS answered
  FROM fact_satisfaction s
  WHERE s.envoye_at IS NOT NULL AND substr(s.envoye_at, 1, 10) >= @from AND substr(s.envoye_at, 1, 10) < @cut
  GROUP BY s.client_id
), hist AS (
  SELECT p.client_id, MIN(p.date_debut) AS first_start,
         SUM(CASE WHEN p.date_fin < @cut THEN 1 ELSE 0 END) AS ended,
         SUM(CASE WHEN p.date_fin < @cut AND p.statut = 'renouvele' THEN 1 ELSE 0 END) AS renewed
  FROM fact_contrats p WHERE p.date_debut < @cut GROUP BY p.client_id
)
SELECT c.client_id, cur.contrat_id, c.segment, p.montant_annuel AS montant, p.date_fin,
       iv.sat, iv.low, iv.rec, iv.late, lastc.last_contact, hist.first_start, sv.sent, sv.answered, hist.ended, hist.renewed
FROM cur
JOIN dim_clients c ON c.client_id = cur.client_id
JOIN fact_contrats p ON p.contrat_id = cur.contrat_id
JOIN hist ON hist.client_id = cur.client_id
LEFT JOIN iv ON iv.client_id = cur.client_id
LEFT JOIN lastc ON lastc.client_id = cur.client_id
LEFT JOIN sv ON sv.client_id = cur.client_id
ORDER BY c.client_id`;

const julian = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** The features of every client under contract at `cutoff` (YYYY-MM-DD), from data dated before it. */
export function clientFeatures(db: Db, cutoff: string, windowMonths: number = CHURN_CONFIG.windowMonths): ClientFeatures[] {
  const from = addMonthsIso(cutoff, -windowMonths);
  const rows = db.prepare(SQL).all({ cut: cutoff, cutId: dateId(cutoff), from, fromId: dateId(from) }) as Row[];
  const cut = julian(cutoff);
  return rows.map((r) => {
    const firstStart = julian(r.first_start);
    const values: Record<FeatureName, number> = {
      satisfaction_moyenne: r.sat ?? NaN,
      nb_notes_inferieures_3: r.low ?? 0,
      // never seen: as many days as the client has been under contract
      jours_dernier_contact: Math.round(cut - (r.last_contact ? julian(r.last_contact) : firstStart)),
      taux_reponse_enquete: r.sent ? (r.answered ?? 0) / r.sent : NaN,
      nb_reclamations: r.rec ?? 0,
      anciennete_mois: Math.floor((cut - firstStart) / 30.4375),
      segment: SEGMENT_CODE[r.segment] ?? NaN,
      montant_contrat_annuel: r.montant,
      taux_renouvellement: r.ended ? (r.renewed ?? 0) / r.ended : NaN,
      nb_interventions_retard: r.late ?? 0,
      jours_avant_echeance: Math.round(julian(r.date_fin) - cut),
    };
    return { clientId: r.client_id, contratId: r.contrat_id, values: FEATURES.map((f) => values[f]) };
  });
}

/**
 * The target of each client of `features` at `cutoff`: its running period ends within the horizon and was
 * terminated or not renewed. Needs the horizon to be over (`cutoff + horizon ≤ asOf`), else it throws.
 */
export function targets(db: Db, cutoff: string, features: readonly ClientFeatures[], asOf: string, horizonMonths: number = CHURN_CONFIG.horizonMonths): Uint8Array {
  const end = addMonthsIso(cutoff, horizonMonths);
  if (end > asOf) throw new Error(`cible inconnue au ${cutoff} : l’horizon (${end}) dépasse la date des données (${asOf})`);
  const stmt = db.prepare("SELECT date_fin, statut FROM fact_contrats WHERE contrat_id = ?");
  const y = new Uint8Array(features.length);
  features.forEach((f, k) => {
    const p = stmt.get(f.contratId) as { date_fin: string; statut: string };
    y[k] = p.date_fin < end && (p.statut === 'resilie' || p.statut === 'expire') ? 1 : 0;
  });
  return y;
}

export interface PanelRow {
  readonly clientId: number;
  readonly cutoff: string;
}

/** Features and targets over several cut-offs, stacked (a client appears once per cut-off). */
export function panel(db: Db, cutoffs: readonly string[], asOf: string): Labeled & { readonly rows: readonly PanelRow[] } {
  const values: number[] = [];
  const ys: number[] = [];
  const rows: PanelRow[] = [];
  for (const cutoff of cutoffs) {
    const feats = clientFeatures(db, cutoff);
    const y = targets(db, cutoff, feats, asOf);
    feats.forEach((f, k) => {
      values.push(...f.values);
      ys.push(y[k]!);
      rows.push({ clientId: f.clientId, cutoff });
    });
  }
  const X: Matrix = { rows: rows.length, cols: FEATURES.length, data: Float64Array.from(values) };
  return { X, y: Uint8Array.from(ys), features: [...FEATURES], rows };
}

export function featureMatrix(feats: readonly ClientFeatures[]): Matrix {
  const data = new Float64Array(feats.length * FEATURES.length);
  feats.forEach((f, i) => data.set(f.values, i * FEATURES.length));
  return { rows: feats.length, cols: FEATURES.length, data };
}
