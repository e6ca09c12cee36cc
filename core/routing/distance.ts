import haversine from 'haversine';
import { z } from 'zod';

/** A point on the map, in decimal degrees. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Road distance ≈ straight-line distance × this factor (winding valley roads around Annecy). */
export const DEFAULT_ROAD_FACTOR = 1.3;

const roadFactorSchema = z.coerce.number().min(1).max(3);

/** The road factor from `ROAD_FACTOR` (1 ≤ f ≤ 3), else 1.3. A bad value is an error naming the variable. */
export function roadFactorFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ROAD_FACTOR;
  if (raw === undefined || raw.trim() === '') return DEFAULT_ROAD_FACTOR;
  const parsed = roadFactorSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`ROAD_FACTOR must be a number between 1 and 3, got "${raw}"`);
  return parsed.data;
}

/** Great-circle distance in km. */
export function crowKm(a: LatLon, b: LatLon): number {
  return haversine({ latitude: a.lat, longitude: a.lon }, { latitude: b.lat, longitude: b.lon }, { unit: 'km' });
}

/** Estimated road distance in km: haversine × road factor. */
export function roadKm(a: LatLon, b: LatLon, factor: number = DEFAULT_ROAD_FACTOR): number {
  return crowKm(a, b) * factor;
}
