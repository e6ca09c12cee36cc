/**
 * Technicians dashboard (the team, or one technician — a technician sees only their own): today's
 * interventions, km driven against the planned order (goal −20 %), mean duration per type, overrun rate, mean
 * satisfaction and its 12-month trend.
 *
 * km saved = 1 − km_parcourus / km_plan_initial, over the interventions that have a km_plan_initial (the km of
 * the unoptimised planned order of the day).
 */
import type { Db } from '../warehouse/db.ts';
import { periodOf, previousPeriod, rollingYear, trailing } from './period.ts';
import { meanSatisfaction, satisfactionByMonth } from './quality.ts';
import { params, ratio, row, rows, whereScope, type Filter, type KpiScope, type Range } from './sql.ts';
import type { Figure, Point } from './types.ts';

/** Interventions of a day: planned for it (not cancelled) and done that day without a planned row. */
export function interventionsOfDay(db: Db, day: string, f: Filter): { total: number; done: number } {
  const d = { from: day, to: day, fromId: Number(day.replaceAll('-', '')), toId: Number(day.replaceAll('-', '')) };
  const r = row<{ planned: number; done: number; unplanned: number }>(
    db,
    `SELECT
       (SELECT COUNT(*) FROM planned_interventions p WHERE p.date_prevue = @from AND p.statut <> 'annule' AND ${whereScope('p')}) AS planned,
       (SELECT COUNT(*) FROM fact_interventions fi WHERE fi.date_id = @fromId AND ${whereScope('fi')}) AS done,
       (SELECT COUNT(*) FROM fact_interventions fi WHERE fi.date_id = @fromId AND ${whereScope('fi')}
          AND NOT EXISTS (SELECT 1 FROM planned_interventions p WHERE p.intervention_id = fi.intervention_id)) AS unplanned`,
    params(d, f),
  );
  return { total: r.planned + r.unplanned, done: r.done };
}

export interface Km {
  /** km driven (every intervention of the range) */
  km: number;
  /** km driven and km of the planned order, over the interventions that have a planned order */
  kmCompared: number;
  kmPlan: number;
  /** 1 − kmCompared / kmPlan; null without a planned order */
  reduction: number | null;
}

export function km(db: Db, range: Range, f: Filter): Km {
  const r = row<{ km: number | null; kc: number | null; kp: number | null }>(
    db,
    `SELECT SUM(fi.km_parcourus) AS km,
            SUM(CASE WHEN fi.km_plan_initial IS NOT NULL THEN fi.km_parcourus END) AS kc, SUM(fi.km_plan_initial) AS kp
       FROM fact_interventions fi WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')}`,
    params(range, f),
  );
  const kp = r.kp ?? 0;
  const kc = r.kc ?? 0;
  return { km: r.km ?? 0, kmCompared: kc, kmPlan: kp, reduction: kp > 0 ? 1 - kc / kp : null };
}

/** km driven and km of the planned order per ISO week (`YYYY-Www`) over a range of weeks. */
export function kmByWeek(db: Db, range: Range, f: Filter): { week: string; km: number; kmPlan: number }[] {
  return rows<{ y: number; w: number; km: number; kp: number | null }>(
    db,
    `SELECT t.annee_iso AS y, t.semaine AS w, SUM(fi.km_parcourus) AS km, SUM(fi.km_plan_initial) AS kp
       FROM fact_interventions fi JOIN dim_temps t ON t.date_id = fi.date_id
      WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')} GROUP BY 1, 2 ORDER BY 1, 2`,
    params(range, f),
  ).map((r) => ({ week: `${r.y}-W${String(r.w).padStart(2, '0')}`, km: r.km, kmPlan: r.kp ?? 0 }));
}

export interface TypeDuration {
  code: string;
  libelle: string;
  /** mean real duration, minutes */
  mean: number;
  /** mean planned duration, minutes */
  planned: number;
  n: number;
}

export function durationByType(db: Db, range: Range, f: Filter): TypeDuration[] {
  return rows<{ code: string; libelle: string; mean: number; planned: number; n: number }>(
    db,
    `SELECT t.code, t.libelle, AVG(fi.duree_min) AS mean, AVG(fi.duree_prevue_min) AS planned, COUNT(*) AS n
       FROM fact_interventions fi JOIN dim_types_intervention t ON t.type_intervention_id = fi.type_intervention_id
      WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.duree_min IS NOT NULL AND ${whereScope('fi')}
      GROUP BY t.type_intervention_id ORDER BY t.type_intervention_id`,
    params(range, f),
  );
}

/** Share of the interventions (with a real duration) that took longer than planned (ecart_min > 0). */
export function overrunRate(db: Db, range: Range, f: Filter): number | null {
  const r = row<{ over: number | null; n: number }>(
    db,
    `SELECT SUM(fi.ecart_min > 0) AS over, COUNT(*) AS n FROM fact_interventions fi
      WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.ecart_min IS NOT NULL AND ${whereScope('fi')}`,
    params(range, f),
  );
  return ratio(r.over, r.n);
}

export interface TechniciansDashboard {
  today: { total: number; done: number };
  km: Figure & Km;
  kmWeeks: { week: string; km: number; kmPlan: number }[];
  durations: TypeDuration[];
  overrun: Figure;
  satisfaction: Figure;
  satisfactionTrend: Point[];
}

export function techniciansDashboard(db: Db, s: KpiScope): TechniciansDashboard {
  const prev = previousPeriod(s.period);
  const k = km(db, s.period, s);
  const weeks = trailing(periodOf(s.period.to, 'week'), 8);
  const w = { from: weeks[0]!.from, to: weeks[7]!.to, fromId: weeks[0]!.fromId, toId: weeks[7]!.toId };
  return {
    today: interventionsOfDay(db, s.today, s),
    km: { ...k, value: k.reduction, previous: km(db, prev, s).reduction },
    kmWeeks: kmByWeek(db, w, s),
    durations: durationByType(db, s.period, s),
    overrun: { value: overrunRate(db, s.period, s), previous: overrunRate(db, prev, s) },
    satisfaction: { value: meanSatisfaction(db, s.period, s), previous: meanSatisfaction(db, prev, s) },
    satisfactionTrend: satisfactionByMonth(db, rollingYear(s.period), s),
  };
}
