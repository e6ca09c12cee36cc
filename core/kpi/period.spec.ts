import { describe, expect, it } from 'vitest';
import { parsePeriod, periodOf, previousPeriod, PeriodError, rollingYear, shiftPeriod, trailing, yearAgo } from './period.ts';

describe('parsePeriod', () => {
  it('reads a month as its first and last day', () => {
    expect(parsePeriod('2026-11')).toEqual({ key: '2026-11', kind: 'month', from: '2026-11-01', to: '2026-11-30', fromId: 20261101, toId: 20261130 });
    expect(parsePeriod('2028-02').to).toBe('2028-02-29');
    expect(parsePeriod('2026-02').to).toBe('2026-02-28');
  });

  it('reads an ISO week from Monday to Sunday, across a year end', () => {
    expect(parsePeriod('2026-W48')).toMatchObject({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    // ISO week 1 of 2026 starts on Monday 29 December 2025
    expect(parsePeriod('2026-W01')).toMatchObject({ from: '2025-12-29', to: '2026-01-04' });
    expect(parsePeriod('2026-W53')).toMatchObject({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('refuses what is not a period, saying what is expected', () => {
    expect(() => parsePeriod('2026-13')).toThrow(PeriodError);
    expect(() => parsePeriod('2026-13')).toThrow(/01–12/);
    expect(() => parsePeriod('2025-W53')).toThrow(/semaines 01 à 52/);
    expect(() => parsePeriod('novembre')).toThrow(/AAAA-MM/);
  });
});

describe('period arithmetic', () => {
  it('previous month and week, across year ends', () => {
    expect(previousPeriod(parsePeriod('2026-01')).key).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-03')).key).toBe('2026-02');
    expect(previousPeriod(parsePeriod('2026-W01')).key).toBe('2025-W52');
    expect(previousPeriod(parsePeriod('2027-W01')).key).toBe('2026-W53');
    expect(shiftPeriod(parsePeriod('2026-W52'), 2).key).toBe('2027-W01');
  });

  it('year over year: same month, same ISO week number (53 → 52)', () => {
    expect(yearAgo(parsePeriod('2026-11')).key).toBe('2025-11');
    expect(yearAgo(parsePeriod('2026-W48'))).toMatchObject({ key: '2025-W48', from: '2025-11-24' });
    expect(yearAgo(parsePeriod('2026-W53')).key).toBe('2025-W52');
  });

  it('the period of a day, trailing periods and the rolling year', () => {
    expect(periodOf('2026-11-24', 'week').key).toBe('2026-W48');
    expect(periodOf('2026-11-24', 'month').key).toBe('2026-11');
    expect(trailing(parsePeriod('2026-02'), 3).map((p) => p.key)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(rollingYear(parsePeriod('2026-11'))).toEqual({ from: '2025-12-01', to: '2026-11-30', fromId: 20251201, toId: 20261130 });
    expect(rollingYear(parsePeriod('2026-W48')).to).toBe('2026-11-30');
  });
});
