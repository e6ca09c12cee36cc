import type { DistanceMatrix } from './types.ts';

/** The distances as a Float64Array n×n (copied, so the solver never depends on the caller's array). */
export function toMatrix(dist: DistanceMatrix, nHint?: number): { n: number; d: Float64Array } {
  if (typeof dist === 'function') {
    if (nHint === undefined || !Number.isInteger(nHint) || nHint < 1) throw new Error('solveTsp: options.n (a positive integer) is required when dist is a function');
    const n = nHint;
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = i === j ? 0 : dist(i, j);
    return { n, d: checked(d) };
  }
  const n = Math.round(Math.sqrt(dist.length));
  if (n * n !== dist.length || n < 1) throw new Error(`solveTsp: the matrix has ${dist.length} entries, not n×n`);
  if (nHint !== undefined && nHint !== n) throw new Error(`solveTsp: options.n is ${nHint} but the matrix is ${n}×${n}`);
  return { n, d: checked(Float64Array.from(dist)) };
}

function checked(d: Float64Array): Float64Array {
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) throw new Error(`solveTsp: distance #${i} is not a finite number (${d[i]})`);
  }
  return d;
}
