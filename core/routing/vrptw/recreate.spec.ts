import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VrptwData } from './data.ts';
import { vrptwRng } from '../rng.ts';
import { cheapestInsertion, recreate } from './recreate.ts';
import { makeRoute } from './route.ts';

/** A random small instance: points on a grid, random windows and demands. */
function randomData(seed: number, n: number): VrptwData {
  const rng = vrptwRng(seed);
  const xs = Array.from({ length: n }, () => rng.int(50));
  const ys = Array.from({ length: n }, () => rng.int(50));
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dist[i * n + j] = Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!);
  const ready = Float64Array.from({ length: n }, (_, k) => (k === 0 ? 0 : rng.int(150)));
  const due = Float64Array.from(ready, (r, k) => (k === 0 ? 400 : r + 20 + rng.int(120)));
  return {
    n,
    dist,
    time: dist,
    ready,
    due,
    service: Float64Array.from({ length: n }, (_, k) => (k === 0 ? 0 : 5)),
    demand: Float64Array.from({ length: n }, (_, k) => (k === 0 ? 0 : 1 + rng.int(10))),
    capacity: 40,
    maxVehicles: n,
    scale: 1,
    ids: Array.from({ length: n }, (_, k) => k),
  };
}

describe('cheapestInsertion (O(1) window check)', () => {
  it('agrees with rebuilding the route, position by position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const data = randomData(seed, 12);
        const rng = vrptwRng(seed);
        const routes: ReturnType<typeof makeRoute>[] = [];
        const absent = recreate(data, routes, Array.from({ length: 8 }, (_, k) => k + 1), rng, 3);
        for (const c of [...absent, 9, 10, 11]) {
          let bestBrute = Infinity;
          routes.forEach((route) => {
            for (let pos = 0; pos <= route.nodes.length; pos++) {
              const nodes = [...route.nodes.slice(0, pos), c, ...route.nodes.slice(pos)];
              const rebuilt = makeRoute(data, nodes);
              if (rebuilt.feasible) bestBrute = Math.min(bestBrute, rebuilt.dist - route.dist);
            }
          });
          const ins = cheapestInsertion(data, routes, c, null);
          if (bestBrute === Infinity) expect(ins).toBeNull();
          else expect(ins?.delta).toBeCloseTo(bestBrute, 9);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('recreate', () => {
  it('only builds feasible routes and accounts for every customer', () => {
    const data = randomData(42, 30);
    const routes: ReturnType<typeof makeRoute>[] = [];
    const customers = Array.from({ length: 29 }, (_, k) => k + 1);
    const absent = recreate(data, routes, customers.slice(), vrptwRng(1), 4);
    expect(routes.length).toBeLessThanOrEqual(4);
    expect(routes.every((r) => r.feasible)).toBe(true);
    expect([...routes.flatMap((r) => r.nodes), ...absent].sort((a, b) => a - b)).toEqual(customers);
  });
});
