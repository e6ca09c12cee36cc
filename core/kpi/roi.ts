/**
 * ROI ("gains du projet"): what the system saved, measured from the warehouse, next to the seed's targets
 * (zoning 15 k€, retention 20 k€, planning 10 k€ a year), for the period and the rolling year.
 *
 * - Tours (zoning target): km saved by the optimised tours against the planned order, Σ (km_plan_initial −
 *   km_parcourus) — measured km; € and driving hours estimated from the cost per km, the average speed and the
 *   technician hourly cost (config).
 * - Planning (planning target): planner hours saved by accepted weekly plans — jobs placed × minutes per job −
 *   time spent deciding, × planner hourly cost (roi-planner.ts).
 * - Retention (retention target): clients kept after a churn or dissatisfaction alert was acted on against those
 *   whose alert was not, over the rolling year, turned into € with the mean yearly contract (roi-retention.ts);
 *   "not enough data" below 5 clients in either group.
 */
import type { Db } from '../warehouse/db.ts';
import type { KpiConfig } from './config.ts';
import { ROI_TARGETS } from './config.ts';
import { rollingYear } from './period.ts';
import { DEFAULT_ROI_CONFIG, loadRoiConfig, type RoiConfig } from './roi-config.ts';
import { plannerSaving, type PlannerSaving } from './roi-planner.ts';
import { retention, type Retention } from './roi-retention.ts';
import { minDate, params, row, whereScope, type Filter, type KpiScope, type Range } from './sql.ts';

export type { PlannerSaving } from './roi-planner.ts';
export type { Retention, RetentionGroup, RetentionStatus } from './roi-retention.ts';
export { MIN_GROUP } from './roi-retention.ts';
export { DEFAULT_ROI_CONFIG, loadRoiConfig, type RoiConfig } from './roi-config.ts';

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
  /** planner hours saved by the plans accepted in the period and in the rolling year */
  planner: { period: PlannerSaving; year: PlannerSaving };
  /** clients kept after an alert was acted on: alerts of the rolling year, read up to the period's end (or today) */
  retention: Retention;
  /** yearly targets of the seed, € */
  targets: typeof ROI_TARGETS;
  /** tours (zoning + planning targets) reached: year total / (zoning + planning) — kept for older views, see vsTarget */
  toursVsTarget: number;
  /** each measured line over the rolling year / its own yearly target (null when not measured) */
  vsTarget: { tours: number; planner: number; retention: number | null; total: number };
  /** € over the rolling year: tours + planner + retention (retention counted only when measured) */
  totalEur: number;
  config: KpiConfig & RoiConfig;
}

/**
 * The ROI of a scope. The planner and retention assumptions not given in `config` are read from the environment
 * (roi-config.ts), so a caller passing the KPI config alone still gets them.
 */
export function roiReport(db: Db, s: KpiScope, kpiConfig: KpiConfig & Partial<RoiConfig>): RoiReport {
  const given = definedOnly(kpiConfig);
  const complete = (Object.keys(DEFAULT_ROI_CONFIG) as (keyof RoiConfig)[]).every((k) => k in given);
  const config: KpiConfig & RoiConfig = { ...(complete ? DEFAULT_ROI_CONFIG : loadRoiConfig()), ...given };
  const yearRange = rollingYear(s.period);
  const p = kmSaved(db, s.period, s);
  const y = kmSaved(db, yearRange, s);
  const year = { ...y, ...saving(y, config) };
  const planner = { period: plannerSaving(db, s.period, s, config), year: plannerSaving(db, yearRange, s, config) };
  const kept = retention(db, yearRange, minDate(s.period.to, s.today), s, config);
  const totalEur = year.totalEur + planner.year.eur + (kept.eur ?? 0);
  return {
    period: { ...p, ...saving(p, config) },
    year,
    planner,
    retention: kept,
    targets: ROI_TARGETS,
    toursVsTarget: year.totalEur / (ROI_TARGETS.zoning + ROI_TARGETS.planning),
    vsTarget: {
      tours: year.totalEur / ROI_TARGETS.zoning,
      planner: planner.year.eur / ROI_TARGETS.planning,
      retention: kept.eur === null ? null : kept.eur / ROI_TARGETS.retention,
      total: totalEur / (ROI_TARGETS.zoning + ROI_TARGETS.planning + ROI_TARGETS.retention),
    },
    totalEur,
    config,
  };
}

/** The keys whose value is not undefined (an explicit `undefined` must not hide the environment's value). */
function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
