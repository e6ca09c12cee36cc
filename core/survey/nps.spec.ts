import { describe, expect, it } from 'vitest';
import { nps, responseRate } from './nps.ts';

describe('nps', () => {
  it('is % promoters (9–10) minus % detractors (0–6)', () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toEqual({ n: 6, promoters: 2, passives: 2, detractors: 2, nps: 0 });
    expect(nps([10, 9, 9, 3]).nps).toBe(50);
    expect(nps([]).nps).toBeNull();
    expect(() => nps([11])).toThrow(/0 to 10/);
  });
  it('response rate', () => {
    expect(responseRate(10, 4)).toBe(0.4);
    expect(responseRate(0, 0)).toBeNull();
    expect(() => responseRate(3, 4)).toThrow(/answered/);
  });
});
