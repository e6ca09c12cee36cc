/** Distances between n nodes: a row-major n×n matrix, or a function d(i, j) (then `n` must be given). */
export type DistanceMatrix = Int32Array | Float64Array | ((i: number, j: number) => number);

export interface SolveTspOptions {
  /** Wall-clock budget for the search, from the call (default 1000 ms). */
  readonly timeLimitMs?: number;
  /** Seed of the search's PRNG (default 1): same seed + same maxIterations → same tour. */
  readonly seed?: number;
  /** Stop after this many perturbation rounds (for exact reproducibility, whatever the machine's speed). */
  readonly maxIterations?: number;
  /** Number of nodes; required when `dist` is a function, checked against the matrix otherwise. */
  readonly n?: number;
  /** Stop as soon as a tour of this length (or shorter) is found, e.g. a known optimum. */
  readonly targetLength?: number;
}

export interface SolveTspResult {
  /** 0-based node indices, a permutation of 0..n-1 starting at node 0. */
  readonly tour: number[];
  readonly length: number;
  /** Perturbation rounds done (0 for exact or trivial cases). */
  readonly iterations: number;
  readonly ms: number;
  /** 'exact' when solved by dynamic programming (proven optimal), 'ils' otherwise. */
  readonly method: 'exact' | 'ils';
}
