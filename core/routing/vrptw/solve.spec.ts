import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRoutes } from '../check/routes.ts';
import { readSolomon } from '../solomon/index.ts';
import { solveVrptw } from './solve.ts';

const instance = (name: string) => readSolomon(readFileSync(new URL(`../fixtures/solomon/${name}.txt`, import.meta.url), 'utf8'));

describe('solveVrptw', () => {
  it.each([
    ['C101_25', 191.3, 3],
    ['R101_25', 617.1, 8],
    ['RC101_25', 461.1, 4],
  ] as const)('reaches the proven optimum of %s under trunc1 (seed 1, 5000 iterations)', (name, optimum, vehicles) => {
    const inst = instance(name);
    const r = solveVrptw(inst, { convention: 'trunc1', objective: 'distance', seed: 1, maxIterations: 5000, timeLimitMs: 600_000 });
    const check = checkRoutes(inst, r.routes, 'trunc1');
    expect(check.errors).toEqual([]);
    expect(r.feasible).toBe(true);
    expect(r.unassigned).toEqual([]);
    expect(check.distance).toBe(r.distance);
    expect(r.distance).toBe(optimum);
    expect(r.vehicles).toBe(vehicles);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const inst = instance('R101_25');
    const run = (seed: number) => solveVrptw(inst, { convention: 'double', seed, maxIterations: 800, timeLimitMs: 600_000 });
    const a = run(7);
    const b = run(7);
    expect(b.routes).toEqual(a.routes);
    expect(b.distance).toBe(a.distance);
  });

  it('finds a feasible 100-customer solution under the hierarchical objective, checked independently', () => {
    const inst = instance('C101_100');
    const r = solveVrptw(inst, { convention: 'double', seed: 3, maxIterations: 3000, timeLimitMs: 600_000 });
    const check = checkRoutes(inst, r.routes, 'double');
    expect(check.errors).toEqual([]);
    expect(r.vehicles).toBe(check.vehicles);
    expect(r.vehicles).toBeGreaterThanOrEqual(10);
    expect(r.distance).toBeCloseTo(check.distance, 6);
    expect(r.distance).toBeGreaterThanOrEqual(828.93);
  });

  it('minimises vehicles first, then distance', () => {
    const inst = instance('RC101_25');
    const byDistance = solveVrptw(inst, { convention: 'trunc1', objective: 'distance', seed: 1, maxIterations: 4000, timeLimitMs: 600_000 });
    const r = solveVrptw(inst, { convention: 'trunc1', objective: 'vehicles-then-distance', seed: 1, maxIterations: 4000, timeLimitMs: 600_000 });
    expect(checkRoutes(inst, r.routes, 'trunc1').errors).toEqual([]);
    expect(r.vehicles).toBeLessThanOrEqual(byDistance.vehicles);
    expect(r.distance).toBeGreaterThanOrEqual(byDistance.distance);
  });

  it('returns the customers that do not fit a capped fleet as unassigned', () => {
    const inst = instance('C101_25');
    const r = solveVrptw(inst, { convention: 'trunc1', objective: 'distance', maxVehicles: 2, seed: 1, maxIterations: 2000, timeLimitMs: 600_000 });
    expect(r.vehicles).toBeLessThanOrEqual(2);
    expect(r.unassigned.length).toBeGreaterThan(0);
    const check = checkRoutes(inst, r.routes, 'trunc1', { allowUnvisited: true });
    expect(check.errors).toEqual([]);
    const served = r.routes.flat();
    expect(new Set([...served, ...r.unassigned]).size).toBe(25);
    expect(served.length + r.unassigned.length).toBe(25);
  });
});
