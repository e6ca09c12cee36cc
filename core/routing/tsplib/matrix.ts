import { coordDistance, geoFromRadians, geoRadians } from './distance.ts';
import type { TspInstance } from './types.ts';

/** The full n×n distance matrix of an instance (row-major, symmetric, zero diagonal), TSPLIB conventions. */
export function buildMatrix(inst: TspInstance): Float64Array {
  const n = inst.dimension;
  if (inst.edgeWeightType === 'EXPLICIT') {
    if (!inst.weights) throw new Error(`${inst.name}: EXPLICIT instance without weights`);
    return Float64Array.from(inst.weights);
  }
  const { x, y } = inst;
  if (!x || !y) throw new Error(`${inst.name}: ${inst.edgeWeightType} instance without coordinates`);
  const m = new Float64Array(n * n);
  if (inst.edgeWeightType === 'GEO') return geoMatrix(x, y, n, m);
  const f = coordDistance(inst.edgeWeightType);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = f(xi, yi, x[j]!, y[j]!);
      m[i * n + j] = d;
      m[j * n + i] = d;
    }
  }
  return m;
}

/** Length of a closed tour (0-based node indices) under an n×n matrix. */
export function tourLengthOf(m: Float64Array, n: number, tour: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < tour.length; i++) s += m[tour[i]! * n + tour[(i + 1) % tour.length]!]!;
  return s;
}

/** GEO: the same formula as `geo`, with each node's radians computed once (n² cos/acos instead of 4n²). */
function geoMatrix(x: Float64Array, y: Float64Array, n: number, m: Float64Array): Float64Array {
  const lat = x.map(geoRadians);
  const lon = y.map(geoRadians);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = geoFromRadians(lat[i]!, lon[i]!, lat[j]!, lon[j]!);
      m[i * n + j] = d;
      m[j * n + i] = d;
    }
  }
  return m;
}
