import { alphaValues } from './alpha.ts';
import { closedLength, greedyEdgeTour } from './construct.ts';
import { heldKarp } from './held-karp.ts';
import { localSearch } from './local-search.ts';
import { toMatrix } from './matrix.ts';
import { candidateLists } from './neighbors.ts';
import { segmentDoubleBridge } from './ops/double-bridge.ts';
import { Rng } from '../rng.ts';
import { EPS, TourState } from './tour-state.ts';
import type { DistanceMatrix, SolveTspOptions, SolveTspResult } from './types.ts';

/** Candidate list size, of which the α-nearest (the rest: nearest by distance). */
const K = 10;
const K_ALPHA = 5;
/** Up to this size the tour is solved exactly by dynamic programming (a few ms at 15). */
export const EXACT_MAX_N = 15;

/**
 * Solves a symmetric TSP. Exact Held–Karp DP for n ≤ 15; otherwise a greedy-edge start, local
 * search (2-opt, Or-opt, Or-3opt on α-nearness + nearest-neighbour candidate lists with don't-look bits),
 * then iterated local search: segment double-bridge kick, local search around the kick, keep the result
 * when it is no longer, else go back. Runs until the time limit or maxIterations (or targetLength).
 * Deterministic for a given seed and maxIterations.
 */
export function solveTsp(dist: DistanceMatrix, options: SolveTspOptions = {}): SolveTspResult {
  const t0 = performance.now();
  const timeLimitMs = options.timeLimitMs ?? 1000;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const target = options.targetLength ?? Number.NEGATIVE_INFINITY;
  const { n, d } = toMatrix(dist, options.n);
  const done = (tour: ArrayLike<number>, iterations: number, method: 'exact' | 'ils'): SolveTspResult => ({
    tour: rotateToZero(Array.from(tour)),
    length: closedLength(d, n, tour),
    iterations,
    ms: performance.now() - t0,
    method,
  });

  if (n <= EXACT_MAX_N) return done(heldKarp(d, n).tour, 0, 'exact');

  const rng = new Rng(options.seed ?? 1);
  const k = Math.min(K, n - 1);
  const nb = candidateLists(d, n, k, alphaValues(d, n), K_ALPHA);
  const s = new TourState(d, n, nb, k, greedyEdgeTour(d, n, nb, k));
  s.pushAll();
  localSearch(s);
  s.reindex(); // exact length, no drift from summed gains

  const deadline = t0 + timeLimitMs;
  const saved = new Int32Array(n);
  let iterations = 0;
  while (iterations < maxIterations && s.length > target + EPS && performance.now() < deadline) {
    iterations++;
    saved.set(s.tour);
    const before = s.length;
    if (!segmentDoubleBridge(s, rng)) break;
    localSearch(s);
    if (s.length > before + EPS) s.restore(saved, before);
  }
  return done(s.tour, iterations, 'ils');
}

/** The same cyclic tour, starting at node 0. */
function rotateToZero(tour: number[]): number[] {
  const i = tour.indexOf(0);
  return i <= 0 ? tour : [...tour.slice(i), ...tour.slice(0, i)];
}
