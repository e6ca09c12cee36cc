/**
 * ROI ("gains du projet"): what the system saved, measured from the warehouse, next to the seed's targets.
 *
 * Measured: km saved by the optimised tours against the planned order, Σ (km_plan_initial − km_parcourus),
 * × the cost per km (config) — a measurement of km, an estimate of € (the cost per km is an assumption).
 * Estimated: the driving time those km represent (km / average speed × technician hourly cost).
 * Not measurable yet: planner hours saved by accepted plans (planning module) and clients kept after a churn
 * or dissatisfaction alert was acted on (churn module): the warehouse does not record them yet, so the card
 * says so instead of inventing a figure.
 */
import type { Db } from '../warehouse/db.ts';
import type { KpiConfig } from './config.ts';
import { ROI_TARGETS } from './config.ts';
import { rollingYear } from './period.ts';
import { params, row, whereScope, type Filter, type KpiScope, type Range } from './sql.ts';

export interface KmSaved {
  /** Σ km_plan_initial over the interventions that have one */
  kmPlan: number;
  /** Σ km_parcourus over the same interventions */
  kmDriven: number;
  /** kmPlan − kmDriven */
  kmSaved: number;
  interventions: number;
}

export function kmSaved(db: Db, range: Range, f: Filter): KmSaved {
  const r = row<{ kp: number | null; kd: number | null; n: number }>(
    db,
    `SELECT SUM(fi.km_plan_initial) AS kp, SUM(fi.km_parcourus) AS kd, COUNT(*) AS n FROM fact_interventions fi
      WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.km_plan_initial IS NOT NULL AND ${whereScope('fi')}`,
    params(range, f),
  );
  const kp = r.kp ?? 0;
  const kd = r.kd ?? 0;
  return { kmPlan: kp, kmDriven: kd, kmSaved: kp - kd, interventions: r.n };
}

export interface Saving {
  km: number;
  /** € of vehicle cost: km × cost per km (estimate: the cost per km is an assumption) */
  vehicleEur: number;
  /** hours of driving saved (estimate: km / average speed) */
  hours: number;
  /** € of technician time: hours × hourly cost (estimate) */
  timeEur: number;
  totalEur: number;
}

export function saving(k: KmSaved, c: KpiConfig): Saving {
  const vehicleEur = k.kmSaved * c.costPerKm;
  const hours = k.kmSaved / c.averageSpeedKmh;
  const timeEur = hours * c.technicianHourlyCost;
  return { km: k.kmSaved, vehicleEur, hours, timeEur, totalEur: vehicleEur + timeEur };
}

export interface RoiReport {
  period: Saving & KmSaved;
  year: Saving & KmSaved;
  /** yearly targets of the seed, € */
  targets: typeof ROI_TARGETS;
  /** tours (zoning + planning targets) reached: year total / (zoning + planning) */
  toursVsTarget: number;
  config: KpiConfig;
  /** what the warehouse cannot measure yet */
  notMeasured: readonly ('planner_hours' | 'retention')[];
}

export function roiReport(db: Db, s: KpiScope, config: KpiConfig): RoiReport {
  const p = kmSaved(db, s.period, s);
  const y = kmSaved(db, rollingYear(s.period), s);
  const year = { ...y, ...saving(y, config) };
  return {
    period: { ...p, ...saving(p, config) },
    year,
    targets: ROI_TARGETS,
    toursVsTarget: year.totalEur / (ROI_TARGETS.zoning + ROI_TARGETS.planning),
    config,
    notMeasured: ['planner_hours', 'retention'],
  };
}
