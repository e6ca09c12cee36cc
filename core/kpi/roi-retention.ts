/**
 * Clients kept after an alert was acted on, against those whose alert was not (issue 8 §3).
 *
 * Cohort: the clients alerted in a range of days (Europe/Paris) up to `asOf`, who held a running maintenance
 * contract on the day of their first alert in the range:
 * - churn alerts: the client entered the Élevé risk on a scoring day (`churn_scores`: Élevé that day, not Élevé on
 *   the scoring day before — the definition of core/churn/alerts.ts); acted on = a `churn_actions` row 'appel' or
 *   'offre' (not 'ignore') between the alert and the outcome day;
 * - dissatisfaction alerts (`survey_alerts`, when that table exists): kinds 'nps_bas' and 'non_resolu'; acted on =
 *   statut 'traitee' with `traitee_at` on or before the outcome day.
 * A client counts once, from their first alert in the range; acted on when any of their alerts was acted on by the
 * outcome day. Outcome day o = min(first alert + SAV_RETENTION_DAYS, asOf); the client is kept when a contract
 * period runs on o (started, not ended, not terminated on or before o — as the active contracts KPI counts them).
 *
 * Value: uplift = kept rate (acted on) − kept rate (not acted on); clients kept thanks to the actions = uplift ×
 * clients acted on; € per year = that × the mean `montant_annuel` of the cohort's contracts on their alert day.
 * Below MIN_GROUP clients in either group the difference is noise: no figure, status 'not_enough_data'.
 * Per technician it means nothing (a client is not a technician's): status 'not_by_technician'.
 */
import type { Db } from '../warehouse/db.ts';
import type { RoiConfig } from './roi-config.ts';
import { instants, type DayRange } from './roi-planner.ts';
import { minDate, row, stmt, type Filter } from './sql.ts';

/** The smallest group (acted on, not acted on) a rate is compared on. */
export const MIN_GROUP = 5;

/** The survey alert kinds that say the client is dissatisfied. */
export const DISSATISFACTION_KINDS = ['nps_bas', 'non_resolu'] as const;

export interface RetentionGroup {
  clients: number;
  kept: number;
  /** kept / clients, null when empty */
  rate: number | null;
}

export type RetentionStatus = 'measured' | 'not_enough_data' | 'not_by_technician';

export interface Retention {
  status: RetentionStatus;
  /** the alerts' days */
  range: DayRange;
  /** outcomes are read at min(alert + horizonDays, asOf) */
  asOf: string;
  horizonDays: number;
  /** clients alerted in the range and scope, by kind of alert (a client may have both; before keeping contract holders only) */
  alerts: { churn: number; survey: number | null };
  /** false when the warehouse has no `survey_alerts` table (migration 7 not applied) */
  surveyAlertsTable: boolean;
  acted: RetentionGroup;
  notActed: RetentionGroup;
  /** acted.rate − notActed.rate (null unless measured) */
  uplift: number | null;
  /** uplift × acted.clients (null unless measured) */
  clientsKept: number | null;
  /** mean montant_annuel of the cohort's contracts on their alert day, € (null without a cohort) */
  averageContract: number | null;
  /** clientsKept × averageContract, € per year (null unless measured) */
  eur: number | null;
}

/**
 * Summer time in Paris (EU rule: from the last Sunday of March to the last Sunday of October, 01:00 UTC both), as
 * [start, end) UTC instants per year, comparable as text with `toISOString()` values.
 */
export function summerTimes(fromYear: number, toYear: number): { s: string; e: string }[] {
  const lastSunday = (y: number, month: number): number => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return Date.UTC(y, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  const out: { s: string; e: string }[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push({ s: new Date(lastSunday(y, 2)).toISOString(), e: new Date(lastSunday(y, 9)).toISOString() });
  return out;
}

/**
 * SQL: the Paris calendar day of a stored UTC instant (the expression `x`), summer time from the intervals given
 * (our own ISO literals, written into the statement: no per-row subquery).
 */
export function parisDaySql(x: string, summer: readonly { s: string; e: string }[]): string {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  if (summer.some((i) => !iso.test(i.s) || !iso.test(i.e))) throw new Error('summer time bounds must be ISO instants');
  const inSummer = summer.map((i) => `(${x} >= '${i.s}' AND ${x} < '${i.e}')`).join(' OR ') || '0';
  return `date(${x}, CASE WHEN ${inSummer} THEN '+2 hours' ELSE '+1 hours' END)`;
}

/** True when the table exists in this warehouse. */
export function hasTable(db: Db, name: string): boolean {
  // not memoised: a migration does not count as a data change
  return (stmt(db, `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = @name`).get({ name }) as { n: number }).n > 0;
}

/**
 * One statement. Churn alerts: the scoring days of the range are walked one index seek at a time, each with the
 * scoring day before it; a client enters Élevé on day d when Élevé that day and not on the day before — the Élevé
 * rows minus the same rows moved to the next scoring day (an index on churn_scores (risque, date, client_id) makes
 * this read only the Élevé rows). Then the first alert per client, the outcome day, whether an alert was acted on
 * by then, the contract on the alert day and on the outcome day; summed per group.
 */
export function retentionSql(surveyTable: boolean, summer: readonly { s: string; e: string }[]): string {
  const paris = (x: string): string => parisDaySql(x, summer);
  const survey = surveyTable
    ? `survey AS (
         SELECT a.client_id AS c, ${paris('a.created_at')} AS d,
                CASE WHEN a.statut = 'traitee' THEN COALESCE(${paris('a.traitee_at')}, ${paris('a.created_at')}) END AS done
           FROM survey_alerts a
          WHERE a.kind IN (${DISSATISFACTION_KINDS.map((k) => `'${k}'`).join(', ')}) AND a.created_at >= @start AND a.created_at < @end
       ),`
    : `survey(c, d, done) AS (SELECT NULL, NULL, NULL WHERE 0),`;
  return `WITH RECURSIVE
     days(d, prev) AS (
       SELECT (SELECT MIN(date) FROM churn_scores WHERE date >= @from), (SELECT MAX(date) FROM churn_scores WHERE date < @from)
       UNION ALL
       SELECT (SELECT MIN(date) FROM churn_scores WHERE date > days.d), days.d FROM days WHERE days.d IS NOT NULL AND days.d < @to
     ),
     high AS (
       SELECT s.client_id AS c, s.date AS d FROM churn_scores s
        WHERE s.risque = 'Élevé' AND s.date BETWEEN COALESCE((SELECT MAX(date) FROM churn_scores WHERE date < @from), @from) AND @to
     ),
     churn(c, d) AS (
       SELECT c, d FROM high WHERE d >= @from
       EXCEPT
       SELECT high.c, days.d FROM high JOIN days ON days.prev = high.d
     ),
     ${survey}
     alerted AS (
       SELECT c, MIN(d) AS a, MAX(kind = 'churn') AS churn, MAX(kind = 'survey') AS survey
         FROM (SELECT c, d, 'churn' AS kind FROM churn UNION ALL SELECT c, d, 'survey' FROM survey)
        GROUP BY c
     ),
     cohort AS (
       SELECT al.c, al.a, MIN(date(al.a, '+' || @days || ' days'), @asOf) AS o, al.churn, al.survey
         FROM alerted al JOIN dim_clients cl ON cl.client_id = al.c
        WHERE @zone IS NULL OR cl.zone_id = @zone
     ),
     judged AS MATERIALIZED (
       SELECT co.churn, co.survey,
              (EXISTS (SELECT 1 FROM churn_actions x WHERE x.client_id = co.c AND x.action IN ('appel', 'offre') AND x.at >= @start
                         AND ${paris('x.at')} BETWEEN co.a AND co.o)
               OR EXISTS (SELECT 1 FROM survey sv WHERE sv.c = co.c AND sv.done BETWEEN co.a AND co.o)) AS acted,
              (SELECT k.montant_annuel FROM fact_contrats k
                WHERE k.client_id = co.c AND k.date_debut <= co.a AND k.date_fin >= co.a AND (k.date_resiliation IS NULL OR k.date_resiliation > co.a)
                ORDER BY k.date_debut DESC LIMIT 1) AS amount,
              EXISTS (SELECT 1 FROM fact_contrats k
                WHERE k.client_id = co.c AND k.date_debut <= co.o AND k.date_fin >= co.o AND (k.date_resiliation IS NULL OR k.date_resiliation > co.o)) AS kept
         FROM cohort co
     )
     SELECT COALESCE(SUM(churn), 0) AS churn, COALESCE(SUM(survey), 0) AS survey,
            COALESCE(SUM(amount IS NOT NULL AND acted), 0) AS acted_n, COALESCE(SUM(amount IS NOT NULL AND acted AND kept), 0) AS acted_kept,
            COALESCE(SUM(amount IS NOT NULL AND NOT acted), 0) AS not_n, COALESCE(SUM(amount IS NOT NULL AND NOT acted AND kept), 0) AS not_kept,
            AVG(amount) AS average
       FROM judged`;
}

export function retention(db: Db, range: DayRange, asOfDay: string, f: Filter, c: RoiConfig): Retention {
  const asOf = minDate(range.to, asOfDay);
  const window: DayRange = { from: range.from, to: asOf };
  const surveyTable = hasTable(db, 'survey_alerts');
  const base = { range: window, asOf, horizonDays: c.retentionDays, surveyAlertsTable: surveyTable };
  const empty = { clients: 0, kept: 0, rate: null };
  if (f.technicienId !== null) {
    return { ...base, status: 'not_by_technician', alerts: { churn: 0, survey: surveyTable ? 0 : null }, acted: empty, notActed: empty, uplift: null, clientsKept: null, averageContract: null, eur: null };
  }
  const { start, end } = instants(window);
  const summer = summerTimes(Number(window.from.slice(0, 4)) - 1, Number(asOf.slice(0, 4)) + 1);
  const r = row<{ churn: number; survey: number; acted_n: number; acted_kept: number; not_n: number; not_kept: number; average: number | null }>(
    db,
    retentionSql(surveyTable, summer),
    { from: window.from, to: window.to, start, end, asOf, days: c.retentionDays, zone: f.zoneId },
  );
  const group = (clients: number, kept: number): RetentionGroup => ({ clients, kept, rate: clients > 0 ? kept / clients : null });
  const acted = group(r.acted_n, r.acted_kept);
  const notActed = group(r.not_n, r.not_kept);
  const averageContract = r.average;
  const alerts = { churn: r.churn, survey: surveyTable ? r.survey : null };
  if (acted.clients < MIN_GROUP || notActed.clients < MIN_GROUP || acted.rate === null || notActed.rate === null || averageContract === null) {
    return { ...base, status: 'not_enough_data', alerts, acted, notActed, uplift: null, clientsKept: null, averageContract, eur: null };
  }
  const uplift = acted.rate - notActed.rate;
  const clientsKept = uplift * acted.clients;
  return { ...base, status: 'measured', alerts, acted, notActed, uplift, clientsKept, averageContract, eur: clientsKept * averageContract };
}
