import { describe, expect, it } from 'vitest';
import { localParts, nextOccurrence, occurrencesBetween, validateCron } from './recurrence.ts';

const paris = (s: string): Date => new Date(s);

describe('nextOccurrence (Europe/Paris)', () => {
  it('06:45 Monday–Saturday: Tuesday 07:10 → Wednesday 06:45 (winter, UTC+1)', () => {
    expect(nextOccurrence('45 6 * * 1-6', paris('2026-12-01T07:10:00+01:00'))?.toISOString()).toBe('2026-12-02T05:45:00.000Z');
  });

  it('is strictly after: at 06:45 exactly the next one is tomorrow', () => {
    expect(nextOccurrence('45 6 * * 1-6', paris('2026-12-01T06:45:00+01:00'))?.toISOString()).toBe('2026-12-02T05:45:00.000Z');
  });

  it('skips Sunday: Saturday 07:00 → Monday 06:45', () => {
    expect(nextOccurrence('45 6 * * 1-6', paris('2026-12-05T07:00:00+01:00'))?.toISOString()).toBe('2026-12-07T05:45:00.000Z');
  });

  it('follows summer time (UTC+2) across the DST change', () => {
    // Sunday 29 March 2026 is the change; Monday 30 March 06:45 is 04:45 UTC
    expect(nextOccurrence('45 6 * * 1-6', paris('2026-03-28T07:00:00+01:00'))?.toISOString()).toBe('2026-03-30T04:45:00.000Z');
  });

  it('monthly: 1st of the month at 08:00', () => {
    expect(nextOccurrence('0 8 1 * *', paris('2026-12-01T08:00:00+01:00'))?.toISOString()).toBe('2027-01-01T07:00:00.000Z');
  });

  it('every 15 minutes', () => {
    expect(nextOccurrence('*/15 * * * *', paris('2026-12-01T07:10:00+01:00'))?.toISOString()).toBe('2026-12-01T06:15:00.000Z');
  });

  it('accepts 6 fields with seconds 0, another time zone', () => {
    expect(nextOccurrence('0 0 9 * * *', paris('2026-12-01T00:00:00Z'), 'UTC')?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('occurrencesBetween lists (from, to] in order', () => {
    const list = occurrencesBetween('45 6 * * 1-6', paris('2026-12-04T00:00:00+01:00'), paris('2026-12-08T06:45:00+01:00'));
    expect(list.map((d) => localParts(d).date)).toEqual(['2026-12-04', '2026-12-05', '2026-12-07', '2026-12-08']);
  });
});

describe('validateCron', () => {
  it('names the bad field', () => {
    expect(() => validateCron('61 6 * * *')).toThrow(/minute/);
    expect(() => validateCron('45 6 * *')).toThrow(/5 fields/);
    expect(() => validateCron('30 45 6 * * *')).toThrow(/seconds/);
    expect(() => validateCron('45 6 * * 1-6')).not.toThrow();
  });
});
