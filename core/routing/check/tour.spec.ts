import { describe, expect, it } from 'vitest';
import { checkTour } from './tour.ts';

// 4 nodes on a 3×4 rectangle.
const M = [0, 3, 5, 4, 3, 0, 4, 5, 5, 4, 0, 3, 4, 5, 3, 0];

describe('checkTour', () => {
  it('accepts a permutation and recomputes its closed length', () => {
    expect(checkTour(4, [0, 1, 2, 3], M, 14)).toEqual({ ok: true, errors: [], length: 14 });
    expect(checkTour(4, [0, 2, 1, 3], M).length).toBe(18);
    expect(checkTour(4, [3, 2, 1, 0], (i, j) => M[i * 4 + j]!, 14).ok).toBe(true);
  });

  it('rejects duplicates, missing or out-of-range nodes and wrong sizes, saying where', () => {
    const dup = checkTour(4, [0, 1, 1, 3], M);
    expect(dup.ok).toBe(false);
    expect(dup.errors.join('\n')).toMatch(/position 2: node 1 already visited at position 1/);
    expect(dup.errors.join('\n')).toMatch(/missing, e\.g\. 2/);
    expect(checkTour(4, [0, 1, 2], M).errors.join('\n')).toMatch(/3 nodes, expected 4/);
    expect(checkTour(4, [0, 1, 2, 4], M).errors.join('\n')).toMatch(/position 3: node 4 is not an integer in 0..3/);
    expect(checkTour(4, [0, 1, 2, 1.5], M).ok).toBe(false);
    expect(checkTour(4, [0, 1, 2, 3], [0, 1, 2]).errors.join('\n')).toMatch(/expected 4×4/);
  });

  it('rejects a claimed length that does not match', () => {
    const r = checkTour(4, [0, 1, 2, 3], M, 13);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(['claimed length 13 but the tour measures 14']);
  });
});
