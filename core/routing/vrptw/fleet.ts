import type { VrptwData } from './data.ts';
import type { Budget } from './budget.ts';
import type { Rng } from '../rng.ts';
import { recreate } from './recreate.ts';
import { ruinStrings } from './ruin.ts';
import { solution, type Solution } from './solution.ts';

/**
 * Route minimisation (SISR's fleet phase): removes a route, then ruins and recreates with one route fewer
 * until every customer is back. A candidate is kept when it leaves fewer customers out, or customers that
 * have been out less often (absence counters push the search towards the hard customers).
 */
export function minimiseFleet(data: VrptwData, start: Solution, neighbours: Int32Array[], rng: Rng, budget: Budget, lowerBound: number): Solution {
  let best = start;
  const absence = new Float64Array(data.n);
  const weight = (absent: number[]) => absent.reduce((s, c) => s + absence[c]!, 0);
  while (best.routes.length > lowerBound && !budget.done()) {
    const drop = rng.int(best.routes.length);
    const target = best.routes.length - 1;
    let cur = solution(
      best.routes.filter((_, r) => r !== drop),
      [...best.absent, ...best.routes[drop]!.nodes],
    );
    let reached = false;
    while (!budget.done()) {
      budget.tick();
      const { routes, removed } = ruinStrings(data, cur.routes, neighbours, rng);
      const absent = recreate(data, routes, [...removed, ...cur.absent], rng, target);
      if (absent.length < cur.absent.length || weight(absent) < weight(cur.absent)) cur = solution(routes, absent);
      for (const c of cur.absent) absence[c]!++;
      if (cur.absent.length <= best.absent.length) {
        reached = true;
        break;
      }
    }
    if (!reached) break;
    best = cur;
  }
  return best;
}
