import { describe, expect, it } from 'vitest';
import { distanceKm } from './geo.ts';
import type { ZonePoint } from './types.ts';
import { percentile, zonePoints, zoneStats } from './zone.ts';

/** Deterministic pseudo-random numbers (LCG) and a Gaussian from them. */
function rng(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return { next, gauss: () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next()) };
}

/** Blobs of clients around given centres (sd in degrees ≈ 1 km), every client `minutes` of work. */
function blobs(spec: { lat: number; lon: number; n: number; minutes: number; ville: string }[], seed = 1): ZonePoint[] {
  const r = rng(seed);
  let id = 1;
  return spec.flatMap((b) =>
    Array.from({ length: b.n }, () => ({ id: id++, lat: b.lat + 0.009 * r.gauss(), lon: b.lon + 0.013 * r.gauss(), minutes: b.minutes, ville: b.ville })),
  );
}

const THREE = [
  { lat: 45.9, lon: 6.12, n: 40, minutes: 60, ville: 'Annecy' },
  { lat: 46.06, lon: 6.4, n: 30, minutes: 60, ville: 'Bonneville' },
  { lat: 45.75, lon: 6.35, n: 20, minutes: 60, ville: 'Faverges' },
];

describe('zonePoints (K-means)', () => {
  it('recovers three well separated groups exactly, with their statistics', () => {
    const points = blobs(THREE);
    const z = zonePoints(points, { k: 3, seed: 1 });
    // every group in one zone, one zone per group
    const groupOf = (i: number) => (i < 40 ? 0 : i < 70 ? 1 : 2);
    const zoneOfGroup = [0, 1, 2].map((g) => new Set(points.map((_, i) => i).filter((i) => groupOf(i) === g).map((i) => z.assignment[i])));
    expect(zoneOfGroup.every((s) => s.size === 1)).toBe(true);
    expect(new Set(zoneOfGroup.map((s) => [...s][0])).size).toBe(3);
    // zones numbered north to south: Bonneville, Annecy, Faverges
    expect(z.zones.map((s) => s.mainTown)).toEqual(['Bonneville', 'Annecy', 'Faverges']);
    expect(z.zones.map((s) => s.clients)).toEqual([30, 40, 20]);
    expect(z.zones.map((s) => s.minutes)).toEqual([1800, 2400, 1200]);
    for (const s of z.zones) {
      const spec = THREE.find((b) => b.ville === s.mainTown)!;
      expect(distanceKm(s.centre, spec)).toBeLessThan(0.6);
      // ~1 km scatter per axis: the 90th percentile distance is about 2.1 km
      expect(s.radiusKm).toBeGreaterThan(1.2);
      expect(s.radiusKm).toBeLessThan(3.2);
      expect(s.density).toBeCloseTo(s.clients / (Math.PI * s.radiusKm ** 2), 2);
    }
    expect(z.before).toEqual(z.after);
    expect(z.before).toMatchObject({ minutes: [1800, 2400, 1200], min: 1200, max: 2400, maxMinRatio: 2, mean: 1800 });
    expect(z.before.cv).toBeCloseTo(Math.sqrt((0 + 600 ** 2 + 600 ** 2) / 3) / 1800, 3);
  });

  it('is deterministic for a seed', () => {
    const points = blobs([{ lat: 45.9, lon: 6.12, n: 150, minutes: 30, ville: 'Annecy' }], 9).map((p, i) => ({ ...p, minutes: (i % 7) * 15 }));
    const a = zonePoints(points, { k: 5, seed: 3, balanced: true });
    expect(zonePoints(points, { k: 5, seed: 3, balanced: true })).toEqual(a);
    // one uniform cloud: other seeds find other (equally good) splits, still k zones covering everyone
    const b = zonePoints(points, { k: 5, seed: 4 });
    expect(b.zones.reduce((s, z) => s + z.clients, 0)).toBe(150);
  });

  it('rejects bad options and bad points with the field named', () => {
    const points = blobs(THREE);
    expect(() => zonePoints(points, { k: 0 })).toThrow(/option k invalide/);
    expect(() => zonePoints(points, { k: 2.5 })).toThrow(/option k invalide/);
    expect(() => zonePoints(points.slice(0, 3), { k: 4 })).toThrow(/k = 4 zones for 3 clients/);
    expect(() => zonePoints([...points, { id: 999, lat: 91, lon: 6, minutes: 0 }], { k: 3 })).toThrow(/client 999 \(position 91\) invalide/);
    expect(() => zonePoints([{ id: 1, lat: 45, lon: 6, minutes: -5 }], { k: 1 })).toThrow(/client 1/);
  });
});

describe('zone statistics', () => {
  it('computes the 90th percentile radius by interpolation and a floor for the density', () => {
    expect(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([1, 2], 0.9)).toBeCloseTo(1.9, 9);
    const one = zoneStats(0, [{ id: 1, lat: 45.9, lon: 6.1, minutes: 10, ville: 'Annecy' }]);
    expect(one).toMatchObject({ radiusKm: 0, clients: 1, minutes: 10, mainTown: 'Annecy' });
    expect(one.density).toBeCloseTo(1 / (Math.PI * 0.25), 3);
    expect(zoneStats(0, [])).toMatchObject({ clients: 0, radiusKm: 0, minutes: 0, mainTown: null });
  });
});
