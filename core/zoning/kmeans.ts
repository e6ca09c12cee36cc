import { kmeans } from 'ml-kmeans';

export interface Clustering {
  /** cluster of each point */
  assignment: number[];
  /** cluster centres in the same plane as the points */
  centres: [number, number][];
  /** sum of squared distances of the points to their centre */
  inertia: number;
}

/**
 * K-means (ml-kmeans, k-means++ initialisation) on 2-D points, `restarts` runs from seeds seed, seed+1, …;
 * the run with the lowest inertia is kept (the first on a tie), so a seed always gives the same clusters.
 * Clusters are numbered by their centre, north to south then west to east, independently of the run.
 */
export function clusterPoints(points: readonly [number, number][], k: number, seed: number, restarts: number): Clustering {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  if (k > points.length) throw new Error(`k = ${k} zones for ${points.length} clients: k must not exceed the number of clients`);
  const data = points.map((p) => [p[0], p[1]]);
  let best: Clustering | null = null;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const run = kmeans(data, k, { seed: seed + r, initialization: 'kmeans++', maxIterations: 300 });
    const centres = run.centroids.map((c) => [c[0]!, c[1]!] as [number, number]);
    const assignment = nearestCentres(points, centres);
    const inertia = points.reduce((s, p, i) => s + sq(p, centres[assignment[i]!]!), 0);
    if (!best || inertia < best.inertia - 1e-9) best = { assignment, centres, inertia };
  }
  return renumber(best!);
}

const sq = (a: readonly number[], b: readonly number[]): number => (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2;

/** The nearest centre of each point (the lowest index on a tie). */
export function nearestCentres(points: readonly [number, number][], centres: readonly [number, number][]): number[] {
  return points.map((p) => {
    let best = 0;
    for (let c = 1; c < centres.length; c++) if (sq(p, centres[c]!) < sq(p, centres[best]!)) best = c;
    return best;
  });
}

function renumber(c: Clustering): Clustering {
  const order = c.centres.map((_, i) => i).sort((a, b) => c.centres[b]![1] - c.centres[a]![1] || c.centres[a]![0] - c.centres[b]![0]);
  const rank = new Map(order.map((old, i) => [old, i]));
  return { assignment: c.assignment.map((a) => rank.get(a)!), centres: order.map((i) => c.centres[i]!), inertia: c.inertia };
}
