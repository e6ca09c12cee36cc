/**
 * Quantile bins: each feature's values map to at most 255 bins (uint8) through sorted upper edges —
 * bin(x) = the first k with x ≤ edges[k], else edges.length — so "bin ≤ t" is "x ≤ edges[t]".
 */
import type { Matrix } from '../matrix.ts';

export const MAX_BINS = 255;

/** The upper edges of each feature: midpoints between distinct values, or between quantiles when there are more. */
export function fitBinEdges(X: Matrix, maxBins = MAX_BINS): Float64Array[] {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new Error(`maxBins must be in 2..${MAX_BINS}`);
  const out: Float64Array[] = [];
  const col = new Float64Array(X.rows);
  for (let j = 0; j < X.cols; j++) {
    for (let i = 0; i < X.rows; i++) col[i] = X.data[i * X.cols + j]!;
    col.sort();
    const distinct: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < col.length; i++) {
      if (distinct.length > 0 && distinct[distinct.length - 1] === col[i]) counts[counts.length - 1]!++;
      else {
        distinct.push(col[i]!);
        counts.push(1);
      }
    }
    const edges: number[] = [];
    if (distinct.length <= maxBins) {
      for (let k = 0; k + 1 < distinct.length; k++) edges.push((distinct[k]! + distinct[k + 1]!) / 2);
    } else {
      // walk the distinct values, cutting when the cumulated count passes the next quantile
      const step = col.length / maxBins;
      let cum = 0;
      let next = step;
      for (let k = 0; k + 1 < distinct.length && edges.length < maxBins - 1; k++) {
        cum += counts[k]!;
        if (cum >= next) {
          edges.push((distinct[k]! + distinct[k + 1]!) / 2);
          while (next <= cum) next += step;
        }
      }
    }
    out.push(Float64Array.from(edges));
  }
  return out;
}

export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The binned matrix, feature-major: bin of row i, feature f at `f * rows + i`. */
export function binMatrix(X: Matrix, edges: readonly Float64Array[]): Uint8Array {
  const out = new Uint8Array(X.rows * X.cols);
  for (let f = 0; f < X.cols; f++) {
    const e = edges[f]!;
    for (let i = 0; i < X.rows; i++) out[f * X.rows + i] = binOf(e, X.data[i * X.cols + f]!);
  }
  return out;
}
