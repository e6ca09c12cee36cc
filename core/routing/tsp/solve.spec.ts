import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTour } from '../check/tour.ts';
import { buildMatrix, readTsplib } from '../tsplib/index.ts';
import { nearestNeighbourTour } from './construct.ts';
import { plainTwoOpt, solveTsp } from './index.ts';
import { randomEuclidean } from './test-helpers.ts';

const eil51 = buildMatrix(readTsplib(readFileSync(new URL('../fixtures/tsplib/eil51.tsp', import.meta.url), 'utf8')));

/** Every solution must pass the independent checker. */
function checked<R extends { tour: number[]; length: number }>(n: number, d: Float64Array, r: R): R {
  const c = checkTour(n, r.tour, d, r.length);
  expect(c.errors).toEqual([]);
  return r;
}

describe('solveTsp', () => {
  it('finds the optimum of eil51 (426) with a fixed seed and iteration budget, the same tour every time', () => {
    const opts = { seed: 1, maxIterations: 5000, timeLimitMs: 60_000 };
    const a = checked(51, eil51, solveTsp(eil51, opts));
    const b = solveTsp(eil51, opts);
    expect(a.length).toBe(426);
    expect(a.iterations).toBe(5000);
    expect(b.tour).toEqual(a.tour);
    expect(a.tour[0]).toBe(0);
    expect(a.method).toBe('ils');
  });

  it('clearly beats plain 2-opt from the same start on a random instance', () => {
    const n = 200;
    const d = randomEuclidean(n, 42);
    const start = nearestNeighbourTour(d, n, 0);
    const two = checked(n, d, plainTwoOpt(d, n, start));
    const r = checked(n, d, solveTsp(d, { seed: 1, maxIterations: 1500, timeLimitMs: 60_000 }));
    expect(r.length).toBeLessThan(two.length * 0.96);
  });

  it('stops at targetLength', () => {
    const r = checked(51, eil51, solveTsp(eil51, { seed: 3, targetLength: 426, maxIterations: 100_000, timeLimitMs: 60_000 }));
    expect(r.length).toBe(426);
    expect(r.iterations).toBeLessThan(100_000);
  });

  it('solves small instances exactly (DP) and handles 1, 2 and 3 nodes', () => {
    for (const n of [1, 2, 3, 5, 9, 15]) {
      const d = randomEuclidean(n, n);
      const r = checked(n, d, solveTsp(d, { seed: 1 }));
      expect(r.method).toBe('exact');
      expect(r.tour).toHaveLength(n);
    }
  });

  it('accepts Int32Array matrices and distance functions, with checked results', () => {
    const n = 40;
    const f = randomEuclidean(n, 5);
    const ints = Int32Array.from(f, (v) => Math.round(v));
    checked(n, Float64Array.from(ints), solveTsp(ints, { maxIterations: 200 }));
    const fn = (i: number, j: number) => f[i * n + j]!;
    const r = checked(n, f, solveTsp(fn, { n, maxIterations: 200 }));
    expect(r.length).toBeGreaterThan(0);
  });

  it('copes with degenerate inputs: identical points, zero and equal distances', () => {
    const n = 30;
    const same = new Float64Array(n * n);
    checked(n, same, solveTsp(same, { maxIterations: 100 }));
    const equal = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 0 : 7));
    expect(checked(n, equal, solveTsp(equal, { maxIterations: 100 })).length).toBe(7 * n);
  });

  it('rejects malformed distances clearly', () => {
    expect(() => solveTsp(new Float64Array(10))).toThrow(/not n×n/);
    expect(() => solveTsp(() => 1)).toThrow(/options\.n/);
    expect(() => solveTsp(new Float64Array([0, NaN, 1, 0]))).toThrow(/not a finite number/);
  });
});
