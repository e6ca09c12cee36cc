import type { VrptwData } from './data.ts';
import type { Rng } from '../rng.ts';
import { makeRoute, type Route } from './route.ts';

/** SISR parameters (Christiaens & Vanden Berghe, 2020): mean customers removed, longest string. */
export const MEAN_REMOVED = 10;
export const MAX_STRING = 10;

/** For each customer, every customer sorted by distance (itself first). */
export function neighbourLists(data: VrptwData): Int32Array[] {
  const { n, dist } = data;
  const lists: Int32Array[] = [new Int32Array(0)];
  for (let c = 1; c < n; c++) {
    const others = Array.from({ length: n - 1 }, (_, k) => k + 1);
    others.sort((a, b) => dist[c * n + a]! - dist[c * n + b]! || (a === c ? -1 : b === c ? 1 : a - b));
    lists.push(Int32Array.from(others));
  }
  return lists;
}

/**
 * Slack induction by string removals: removes strings (or split strings) of customers from routes near a
 * random seed customer. Returns the new route list (ruined routes rebuilt, emptied ones dropped) and the
 * removed customers.
 */
export function ruinStrings(data: VrptwData, routes: Route[], neighbours: Int32Array[], rng: Rng): { routes: Route[]; removed: number[] } {
  const routeOf = new Int32Array(data.n).fill(-1);
  let served = 0;
  routes.forEach((route, r) => {
    for (const c of route.nodes) routeOf[c] = r;
    served += route.nodes.length;
  });
  if (served === 0) return { routes: routes.slice(), removed: [] };
  const lsMax = Math.min(MAX_STRING, served / routes.length);
  const ksMax = (4 * MEAN_REMOVED) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;

  let seed = 0;
  for (let tries = 0; tries < 4 * data.n && routeOf[seed]! < 0; tries++) seed = 1 + rng.int(data.n - 1);
  if (routeOf[seed]! < 0) return { routes: routes.slice(), removed: [] };

  const removedMark = new Uint8Array(data.n);
  const ruined = new Set<number>();
  const removed: number[] = [];
  for (const c of neighbours[seed]!) {
    if (ruined.size >= ks) break;
    const r = routeOf[c]!;
    if (r < 0 || ruined.has(r)) continue;
    ruined.add(r);
    const nodes = routes[r]!.nodes;
    const len = nodes.length;
    const pos = nodes.indexOf(c);
    const l = Math.floor(rng.next() * Math.min(len, lsMax)) + 1;
    if (l === len || rng.next() < 0.5) {
      const from = randomStart(pos, l, len, rng);
      for (let i = from; i < from + l; i++) mark(nodes[i]!);
    } else {
      let m = 1;
      while (l + m < len && rng.next() < 0.5) m++;
      const from = randomStart(pos, l + m, len, rng);
      const keepAt = from + rng.int(l + 1);
      for (let i = from; i < from + l + m; i++) if (i < keepAt || i >= keepAt + m) mark(nodes[i]!);
    }
  }
  const next: Route[] = [];
  routes.forEach((route, r) => {
    if (!ruined.has(r)) next.push(route);
    else {
      const kept = route.nodes.filter((c) => !removedMark[c]);
      if (kept.length > 0) next.push(makeRoute(data, kept));
    }
  });
  return { routes: next, removed };

  function mark(c: number): void {
    removedMark[c] = 1;
    removed.push(c);
  }
}

/** A start index for a window of `size` within [0, len) that contains `pos`. */
function randomStart(pos: number, size: number, len: number, rng: Rng): number {
  const lo = Math.max(0, pos - size + 1);
  const hi = Math.min(pos, len - size);
  return lo + rng.int(hi - lo + 1);
}
