import type { VrptwData } from '../vrptw/index.ts';
import { toMinutes } from './time.ts';
import type { DayParsed } from './types.ts';

/** The day as an engine problem: index 0 the base, 1..m the stops; distances in km, times in minutes since midnight. */
export function dayData(day: DayParsed): VrptwData {
  const points = [day.base, ...day.stops];
  const n = points.length;
  const dist = new Float64Array(n * n);
  const time = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const km = day.distanceKm(points[i]!, points[j]!);
      if (!Number.isFinite(km) || km < 0) throw new Error(`distanceKm a rendu ${km} entre les points ${i} et ${j}`);
      dist[i * n + j] = km;
      time[i * n + j] = (km / day.speedKmh) * 60;
    }
  }
  const start = toMinutes(day.start);
  const end = start + day.maxWorkMin;
  const stops = day.stops;
  const col = (base: number, f: (k: number) => number) => Float64Array.from({ length: n }, (_, k) => (k === 0 ? base : f(k - 1)));
  return {
    n,
    dist,
    time,
    ready: col(start, (k) => (stops[k]!.window ? toMinutes(stops[k]!.window!.from) : start)),
    due: col(end, (k) => (stops[k]!.window ? toMinutes(stops[k]!.window!.to) : end)),
    service: col(0, (k) => stops[k]!.serviceMin),
    demand: new Float64Array(n),
    capacity: Infinity,
    maxVehicles: 1,
    scale: 1,
    ids: Array.from({ length: n }, (_, k) => k),
  };
}
