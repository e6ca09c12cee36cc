/**
 * Quality dashboard (Philippe Rey): NPS (−100…+100), survey response rate (goal 40 %), mean satisfaction per
 * intervention type, complaints per month and their reasons (Pareto), first-visit resolution rate, and the
 * word frequencies of the survey comments.
 *
 * Surveys count in the period they were answered (NPS, comments) or sent (response rate); interventions in
 * the period they were done. Zone and technician filters apply through the surveyed intervention.
 */
import { addDaysIso, dateId } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import { monthOfPeriod, previousPeriod, trailing } from './period.ts';
import { params, ratio, row, rows, whereScope, ymKey, type Filter, type KpiScope, type Range } from './sql.ts';
import type { Figure, Point } from './types.ts';
import { wordFrequencies, type WordCount } from './words.ts';

/**
 * A survey answered in the range: by its answer date. It was sent at most SURVEY_ANSWER_DAYS before (surveys
 * expire long before that), which lets SQLite use the index on the sending date (date_id) instead of a scan.
 */
export const SURVEY_ANSWER_DAYS = 92;
const ANSWERED_IN = `s.date_id BETWEEN @sentFromId AND @toId AND s.repondu_at IS NOT NULL AND substr(s.repondu_at, 1, 10) BETWEEN @from AND @to`;
const answered = (range: Range, f: Filter): Record<string, unknown> => params(range, f, { sentFromId: dateId(addDaysIso(range.from, -SURVEY_ANSWER_DAYS)) });

/**
 * The zone/technician filter of a survey, through its intervention: looked up only when there is a filter, so
 * the whole-company figures read the survey index alone.
 */
const surveyScope = (alias: string): string =>
  `(@zone IS NULL OR (SELECT fi.zone_id FROM fact_interventions fi WHERE fi.intervention_id = ${alias}.intervention_id) = @zone)
   AND (@tech IS NULL OR (SELECT fi.technicien_id FROM fact_interventions fi WHERE fi.intervention_id = ${alias}.intervention_id) = @tech)`;

/** NPS = % promoters (9–10) − % detractors (0–6) over the surveys answered with an NPS in the range. */
export function nps(db: Db, range: Range, f: Filter): { nps: number | null; promoters: number; detractors: number; answers: number } {
  const r = row<{ p: number | null; d: number | null; n: number }>(
    db,
    `SELECT SUM(s.nps >= 9) AS p, SUM(s.nps <= 6) AS d, COUNT(*) AS n
       FROM fact_satisfaction s WHERE s.nps IS NOT NULL AND ${ANSWERED_IN} AND ${surveyScope('s')}`,
    answered(range, f),
  );
  const [p, d] = [r.p ?? 0, r.d ?? 0];
  return { nps: r.n > 0 ? (100 * (p - d)) / r.n : null, promoters: p, detractors: d, answers: r.n };
}

/** Surveys sent in the range (by their date_id) that were answered / sent. */
export function responseRate(db: Db, range: Range, f: Filter): { rate: number | null; sent: number; answered: number } {
  const r = row<{ sent: number; answered: number | null }>(
    db,
    `SELECT COUNT(*) AS sent, SUM(s.repondu_at IS NOT NULL) AS answered
       FROM fact_satisfaction s WHERE s.envoye_at IS NOT NULL AND s.date_id BETWEEN @fromId AND @toId AND ${surveyScope('s')}`,
    params(range, f),
  );
  return { rate: ratio(r.answered, r.sent), sent: r.sent, answered: r.answered ?? 0 };
}

/** Mean satisfaction note (1–5) of the interventions done in the range. */
export function meanSatisfaction(db: Db, range: Range, f: Filter): number | null {
  return row<{ v: number | null }>(
    db,
    `SELECT AVG(fi.satisfaction_note) AS v FROM fact_interventions fi WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')}`,
    params(range, f),
  ).v;
}

/** Mean satisfaction note per month over a range of months (per day first: index order, no sort). */
export function satisfactionByMonth(db: Db, range: Range, f: Filter): Point[] {
  return rows<{ ym: number; v: number }>(
    db,
    `SELECT d / 100 AS ym, CAST(SUM(s) AS REAL) / SUM(n) AS v FROM (
       SELECT fi.date_id AS d, SUM(fi.satisfaction_note) AS s, COUNT(*) AS n FROM fact_interventions fi
        WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.satisfaction_note IS NOT NULL AND ${whereScope('fi')} GROUP BY fi.date_id)
      GROUP BY 1 ORDER BY 1`,
    params(range, f),
  ).map((r) => ({ x: ymKey(r.ym), y: r.v }));
}

export interface TypeValue {
  typeId: number;
  code: string;
  libelle: string;
  value: number;
  n: number;
}

/** Mean satisfaction note per intervention type in the range (types with a note only). */
export function satisfactionByType(db: Db, range: Range, f: Filter): TypeValue[] {
  return rows<{ id: number; code: string; libelle: string; v: number; n: number }>(
    db,
    `SELECT t.type_intervention_id AS id, t.code, t.libelle, AVG(fi.satisfaction_note) AS v, COUNT(*) AS n
       FROM fact_interventions fi JOIN dim_types_intervention t ON t.type_intervention_id = fi.type_intervention_id
      WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.satisfaction_note IS NOT NULL AND ${whereScope('fi')}
      GROUP BY t.type_intervention_id ORDER BY t.type_intervention_id`,
    params(range, f),
  ).map((r) => ({ typeId: r.id, code: r.code, libelle: r.libelle, value: r.v, n: r.n }));
}

/** Complaints (interventions flagged est_reclamation) per month over a range of months, zero months included. */
export function complaintsByMonth(db: Db, months: readonly Range[], f: Filter): Point[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return [];
  const byMonth = new Map(
    rows<{ ym: number; n: number }>(
      db,
      `SELECT d / 100 AS ym, SUM(n) AS n FROM (
         SELECT fi.date_id AS d, COUNT(*) AS n FROM fact_interventions fi
          WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.est_reclamation = 1 AND ${whereScope('fi')} GROUP BY fi.date_id)
        GROUP BY 1`,
      params({ from: first.from, to: last.to, fromId: first.fromId, toId: last.toId }, f),
    ).map((r) => [ymKey(r.ym), r.n]),
  );
  return months.map((m) => ({ x: m.from.slice(0, 7), y: byMonth.get(m.from.slice(0, 7)) ?? 0 }));
}

export interface Reason {
  reason: string;
  count: number;
  /** cumulative share of all complaints, 0–1 (Pareto) */
  cumulative: number;
}

/** Complaint reasons in the range, most frequent first, with the cumulative share (Pareto). */
export function complaintReasons(db: Db, range: Range, f: Filter): Reason[] {
  const list = rows<{ reason: string; n: number }>(
    db,
    `SELECT COALESCE(fi.motif_reclamation, 'Non précisé') AS reason, COUNT(*) AS n FROM fact_interventions fi
      WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.est_reclamation = 1 AND ${whereScope('fi')}
      GROUP BY 1 ORDER BY n DESC, reason`,
    params(range, f),
  );
  const total = list.reduce((s, r) => s + r.n, 0);
  let cum = 0;
  return list.map((r) => ((cum += r.n), { reason: r.reason, count: r.n, cumulative: cum / total }));
}

/** Share of the interventions done in the range that were resolved at the first visit. */
export function firstVisitResolution(db: Db, range: Range, f: Filter): number | null {
  return row<{ v: number | null }>(
    db,
    `SELECT AVG(fi.resolu_premiere_visite) AS v FROM fact_interventions fi WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')}`,
    params(range, f),
  ).v;
}

/** The comments of the surveys answered in the range (every free-text answer). */
export function surveyComments(db: Db, range: Range, f: Filter): string[] {
  return rows<{ a: string | null; b: string | null; c: string | null; d: string | null }>(
    db,
    `SELECT s.professionnel_commentaire AS a, s.delai_commentaire AS b, s.probleme_commentaire AS c, s.suggestion AS d
       FROM fact_satisfaction s WHERE ${ANSWERED_IN} AND ${surveyScope('s')}
        AND (s.professionnel_commentaire IS NOT NULL OR s.delai_commentaire IS NOT NULL OR s.probleme_commentaire IS NOT NULL OR s.suggestion IS NOT NULL)`,
    answered(range, f),
  ).flatMap((r) => [r.a, r.b, r.c, r.d].filter((c): c is string => c !== null && c.trim() !== ''));
}

export interface QualityDashboard {
  nps: Figure & { promoters: number; detractors: number; answers: number };
  response: Figure & { sent: number; answered: number };
  satisfaction: Figure;
  satisfactionByType: TypeValue[];
  complaints: Figure;
  complaintsByMonth: Point[];
  reasons: Reason[];
  firstVisit: Figure;
  words: WordCount[];
}

export function qualityDashboard(db: Db, s: KpiScope): QualityDashboard {
  const prev = previousPeriod(s.period);
  const n = nps(db, s.period, s);
  const r = responseRate(db, s.period, s);
  const months = trailing(monthOfPeriod(s.period), 12);
  const complaintsOf = (range: Range): number =>
    row<{ n: number }>(db, `SELECT COUNT(*) AS n FROM fact_interventions fi WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.est_reclamation = 1 AND ${whereScope('fi')}`, params(range, s)).n;
  return {
    nps: { value: n.nps, previous: nps(db, prev, s).nps, promoters: n.promoters, detractors: n.detractors, answers: n.answers },
    response: { value: r.rate, previous: responseRate(db, prev, s).rate, sent: r.sent, answered: r.answered },
    satisfaction: { value: meanSatisfaction(db, s.period, s), previous: meanSatisfaction(db, prev, s) },
    satisfactionByType: satisfactionByType(db, s.period, s),
    complaints: { value: complaintsOf(s.period), previous: complaintsOf(prev) },
    complaintsByMonth: complaintsByMonth(db, months, s),
    reasons: complaintReasons(db, s.period, s),
    firstVisit: { value: firstVisitResolution(db, s.period, s), previous: firstVisitResolution(db, prev, s) },
    words: wordFrequencies(surveyComments(db, s.period, s), 30),
  };
}
