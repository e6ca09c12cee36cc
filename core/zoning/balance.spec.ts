import { describe, expect, it } from 'vitest';
import { balanceReport, balanceZones, neighbours, zoneLoads } from './balance.ts';
import { zonePoints } from './zone.ts';

/** A 20 × 10 grid of clients (1 km apart): x < 10 is zone 0 (heavy work), x ≥ 10 zone 1 (light). */
function grid() {
  const points: [number, number][] = [];
  const weights: number[] = [];
  for (let x = 0; x < 20; x++) {
    for (let y = 0; y < 10; y++) {
      points.push([x, y]);
      weights.push(x < 10 ? 90 : 30);
    }
  }
  return { points, weights, assignment: points.map(([x]) => (x < 10 ? 0 : 1)), centres: [[4.5, 4.5], [14.5, 4.5]] as [number, number][] };
}

describe('balanceZones', () => {
  it('moves border clients from the overloaded zone to its lighter neighbour, nearest to the receiving centre first', () => {
    const g = grid();
    const before = zoneLoads(g.weights, g.assignment, 2);
    expect(before).toEqual([9000, 3000]);
    const { assignment, moved } = balanceZones({ ...g, tolerance: 0.05 });
    const after = zoneLoads(g.weights, assignment, 2);
    expect(after[0]! + after[1]!).toBe(12000);
    expect(Math.max(...after)).toBeLessThanOrEqual(6000 * 1.05);
    expect(moved).toBe(assignment.filter((z, i) => z !== g.assignment[i]).length);
    // only zone 0 gives, and it gives its border: every moved client is nearer to zone 1's centre than every kept one
    const movedIdx = assignment.map((_, i) => i).filter((i) => assignment[i] !== g.assignment[i]);
    expect(movedIdx.every((i) => g.assignment[i] === 0)).toBe(true);
    const d1 = (i: number) => Math.hypot(g.points[i]![0] - 14.5, g.points[i]![1] - 4.5);
    const keptIdx = assignment.map((_, i) => i).filter((i) => assignment[i] === 0);
    expect(Math.max(...movedIdx.map(d1))).toBeLessThanOrEqual(Math.min(...keptIdx.map(d1)) + 1e-9);
    // the border moved as a band: columns 9, 8, … (contiguous)
    const columns = new Set(movedIdx.map((i) => g.points[i]![0]));
    expect(Math.min(...columns)).toBeGreaterThanOrEqual(6);
    expect(balanceReport(after).cv).toBeLessThan(balanceReport(before).cv);
  });

  it('never moves a client with no work, and leaves balanced zones alone', () => {
    const g = grid();
    const zero = g.weights.map(() => 0);
    expect(balanceZones({ ...g, weights: zero, tolerance: 0.05 }).moved).toBe(0);
    const even = g.weights.map(() => 50);
    expect(balanceZones({ ...g, weights: even, tolerance: 0.05 })).toEqual({ assignment: g.assignment, moved: 0 });
  });

  it('passes work along a chain of zones (A → B → C) when only the middle one touches both', () => {
    // three zones on a line: A heavy, B average, C light; A does not touch C
    const points: [number, number][] = [];
    const weights: number[] = [];
    const assignment: number[] = [];
    for (let x = 0; x < 30; x++) {
      points.push([x, 0]);
      const z = Math.floor(x / 10);
      assignment.push(z);
      weights.push([100, 60, 20][z]!);
    }
    const centres: [number, number][] = [[4.5, 0], [14.5, 0], [24.5, 0]];
    expect([...neighbours(points, centres)[0]!]).toEqual([1]);
    const { assignment: a } = balanceZones({ points, weights, assignment, centres, tolerance: 0.05 });
    const loads = zoneLoads(weights, a, 3);
    expect(Math.max(...loads)).toBeLessThanOrEqual(600 * 1.05 + 1e-9);
    expect(a[29]).toBe(2);
    expect(a[0]).toBe(0);
    // each zone stays one run of consecutive clients
    for (let x = 1; x < 30; x++) expect(a[x]!).toBeGreaterThanOrEqual(a[x - 1]!);
  });
});

describe('balanced zoning report', () => {
  it('reports max/min and coefficient of variation before and after, better after', () => {
    let s = 5;
    const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // a dense heavy centre and a sparse light ring
    const points = Array.from({ length: 300 }, (_, i) => {
      const r = i < 150 ? next() * 3 : 5 + next() * 15;
      const a = next() * 2 * Math.PI;
      return { id: i + 1, lat: 45.9 + (r * Math.sin(a)) / 111, lon: 6.12 + (r * Math.cos(a)) / 77, minutes: i < 150 ? 120 : 40 };
    });
    const z = zonePoints(points, { k: 6, seed: 1, balanced: true });
    expect(z.moved).toBeGreaterThan(0);
    expect(z.after.cv).toBeLessThan(z.before.cv);
    expect(z.after.maxMinRatio).toBeLessThan(z.before.maxMinRatio);
    expect(z.after.minutes.reduce((a, b) => a + b, 0)).toBe(z.before.minutes.reduce((a, b) => a + b, 0));
    expect(z.zones.map((x) => x.minutes)).toEqual(z.after.minutes);
  });
});
