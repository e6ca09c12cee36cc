import type { BalanceReport } from './types.ts';

export interface BalanceInput {
  /** points in a plane (km) */
  points: readonly [number, number][];
  /** planned minutes of each point */
  weights: readonly number[];
  /** zone of each point (after K-means) */
  assignment: readonly number[];
  /** zone centres in the same plane (kept fixed while balancing) */
  centres: readonly [number, number][];
  /** a zone is overloaded above mean × (1 + tolerance) */
  tolerance: number;
}

const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

/** Planned minutes per zone. */
export function zoneLoads(weights: readonly number[], assignment: readonly number[], k: number): number[] {
  const loads = new Array<number>(k).fill(0);
  assignment.forEach((z, i) => (loads[z]! += weights[i]!));
  return loads;
}

/**
 * Neighbouring zones: A and B touch when some point has A and B as its two nearest centres (the zones
 * share a border in the Voronoi sense, where the points are).
 */
export function neighbours(points: readonly [number, number][], centres: readonly [number, number][]): Set<number>[] {
  const out = centres.map(() => new Set<number>());
  if (centres.length < 2) return out;
  for (const p of points) {
    const [a, b] = centres
      .map((c, i) => ({ i, d: dist(p, c) }))
      .sort((x, y) => x.d - y.d || x.i - y.i)
      .slice(0, 2)
      .map((x) => x.i);
    out[a!]!.add(b!);
    out[b!]!.add(a!);
  }
  return out;
}

/**
 * Evens out the planned minutes: while some zone is overloaded (above mean × (1 + tolerance)), the most
 * loaded zone that can gives one client to a neighbouring zone with less work — the client of the giving
 * zone nearest to the receiving zone's centre (its border), and only if the receiver then has less than the
 * giver had (w < load(giver) − load(receiver): every move strictly reduces the sum of squared loads, so the
 * loop ends). When the heaviest zone's
 * neighbours are too full, a lighter zone passes work on first (A → B → C). Clients without work never move.
 * Returns the new assignment and the number of clients whose zone changed.
 */
export function balanceZones(input: BalanceInput): { assignment: number[]; moved: number } {
  const { points, weights, centres, tolerance } = input;
  const k = centres.length;
  const assignment = [...input.assignment];
  const loads = zoneLoads(weights, assignment, k);
  const limit = (loads.reduce((a, b) => a + b, 0) / k) * (1 + tolerance);
  const touching = neighbours(points, centres);
  for (let guard = 0; guard < points.length * k; guard++) {
    if (Math.max(...loads) <= limit + 1e-9) break;
    // the heaviest zone that can give; a lighter one gives on when its own neighbour blocks the chain
    const givers = loads.map((l, z) => ({ l, z })).sort((a, b) => b.l - a.l || a.z - b.z);
    let move = null as { i: number; to: number } | null;
    for (const { z: from } of givers) {
      let bestD = Infinity;
      for (const to of [...touching[from]!].sort((a, b) => a - b)) {
        if (loads[to]! >= loads[from]!) continue;
        for (let i = 0; i < points.length; i++) {
          const w = weights[i]!;
          if (assignment[i] !== from || w <= 0 || loads[to]! + w >= loads[from]! - 1e-9) continue;
          const d = dist(points[i]!, centres[to]!);
          if (d < bestD) {
            bestD = d;
            move = { i, to };
          }
        }
      }
      if (move) break;
    }
    if (!move) break;
    const w = weights[move.i]!;
    loads[assignment[move.i]!]! -= w;
    loads[move.to]! += w;
    assignment[move.i] = move.to;
  }
  return { assignment, moved: assignment.filter((z, i) => z !== input.assignment[i]).length };
}

/** Max/min and coefficient of variation of the planned minutes per zone. */
export function balanceReport(minutes: readonly number[]): BalanceReport {
  const k = minutes.length;
  const mean = minutes.reduce((a, b) => a + b, 0) / Math.max(1, k);
  const min = Math.min(...minutes);
  const max = Math.max(...minutes);
  const sd = Math.sqrt(minutes.reduce((s, m) => s + (m - mean) ** 2, 0) / Math.max(1, k));
  return {
    minutes: [...minutes],
    mean: Math.round(mean * 10) / 10,
    min,
    max,
    maxMinRatio: min > 0 ? Math.round((max / min) * 1000) / 1000 : max > 0 ? Infinity : 1,
    cv: mean > 0 ? Math.round((sd / mean) * 1000) / 1000 : 0,
  };
}
