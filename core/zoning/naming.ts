import { distanceKm, type LatLon } from './geo.ts';
import type { ZoneStats } from './types.ts';

/** A zone as it is in dim_zones before re-zoning. */
export interface ExistingZone {
  zoneId: number;
  name: string;
  centre: LatLon;
  radiusKm: number;
  technicienAffecte: number | null;
}

/** A new zone takes over an existing one only within this distance of its centre (or the existing radius if larger). */
export const MATCH_MIN_KM = 3;

/** What a new zone becomes in dim_zones. */
export interface ZoneIdentity {
  /** 0-based index in the zoning */
  index: number;
  /** 1..k */
  zoneId: number;
  name: string;
  /** the existing zone it takes over (name, technician), null for a new one */
  from: ExistingZone | null;
  /** km from the new centre to that existing zone's centre */
  shiftKm: number | null;
  technicienAffecte: number | null;
}

/**
 * Ids and names of the new zones. Each new zone takes over the nearest existing zone (pairs matched greedily,
 * closest first, each existing zone at most once, and only when the new centre lies within the existing
 * zone's radius or 3 km): its name and technician, and its id when that id is in 1..k. The other zones get the free ids of 1..k and the name of their main town (a number added when that
 * name is taken). `reserved` are names that stay in use (existing zones kept beyond k).
 */
export function nameZones(zones: readonly ZoneStats[], existing: readonly ExistingZone[], reserved: ReadonlySet<string> = new Set()): ZoneIdentity[] {
  const k = zones.length;
  const pairs = zones
    .flatMap((z) => existing.map((e) => ({ z: z.index, e, d: distanceKm(z.centre, e.centre) })))
    .filter((p) => p.d <= Math.max(p.e.radiusKm, MATCH_MIN_KM));
  pairs.sort((a, b) => a.d - b.d || a.z - b.z || a.e.zoneId - b.e.zoneId);
  const match = new Map<number, { e: ExistingZone; d: number }>();
  const taken = new Set<number>();
  for (const p of pairs) {
    if (match.has(p.z) || taken.has(p.e.zoneId)) continue;
    match.set(p.z, { e: p.e, d: p.d });
    taken.add(p.e.zoneId);
  }
  const ids = new Map<number, number>();
  for (const [z, m] of match) if (m.e.zoneId >= 1 && m.e.zoneId <= k) ids.set(z, m.e.zoneId);
  const used = new Set(ids.values());
  const free = Array.from({ length: k }, (_, i) => i + 1).filter((id) => !used.has(id));
  for (const z of zones) if (!ids.has(z.index)) ids.set(z.index, free.shift()!);

  const names = new Set(reserved);
  const out = zones.map((z): ZoneIdentity => {
    const m = match.get(z.index);
    if (m) names.add(m.e.name);
    return { index: z.index, zoneId: ids.get(z.index)!, name: m?.e.name ?? '', from: m?.e ?? null, shiftKm: m ? Math.round(m.d * 10) / 10 : null, technicienAffecte: m?.e.technicienAffecte ?? null };
  });
  for (const id of out) {
    if (id.name !== '') continue;
    const town = zones[id.index]!.mainTown ?? `Zone ${id.zoneId}`;
    let name = town;
    for (let n = 2; names.has(name); n++) name = `${town} ${n}`;
    names.add(name);
    id.name = name;
  }
  return out.sort((a, b) => a.zoneId - b.zoneId);
}
