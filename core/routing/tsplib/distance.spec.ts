import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heldKarp } from '../tsp/index.ts';
import { att, buildMatrix, ceil2d, euc2d, geo, readTour, readTsplib, tourLengthOf } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tsplib/${name}`, import.meta.url), 'utf8');

function optTourLength(name: string): number {
  const inst = readTsplib(fixture(`${name}.tsp`));
  const tour = readTour(fixture(`${name}.opt.tour`));
  return tourLengthOf(buildMatrix(inst), inst.dimension, tour.nodes.map((v) => v - 1));
}

describe('TSPLIB distance conventions', () => {
  it('reproduce the published optima exactly from the .opt.tour files', () => {
    expect(optTourLength('att48')).toBe(10628); // ATT
    expect(optTourLength('ulysses16')).toBe(6859); // GEO
    expect(optTourLength('eil51')).toBe(426); // EUC_2D
  });

  it('give burma14 its optimum 3323 (GEO) when solved exactly', () => {
    const inst = readTsplib(fixture('burma14.tsp'));
    expect(heldKarp(buildMatrix(inst), inst.dimension).length).toBe(3323);
  });

  it('round EUC_2D half up, CEIL_2D up, and ATT up when the rounded value is below the real one', () => {
    expect(euc2d(0, 0, 3, 4)).toBe(5);
    expect(euc2d(0, 0, 1, 1)).toBe(1); // 1.414 → 1
    expect(euc2d(0, 0, 1.5, 0)).toBe(2); // .5 rounds up
    expect(ceil2d(0, 0, 1, 1)).toBe(2);
    expect(ceil2d(0, 0, 3, 4)).toBe(5);
    expect(att(0, 0, 10, 0)).toBe(4); // r = sqrt(10) = 3.16 → t = 3 < r → 4
    expect(att(0, 0, 0, 0)).toBe(0);
    expect(att(0, 0, 20, 0)).toBe(7); // r = 6.32 → 6 < r → 7
  });

  it('read GEO coordinates as DDD.MM with truncated degrees, not rounded ones', () => {
    // 38.24 is 38°24' = 38.4°; with nint it would be 39°-0.76 → a different point.
    const d = geo(38.24, 20.42, 39.57, 26.15);
    expect(d).toBe(509);
    // Truncation toward zero for negative coordinates too: -0.30 is -30'.
    expect(geo(0, 0, -0.3, 0)).toBe(geo(0, 0, 0.3, 0));
    expect(geo(12.5, 45.5, 12.5, 45.5)).toBe(1); // TSPLIB's (int)(… + 1.0) on a zero arc
  });
});
