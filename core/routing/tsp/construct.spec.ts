import { describe, expect, it } from 'vitest';
import { checkTour } from '../check/tour.ts';
import { alphaValues } from './alpha.ts';
import { closedLength, greedyEdgeTour, nearestNeighbourTour } from './construct.ts';
import { candidateLists } from './neighbors.ts';
import { randomEuclidean } from './test-helpers.ts';

describe('start tours and candidate lists', () => {
  it('nearest-neighbour and greedy-edge tours are permutations, greedy usually the shorter', () => {
    let greedyWins = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const n = 20 + seed * 13;
      const d = randomEuclidean(n, seed);
      const k = Math.min(8, n - 1);
      const nb = candidateLists(d, n, k, alphaValues(d, n), 4);
      const nn = Array.from(nearestNeighbourTour(d, n, 0));
      const g = Array.from(greedyEdgeTour(d, n, nb, k));
      expect(checkTour(n, nn, d).ok).toBe(true);
      expect(checkTour(n, g, d).ok).toBe(true);
      if (closedLength(d, n, g) < closedLength(d, n, nn)) greedyWins++;
    }
    expect(greedyWins).toBeGreaterThanOrEqual(7);
  });

  it('greedy-edge copes with all-equal distances (fragments joined)', () => {
    const n = 25;
    const d = Float64Array.from({ length: n * n }, (_, x) => (Math.floor(x / n) === x % n ? 0 : 1));
    const nb = candidateLists(d, n, 5, null, 0);
    expect(checkTour(n, Array.from(greedyEdgeTour(d, n, nb, 5)), d, n).ok).toBe(true);
  });

  it('candidate lists hold the nearest node and the α-nearest ones, sorted by distance, no self, no repeats', () => {
    const n = 60;
    const d = randomEuclidean(n, 9);
    const alpha = alphaValues(d, n);
    const k = 8;
    const nb = candidateLists(d, n, k, alpha, 4);
    for (let i = 0; i < n; i++) {
      const row = Array.from(nb.subarray(i * k, i * k + k));
      expect(new Set(row).size).toBe(k);
      expect(row).not.toContain(i);
      for (let a = 1; a < k; a++) expect(d[i * n + row[a]!]!).toBeGreaterThanOrEqual(d[i * n + row[a - 1]!]!);
      const nearest = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => d[i * n + a]! - d[i * n + b]!)[0]!;
      expect(row).toContain(nearest);
      // α is never negative, and is 0 on the edges of the minimum spanning tree (here: the nearest neighbour's edge).
      for (let j = 0; j < n; j++) if (j !== i) expect(alpha[i * n + j]!).toBeGreaterThanOrEqual(-1e-9);
      expect(alpha[i * n + nearest]).toBeCloseTo(0, 9);
    }
  });
});
