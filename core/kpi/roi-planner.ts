/**
 * Planner hours saved by accepted weekly plans (issue 8 §3), measured from `plan_suggestions` and `plan_lines`.
 *
 * Model, for the plans decided in a range of days (Europe/Paris):
 * - jobs placed = the distinct interventions that accepted plans put on a technician's day (a job re-planned by a
 *   later accepted plan counts once: placing it by hand once is what the plan saved);
 * - manual minutes = jobs placed × SAV_PLANNER_MINUTES_PER_JOB (what placing them by hand would have cost);
 * - review minutes = Σ over the plans decided (accepted and rejected: a rejected suggestion cost time too) of
 *   min(decided_at − created_at, SAV_PLANNER_REVIEW_MINUTES) — the planner cannot have spent longer than the time
 *   the suggestion waited, and the cap stops a plan left unread over a weekend from counting as work;
 * - hours saved = (manual − review) / 60, € = hours × SAV_PLANNER_HOURLY_COST.
 * With a zone or technician filter, jobs are those of the zone (of the intervention) or the technician, and the
 * review time is shared pro rata of the jobs placed.
 */
import { TZDate } from '@date-fns/tz';
import { addDaysIso, TIME_ZONE } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import type { RoiConfig } from './roi-config.ts';
import { row, type Filter } from './sql.ts';

/** A range of Europe/Paris calendar days, inclusive. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export interface PlannerSaving {
  /** accepted plans decided in the range (with a filter: those that placed a job of the scope) */
  acceptedPlans: number;
  /** rejected plans decided in the range (whole company) */
  rejectedPlans: number;
  /** distinct interventions placed by the accepted plans, in the scope */
  jobsPlaced: number;
  /** jobsPlaced × minutes per job */
  manualMinutes: number;
  /** time spent deciding, capped per plan (pro rata of the jobs with a filter) */
  reviewMinutes: number;
  /** (manual − review) / 60 */
  hours: number;
  /** hours × planner hourly cost */
  eur: number;
}

/** The UTC instant (ISO, as `Date.toISOString()` writes) at which a Paris calendar day starts. */
export function parisDayStartUtc(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, TIME_ZONE).getTime()).toISOString();
}

/** The instants [start, end) of a range of Paris days, comparable as text with `toISOString()` values. */
export const instants = (r: DayRange): { start: string; end: string } => ({ start: parisDayStartUtc(r.from), end: parisDayStartUtc(addDaysIso(r.to, 1)) });

export function plannerSaving(db: Db, range: DayRange, f: Filter, c: RoiConfig): PlannerSaving {
  const { start, end } = instants(range);
  const decided = row<{ accepted: number | null; rejected: number | null; review: number | null }>(
    db,
    `SELECT SUM(p.statut = 'accepted') AS accepted, SUM(p.statut = 'rejected') AS rejected,
            SUM(MIN(MAX((CAST(strftime('%s', p.decided_at) AS INTEGER) - CAST(strftime('%s', p.created_at) AS INTEGER)) / 60.0, 0), @cap)) AS review
       FROM plan_suggestions p
      WHERE p.statut IN ('accepted', 'rejected') AND p.decided_at >= @start AND p.decided_at < @end`,
    { start, end, cap: c.plannerReviewMinutes },
  );
  const filtered = f.zoneId !== null || f.technicienId !== null;
  // the jobs the accepted plans put on a technician's day (the intervention's zone is read only for a zone filter)
  const placed = (zoneJoin: string): string => `FROM plan_suggestions p JOIN plan_lines l ON l.plan_id = p.plan_id ${zoneJoin}
      WHERE p.statut = 'accepted' AND p.decided_at >= @start AND p.decided_at < @end AND l.technicien_id IS NOT NULL`;
  const inScope = '(@zone IS NULL OR pi.zone_id = @zone) AND (@tech IS NULL OR l.technicien_id = @tech)';
  let jobs: { all_jobs: number; jobs: number; plans: number };
  if (filtered) {
    jobs = row(
      db,
      `SELECT COUNT(DISTINCT l.planned_id) AS all_jobs, COUNT(DISTINCT CASE WHEN ${inScope} THEN l.planned_id END) AS jobs,
              COUNT(DISTINCT CASE WHEN ${inScope} THEN l.plan_id END) AS plans
         ${placed('LEFT JOIN planned_interventions pi ON pi.planned_id = l.planned_id')}`,
      { start, end, zone: f.zoneId, tech: f.technicienId },
    );
  } else {
    const n = row<{ n: number }>(db, `SELECT COUNT(DISTINCT l.planned_id) AS n ${placed('')}`, { start, end }).n;
    jobs = { all_jobs: n, jobs: n, plans: decided.accepted ?? 0 };
  }
  const share = !filtered ? 1 : jobs.all_jobs > 0 ? jobs.jobs / jobs.all_jobs : 0;
  const manualMinutes = jobs.jobs * c.plannerMinutesPerJob;
  const reviewMinutes = (decided.review ?? 0) * share;
  const hours = (manualMinutes - reviewMinutes) / 60;
  return {
    acceptedPlans: jobs.plans,
    rejectedPlans: decided.rejected ?? 0,
    jobsPlaced: jobs.jobs,
    manualMinutes,
    reviewMinutes,
    hours,
    eur: hours * c.plannerHourlyCost,
  };
}
