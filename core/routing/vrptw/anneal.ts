import type { VrptwData } from './data.ts';
import type { Budget } from './budget.ts';
import type { Rng } from '../rng.ts';
import { recreate } from './recreate.ts';
import { ruinStrings } from './ruin.ts';
import { compare, solution, type Solution } from './solution.ts';

export interface AnnealOptions {
  maxRoutes: number;
  countVehicles: boolean;
  /** Start and final temperatures, in internal distance units. */
  t0: number;
  tf: number;
  /**
   * Cost of leaving a customer out while searching (the best solution kept never leaves more out than the
   * start). Infinity: a solution leaving more customers out than the current one is never accepted.
   */
  absentPenalty: number;
}

/**
 * Ruin and recreate under simulated annealing. Fewer vehicles (when counted) always win; among equals the
 * cost is distance + absentPenalty × customers left out, and a costlier candidate is accepted when
 * c' < c − T·ln U. Customers left out on the way let a tight fleet move through nearly feasible solutions.
 */
export function anneal(data: VrptwData, start: Solution, neighbours: Int32Array[], rng: Rng, budget: Budget, opts: AnnealOptions): Solution {
  let cur = start;
  let best = start;
  const cost = (s: Solution) => (s.absent.length === 0 ? s.dist : s.dist + opts.absentPenalty * s.absent.length);
  const lexicographic = opts.absentPenalty === Infinity;
  while (!budget.done()) {
    budget.tick();
    const t = opts.t0 * Math.pow(opts.tf / opts.t0, budget.progress());
    const { routes, removed } = ruinStrings(data, cur.routes, neighbours, rng);
    const absent = recreate(data, routes, [...removed, ...cur.absent], rng, opts.maxRoutes);
    const cand = solution(routes, absent);
    const sameFleet = !opts.countVehicles || cand.routes.length === cur.routes.length;
    const sameClass = sameFleet && (!lexicographic || cand.absent.length === cur.absent.length);
    if (sameClass ? cost(cand) < cost(cur) - t * Math.log(rng.next()) : compare(cand, cur, opts.countVehicles) < 0) cur = cand;
    if (compare(cur, best, opts.countVehicles) < 0) best = cur;
  }
  return best;
}
