import { z } from 'zod';
import { balanceReport, balanceZones, zoneLoads } from './balance.ts';
import { distanceKm, meanPoint, planeAround } from './geo.ts';
import { clusterPoints } from './kmeans.ts';
import type { ZonePoint, ZoneStats, Zoning, ZoningOptions } from './types.ts';

const optionsSchema = z.object({
  k: z.number().int().min(1).max(100),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  restarts: z.number().int().min(1).max(50).default(8),
  balanced: z.boolean().default(false),
  tolerance: z.number().min(0).max(1).default(0.05),
});

const pointSchema = z.object({
  id: z.number().int(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  minutes: z.number().min(0),
  ville: z.string().optional(),
});

/** Below this radius a zone's density is computed on 0.5 km (a zone of one building is not infinitely dense). */
const MIN_RADIUS_KM = 0.5;

/**
 * Zones for clients: K-means (seeded, best of `restarts`) on their positions in km, then, when `balanced`,
 * border clients moved from overloaded to less loaded neighbouring zones (planned minutes). Pure: the
 * database is read and written by `computeZoning`/`applyZoning`.
 */
export function zonePoints(points: readonly ZonePoint[], options: ZoningOptions): Zoning {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`zonage : option ${issue.path.join('.')} invalide : ${issue.message}`);
  }
  const bad = points.findIndex((p) => !pointSchema.safeParse(p).success);
  if (bad >= 0) throw new Error(`zonage : client ${points[bad]!.id} (position ${bad + 1}) invalide : ${pointSchema.safeParse(points[bad]).error!.issues[0]!.message}`);
  const { k, seed, restarts, balanced, tolerance } = parsed.data;
  const plane = planeAround(points);
  const xy = points.map((p) => plane.toXY(p));
  const weights = points.map((p) => p.minutes);
  const clusters = clusterPoints(xy, k, seed, restarts);
  const before = balanceReport(zoneLoads(weights, clusters.assignment, k));
  const { assignment, moved } = balanced
    ? balanceZones({ points: xy, weights, assignment: clusters.assignment, centres: clusters.centres, tolerance })
    : { assignment: clusters.assignment, moved: 0 };
  const after = balanced ? balanceReport(zoneLoads(weights, assignment, k)) : before;
  const zones = Array.from({ length: k }, (_, index) => zoneStats(index, points.filter((_, i) => assignment[i] === index)));
  return { k, seed, balanced, assignment, zones, before, after, moved, inertia: Math.round(clusters.inertia * 1000) / 1000 };
}

/** Centre (mean position), radius (90th percentile distance), density, minutes and main town of a zone. */
export function zoneStats(index: number, members: readonly ZonePoint[]): ZoneStats {
  const centre = meanPoint(members);
  const d = members.map((p) => distanceKm(p, centre)).sort((a, b) => a - b);
  const radiusKm = d.length === 0 ? 0 : Math.round(percentile(d, 0.9) * 10) / 10;
  const r = Math.max(radiusKm, MIN_RADIUS_KM);
  return {
    index,
    centre: { lat: round6(centre.lat), lon: round6(centre.lon) },
    radiusKm,
    clients: members.length,
    density: Math.round((members.length / (Math.PI * r * r)) * 1000) / 1000,
    minutes: members.reduce((s, p) => s + p.minutes, 0),
    mainTown: mainTown(members),
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Linear-interpolated percentile of sorted values (q in 0..1). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function mainTown(members: readonly ZonePoint[]): string | null {
  const counts = new Map<string, number>();
  for (const p of members) if (p.ville) counts.set(p.ville, (counts.get(p.ville) ?? 0) + 1);
  let best: string | null = null;
  for (const [ville, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && ville < best)) best = ville;
  return best;
}
