import { parisDate } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import { applyZoning, lastInterventionDay, loadZonePoints, planZoneWrite, type ZoneWritePlan } from './store.ts';
import type { ZonePoint, Zoning, ZoningOptions } from './types.ts';
import { zonePoints } from './zone.ts';

export { balanceReport, balanceZones, neighbours, zoneLoads } from './balance.ts';
export { planeAround, type LatLon } from './geo.ts';
export { clusterPoints } from './kmeans.ts';
export { nameZones, type ExistingZone, type ZoneIdentity } from './naming.ts';
export { applyZoning, lastInterventionDay, loadExistingZones, loadZonePoints, OPEN_PLANNED_STATUSES, planZoneWrite, type RetiredZone, type ZoneWritePlan } from './store.ts';
export type { BalanceReport, ZonePoint, ZoneStats, Zoning, ZoningOptions } from './types.ts';
export { percentile, zonePoints, zoneStats } from './zone.ts';

export interface ZoningRun {
  /** the end of the 12 months of workload */
  today: string;
  points: ZonePoint[];
  zoning: Zoning;
  plan: ZoneWritePlan;
  /** false for a dry run */
  written: boolean;
}

/**
 * Zones the warehouse's clients (K-means, optionally workload-balanced) and, unless `dryRun`, writes them:
 * dim_zones 1..k, dim_clients.zone_id, open planned interventions. `today` (default: the day of the last
 * intervention recorded, else the real today) ends the 12 months of planned minutes.
 */
export function runZoning(db: Db, options: ZoningOptions & { today?: string; dryRun?: boolean }): ZoningRun {
  const today = options.today ?? lastInterventionDay(db) ?? parisDate(new Date());
  const points = loadZonePoints(db, today);
  if (points.length === 0) throw new Error('aucun client à zoner : le warehouse est vide (sav demo ou sav etl d’abord)');
  const zoning = zonePoints(points, options);
  const plan = planZoneWrite(db, zoning, points);
  if (!options.dryRun) applyZoning(db, zoning, points, plan);
  return { today, points, zoning, plan, written: !options.dryRun };
}
