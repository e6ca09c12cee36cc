import { describe, expect, it } from 'vitest';
import { crowKm, roadFactorFromEnv, roadKm } from './distance.ts';

const annecy = { lat: 45.8992, lon: 6.1294 };
const thonon = { lat: 46.3705, lon: 6.4793 };

describe('roadKm', () => {
  it('is the haversine distance times the road factor', () => {
    const crow = crowKm(annecy, thonon);
    expect(crow).toBeGreaterThan(58);
    expect(crow).toBeLessThan(60);
    expect(roadKm(annecy, thonon)).toBeCloseTo(crow * 1.3, 9);
    expect(roadKm(annecy, thonon, 1)).toBeCloseTo(crow, 9);
    expect(roadKm(annecy, annecy)).toBe(0);
  });

  it('reads ROAD_FACTOR from the environment, validated', () => {
    expect(roadFactorFromEnv({})).toBe(1.3);
    expect(roadFactorFromEnv({ ROAD_FACTOR: '1.4' })).toBe(1.4);
    expect(() => roadFactorFromEnv({ ROAD_FACTOR: 'abc' })).toThrow(/ROAD_FACTOR/);
    expect(() => roadFactorFromEnv({ ROAD_FACTOR: '0.5' })).toThrow(/between 1 and 3/);
  });
});
