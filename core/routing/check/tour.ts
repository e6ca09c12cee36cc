/**
 * An independent tour checker (it shares no code with the solver): is `tour` a permutation of 0..n-1,
 * and is its closed length what the solver claims?
 */

/** Distances: a row-major n×n array, or a function d(i, j). */
export type TourDistances = ArrayLike<number> | ((i: number, j: number) => number);

export interface TourCheck {
  readonly ok: boolean;
  readonly errors: string[];
  /** The recomputed closed length (NaN when the tour is not a valid permutation). */
  readonly length: number;
}

/** Relative tolerance when comparing a claimed length with the recomputed one. */
const TOLERANCE = 1e-9;

export function checkTour(n: number, tour: readonly number[], dist: TourDistances, claimedLength?: number): TourCheck {
  const errors: string[] = [];
  if (!Number.isInteger(n) || n < 1) return { ok: false, errors: [`n must be a positive integer, got ${n}`], length: NaN };
  if (typeof dist !== 'function' && dist.length !== n * n) errors.push(`the matrix has ${dist.length} entries, expected ${n}×${n} = ${n * n}`);
  if (tour.length !== n) errors.push(`the tour has ${tour.length} nodes, expected ${n}`);
  const seen = new Map<number, number>();
  tour.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= n) errors.push(`position ${i}: node ${v} is not an integer in 0..${n - 1}`);
    else if (seen.has(v)) errors.push(`position ${i}: node ${v} already visited at position ${seen.get(v)}`);
    else seen.set(v, i);
  });
  const missing: number[] = [];
  for (let v = 0; v < n && missing.length < 5; v++) if (!seen.has(v)) missing.push(v);
  if (missing.length > 0) errors.push(`${n - seen.size} node(s) missing, e.g. ${missing.join(', ')}`);
  if (errors.length > 0) return { ok: false, errors, length: NaN };

  const at = typeof dist === 'function' ? dist : (i: number, j: number) => dist[i * n + j]!;
  let length = 0;
  for (let i = 0; i < n; i++) {
    const a = tour[i]!;
    const b = tour[(i + 1) % n]!;
    const dab = at(a, b);
    if (!Number.isFinite(dab)) errors.push(`edge ${a}–${b}: distance ${dab} is not finite`);
    length += dab;
  }
  if (claimedLength !== undefined && !(Math.abs(claimedLength - length) <= TOLERANCE * Math.max(1, Math.abs(length)))) {
    errors.push(`claimed length ${claimedLength} but the tour measures ${length}`);
  }
  return { ok: errors.length === 0, errors, length };
}
