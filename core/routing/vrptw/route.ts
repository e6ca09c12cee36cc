import type { VrptwData } from './data.ts';

/**
 * An immutable route (customers only, the depot at both ends implied) with its forward earliest start times
 * and backward latest start times, which make an insertion check O(1).
 */
export interface Route {
  nodes: number[];
  load: number;
  dist: number;
  /** est[i]: earliest service start at nodes[i]. */
  est: Float64Array;
  /** lst[i]: latest service start at nodes[i] keeping the rest of the route feasible. */
  lst: Float64Array;
  feasible: boolean;
}

export function makeRoute(data: VrptwData, nodes: number[]): Route {
  const { n, dist, time, ready, due, service, demand } = data;
  const len = nodes.length;
  const est = new Float64Array(len);
  const lst = new Float64Array(len);
  let load = 0;
  let d = 0;
  let t = ready[0]!;
  let prev = 0;
  let feasible = true;
  for (let i = 0; i < len; i++) {
    const c = nodes[i]!;
    load += demand[c]!;
    d += dist[prev * n + c]!;
    t = Math.max(t + service[prev]! + time[prev * n + c]!, ready[c]!);
    if (t > due[c]!) feasible = false;
    est[i] = t;
    prev = c;
  }
  d += dist[prev * n]!;
  if (t + service[prev]! + time[prev * n]! > due[0]!) feasible = false;
  if (load > data.capacity) feasible = false;
  let latest = due[0]!;
  let next = 0;
  for (let i = len - 1; i >= 0; i--) {
    const c = nodes[i]!;
    latest = Math.min(due[c]!, latest - service[c]! - time[c * n + next]!);
    lst[i] = latest;
    next = c;
  }
  return { nodes, load, dist: d, est, lst, feasible };
}

/** Can a single-customer route serve `c`? */
export function servableAlone(data: VrptwData, c: number): boolean {
  return makeRoute(data, [c]).feasible;
}
