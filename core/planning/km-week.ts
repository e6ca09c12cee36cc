import { addDays, format, getISOWeek, getISOWeekYear, isValid, parse, parseISO } from 'date-fns';
import type { Db } from '../warehouse/db.ts';
import { stmt } from '../warehouse/statements.ts';

/** The seed's promise: optimised tours drive 20 % fewer km than the unoptimised planned order. */
export const KM_GOAL_PCT = -20;

/** Km driven in one ISO week against the unoptimised plan (fact_interventions). */
export interface KmWeek {
  /** `YYYY-Www` */
  week: string;
  /** Monday and Sunday of the week, `YYYY-MM-DD` */
  from: string;
  to: string;
  /** null = the whole team */
  technicienId: number | null;
  interventions: number;
  /** km driven (km_parcourus), every intervention of the week */
  km: number;
  /** over the interventions that have a km_plan_initial: km driven and km of the planned order */
  kmCompared: number;
  kmPlan: number;
  /** (kmCompared − kmPlan) / kmPlan × 100, one decimal; null without a plan to compare with */
  deltaPct: number | null;
  /** deltaPct ≤ KM_GOAL_PCT */
  goalMet: boolean | null;
}

const WEEK = /^(\d{4})-W(\d{2})$/;

/** The ISO week `YYYY-Www` of a date `YYYY-MM-DD`. */
export function isoWeekOf(isoDate: string): string {
  const d = parseISO(isoDate);
  if (!isValid(d)) throw new Error(`not an ISO date: ${isoDate}`);
  return `${getISOWeekYear(d)}-W${String(getISOWeek(d)).padStart(2, '0')}`;
}

/** Monday and Sunday of an ISO week `YYYY-Www`; an unknown week is an error. */
export function isoWeekDays(week: string): { from: string; to: string } {
  const m = WEEK.exec(week);
  const monday = m ? parse(week, "RRRR-'W'II", new Date(2000, 0, 1)) : null;
  if (!m || !monday || !isValid(monday) || isoWeekOf(format(monday, 'yyyy-MM-dd')) !== week) throw new Error(`not an ISO week YYYY-Www: ${week}`);
  return { from: format(monday, 'yyyy-MM-dd'), to: format(addDays(monday, 6), 'yyyy-MM-dd') };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Km per week against the −20 % goal: km driven (km_parcourus) and km of the unoptimised planned order
 * (km_plan_initial) of the interventions done that ISO week, for one technician or the team (null).
 */
export function kmWeek(db: Db, technicienId: number | null, isoWeek: string): KmWeek {
  const { from, to } = isoWeekDays(isoWeek);
  const row = stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(km_parcourus), 0) AS km,
              COALESCE(SUM(CASE WHEN km_plan_initial IS NOT NULL THEN km_parcourus END), 0) AS km_compared,
              COALESCE(SUM(km_plan_initial), 0) AS km_plan
         FROM fact_interventions
        WHERE date_id BETWEEN ? AND ? AND (? IS NULL OR technicien_id = ?)`,
  ).get(Number(from.replaceAll('-', '')), Number(to.replaceAll('-', '')), technicienId, technicienId) as { n: number; km: number; km_compared: number; km_plan: number };
  const deltaPct = row.km_plan > 0 ? round1(((row.km_compared - row.km_plan) / row.km_plan) * 100) : null;
  return {
    week: isoWeek,
    from,
    to,
    technicienId,
    interventions: row.n,
    km: round1(row.km),
    kmCompared: round1(row.km_compared),
    kmPlan: round1(row.km_plan),
    deltaPct,
    goalMet: deltaPct === null ? null : deltaPct <= KM_GOAL_PCT,
  };
}
