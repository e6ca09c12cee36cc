export type { DistanceMatrix, SolveTspOptions, SolveTspResult } from './types.ts';
export { solveTsp, EXACT_MAX_N } from './solve.ts';
export { heldKarp, HELD_KARP_MAX_N } from './held-karp.ts';
export { nearestNeighbourTour, greedyEdgeTour, closedLength } from './construct.ts';
export { plainTwoOpt } from './two-opt-baseline.ts';
export { toMatrix } from './matrix.ts';
export { Rng } from '../rng.ts';
