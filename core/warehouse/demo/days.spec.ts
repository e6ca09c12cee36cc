import { describe, expect, it } from 'vitest';
import { addYears, dayNum, isoOf, parisDateTime, parisOffset, subMonths, weekday } from './days.ts';
import { Rng, stream } from './rng.ts';

describe('days', () => {
  it('does calendar arithmetic on day numbers', () => {
    expect(isoOf(dayNum('2026-12-01'))).toBe('2026-12-01');
    expect(weekday(dayNum('2026-12-01'))).toBe(1); // Tuesday
    expect(weekday(dayNum('2026-12-06'))).toBe(6); // Sunday
    expect(isoOf(addYears(dayNum('2024-02-29'), 1))).toBe('2025-02-28');
    expect(isoOf(addYears(dayNum('2026-03-15'), -2))).toBe('2024-03-15');
    expect(isoOf(subMonths(dayNum('2026-03-31'), 1))).toBe('2026-02-28');
    expect(isoOf(subMonths(dayNum('2026-12-01'), 24))).toBe('2024-12-01');
  });

  it('gives the Paris offset of a working day, across daylight saving changes', () => {
    expect(parisOffset(dayNum('2026-03-27'))).toBe('+01:00');
    expect(parisOffset(dayNum('2026-03-30'))).toBe('+02:00');
    expect(parisOffset(dayNum('2026-10-23'))).toBe('+02:00');
    expect(parisOffset(dayNum('2026-10-26'))).toBe('+01:00');
    expect(parisDateTime(dayNum('2026-03-04'), 8 * 60 + 35)).toBe('2026-03-04T08:35:00+01:00');
  });
});

describe('rng', () => {
  it('repeats the same sequence for the same seed, and streams differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(stream(42, 'clients').next()).not.toBe(stream(42, 'planning').next());
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws integers in range and by weight', () => {
    const r = new Rng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const k = r.int(3, 5);
      expect(k >= 3 && k <= 5).toBe(true);
      counts[r.weighted([1, 0, 3])]!++;
    }
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.5);
  });
});
