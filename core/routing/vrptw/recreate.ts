import type { VrptwData } from './data.ts';
import type { Rng } from '../rng.ts';
import { makeRoute, type Route } from './route.ts';

/** Probability of skipping a position while scanning (SISR's "blinks"): diversifies the greedy insertion. */
export const BLINK_RATE = 0.01;

/** Orders the customers to insert, one of SISR's sorts picked at random (random, demand, far, close, tight window). */
export function sortForInsertion(data: VrptwData, customers: number[], rng: Rng): void {
  const { n, dist, demand, ready, due } = data;
  const r = rng.int(13);
  if (r < 4) rng.shuffle(customers);
  else if (r < 8) customers.sort((a, b) => demand[b]! - demand[a]!);
  else if (r < 10) customers.sort((a, b) => dist[b * n]! - dist[a * n]!);
  else if (r < 11) customers.sort((a, b) => dist[a * n]! - dist[b * n]!);
  else customers.sort((a, b) => due[a]! - ready[a]! - (due[b]! - ready[b]!));
}

export interface Insertion {
  route: number;
  pos: number;
  delta: number;
}

/** Cheapest feasible position for `c` over all routes, O(1) per position (forward est, backward lst). */
export function cheapestInsertion(data: VrptwData, routes: Route[], c: number, rng: Rng | null, blink = BLINK_RATE): Insertion | null {
  const { n, dist, time, ready, due, service, demand, capacity } = data;
  const readyC = ready[c]!;
  const dueC = due[c]!;
  const serviceC = service[c]!;
  const cRow = c * n;
  let best: Insertion | null = null;
  let bestDelta = Infinity;
  for (let r = 0; r < routes.length; r++) {
    const route = routes[r]!;
    if (route.load + demand[c]! > capacity) continue;
    const nodes = route.nodes;
    const len = nodes.length;
    let prev = 0;
    let depart = ready[0]! + service[0]!;
    for (let i = 0; i <= len; i++) {
      if (depart > dueC) break;
      const next = i < len ? nodes[i]! : 0;
      if (rng === null || rng.next() >= blink) {
        const delta = dist[prev * n + c]! + dist[cRow + next]! - dist[prev * n + next]!;
        if (delta < bestDelta) {
          const startC = Math.max(depart + time[prev * n + c]!, readyC);
          if (startC <= dueC && startC + serviceC + time[cRow + next]! <= (i < len ? route.lst[i]! : due[0]!)) {
            bestDelta = delta;
            best = { route: r, pos: i, delta };
          }
        }
      }
      if (i < len) {
        depart = route.est[i]! + service[next]!;
        prev = next;
      }
    }
  }
  return best;
}

/**
 * Greedy insertion with blinks: inserts `customers` (sorted by one of SISR's orders) at their cheapest
 * feasible position, opens a route when none fits and fewer than `maxRoutes` are used. Mutates `routes`;
 * returns the customers left out.
 */
export function recreate(data: VrptwData, routes: Route[], customers: number[], rng: Rng, maxRoutes: number): number[] {
  sortForInsertion(data, customers, rng);
  const absent: number[] = [];
  for (const c of customers) {
    const ins = cheapestInsertion(data, routes, c, rng);
    if (ins) {
      const nodes = routes[ins.route]!.nodes.slice();
      nodes.splice(ins.pos, 0, c);
      routes[ins.route] = makeRoute(data, nodes);
      continue;
    }
    if (routes.length < maxRoutes) {
      const alone = makeRoute(data, [c]);
      if (alone.feasible) {
        routes.push(alone);
        continue;
      }
    }
    absent.push(c);
  }
  return absent;
}
