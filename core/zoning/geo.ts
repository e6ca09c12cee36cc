import { crowKm } from '../routing/distance.ts';

/** A point on the map, in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_EQUATOR = 111.32;

/**
 * A local flat projection in km (equirectangular around a reference latitude): accurate to well under 1 %
 * over a département, and what K-means needs (Euclidean distances that mean the same north–south and east–west).
 */
export interface Plane {
  toXY(p: LatLon): [number, number];
  toLatLon(xy: readonly number[]): LatLon;
}

export function planeAround(points: readonly LatLon[]): Plane {
  const lat0 = points.reduce((s, p) => s + p.lat, 0) / Math.max(1, points.length);
  const lon0 = points.reduce((s, p) => s + p.lon, 0) / Math.max(1, points.length);
  const kx = Math.cos((lat0 * Math.PI) / 180) * KM_PER_DEG_LON_EQUATOR;
  return {
    toXY: (p) => [(p.lon - lon0) * kx, (p.lat - lat0) * KM_PER_DEG_LAT],
    toLatLon: ([x, y]) => ({ lat: lat0 + (y ?? 0) / KM_PER_DEG_LAT, lon: lon0 + (x ?? 0) / kx }),
  };
}

/** Great-circle km (the zone statistics are stated in real km). */
export const distanceKm = (a: LatLon, b: LatLon): number => crowKm(a, b);

/** The mean position of points (their centre); (0, 0) for none. */
export function meanPoint(points: readonly LatLon[]): LatLon {
  if (points.length === 0) return { lat: 0, lon: 0 };
  return { lat: points.reduce((s, p) => s + p.lat, 0) / points.length, lon: points.reduce((s, p) => s + p.lon, 0) / points.length };
}
