import { describe, expect, it } from 'vitest';
import { checkTour } from '../check/tour.ts';
import { heldKarp } from './held-karp.ts';
import { randomEuclidean } from './test-helpers.ts';

function bruteForce(d: Float64Array, n: number): number {
  let best = Infinity;
  const rest = Array.from({ length: n - 1 }, (_, i) => i + 1);
  const permute = (k: number) => {
    if (k === rest.length) {
      let len = d[rest[0]!]! + d[rest[rest.length - 1]! * n]!;
      for (let i = 0; i + 1 < rest.length; i++) len += d[rest[i]! * n + rest[i + 1]!]!;
      best = Math.min(best, len);
      return;
    }
    for (let i = k; i < rest.length; i++) {
      [rest[k], rest[i]] = [rest[i]!, rest[k]!];
      permute(k + 1);
      [rest[k], rest[i]] = [rest[i]!, rest[k]!];
    }
  };
  permute(0);
  return best;
}

describe('heldKarp', () => {
  it('finds the same optimum as brute force on small instances, with a valid tour', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const n = 4 + (seed % 5);
      const d = randomEuclidean(n, seed);
      const r = heldKarp(d, n);
      expect(r.length).toBeCloseTo(bruteForce(d, n), 9);
      expect(checkTour(n, r.tour, d, r.length).ok).toBe(true);
    }
  });

  it('handles 1 to 3 nodes and refuses sizes it cannot afford', () => {
    expect(heldKarp(new Float64Array([0]), 1)).toEqual({ tour: [0], length: 0 });
    expect(heldKarp(new Float64Array([0, 2, 2, 0]), 2)).toEqual({ tour: [0, 1], length: 4 });
    expect(() => heldKarp(new Float64Array(17 * 17), 17)).toThrow(/above 16/);
  });
});
