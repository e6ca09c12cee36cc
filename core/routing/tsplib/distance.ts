import type { EdgeWeightType } from './types.ts';

/** TSPLIB's nint: round half up, `(int)(x + 0.5)` for the non-negative distances it is used on. */
export function nint(x: number): number {
  return Math.floor(x + 0.5);
}

/** EUC_2D: nint of the Euclidean distance. */
export function euc2d(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x1 - x2;
  const dy = y1 - y2;
  return nint(Math.sqrt(dx * dx + dy * dy));
}

/** CEIL_2D: the Euclidean distance rounded up. */
export function ceil2d(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x1 - x2;
  const dy = y1 - y2;
  return Math.ceil(Math.sqrt(dx * dx + dy * dy));
}

/** ATT (pseudo-Euclidean): r = sqrt((dx²+dy²)/10), t = nint(r), d = t < r ? t + 1 : t. */
export function att(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x1 - x2;
  const dy = y1 - y2;
  const r = Math.sqrt((dx * dx + dy * dy) / 10);
  const t = nint(r);
  return t < r ? t + 1 : t;
}

/** TSPLIB's value of PI for GEO (TSPLIB95 documentation). */
const GEO_PI = 3.141592;
/** TSPLIB's idealised Earth radius in km. */
const GEO_RADIUS = 6378.388;

/** A GEO coordinate DDD.MM (degrees.minutes) in radians: the degrees are truncated, not rounded (TSPLIB FAQ). */
export function geoRadians(v: number): number {
  const deg = Math.trunc(v);
  const min = v - deg;
  return (GEO_PI * (deg + (5.0 * min) / 3.0)) / 180.0;
}

/** GEO distance in km between (lat1, lon1) and (lat2, lon2) given as DDD.MM, truncated as TSPLIB does. */
export function geo(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return geoFromRadians(geoRadians(lat1), geoRadians(lon1), geoRadians(lat2), geoRadians(lon2));
}

/** GEO distance from coordinates already converted by `geoRadians`. */
export function geoFromRadians(la1: number, lo1: number, la2: number, lo2: number): number {
  const q1 = Math.cos(lo1 - lo2);
  const q2 = Math.cos(la1 - la2);
  const q3 = Math.cos(la1 + la2);
  // Clamped: identical points would otherwise give acos(1 + ε) = NaN.
  const c = Math.min(1, Math.max(-1, 0.5 * ((1 + q1) * q2 - (1 - q1) * q3)));
  return Math.trunc(GEO_RADIUS * Math.acos(c) + 1.0);
}

/** The TSPLIB distance function for a coordinate edge-weight type. */
export function coordDistance(type: Exclude<EdgeWeightType, 'EXPLICIT'>): (x1: number, y1: number, x2: number, y2: number) => number {
  switch (type) {
    case 'EUC_2D':
      return euc2d;
    case 'CEIL_2D':
      return ceil2d;
    case 'ATT':
      return att;
    case 'GEO':
      return geo;
  }
}
