import type { VrptwData } from '../vrptw/index.ts';

/**
 * Exact single-vehicle tour for a few stops (enumeration of every feasible order): the most stops served,
 * then the fewest km. Returns stop indices in order. Meant for ≤ 8 stops (≤ 109,601 partial orders).
 */
export function exactTour(data: VrptwData, candidates: number[]): number[] {
  const { n, dist, time, ready, due, service } = data;
  let best: number[] = [];
  let bestKm = 0;
  const path: number[] = [];
  const used = new Uint8Array(n);
  const visit = (prev: number, t: number, km: number): void => {
    if (t + service[prev]! + time[prev * n]! <= due[0]!) {
      const total = km + dist[prev * n]!;
      if (path.length > best.length || (path.length === best.length && total < bestKm - 1e-9)) {
        best = path.slice();
        bestKm = total;
      }
    }
    // Everything already fits in the best order: only a shorter order can win, and km only grows.
    if (best.length === candidates.length && km >= bestKm) return;
    for (const c of candidates) {
      if (used[c]) continue;
      const s = Math.max(t + service[prev]! + time[prev * n + c]!, ready[c]!);
      if (s > due[c]!) continue;
      used[c] = 1;
      path.push(c);
      visit(c, s, km + dist[prev * n + c]!);
      path.pop();
      used[c] = 0;
    }
  };
  visit(0, ready[0]!, 0);
  return best;
}
