import { describe, expect, it } from 'vitest';
import { nextAllowedSlot, scheduleConfig, surveyTimeline } from './schedule.ts';

/** Paris wall clock of an instant, "YYYY-MM-DD HH:MM". */
const paris = (d: Date): string => d.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16);

describe('survey schedule', () => {
  it('Friday 17:00 report → J+2 is a Sunday → Monday 08:00', () => {
    const t = surveyTimeline(new Date('2026-11-20T16:00:00Z'));
    expect(paris(t.sendAt)).toBe('2026-11-23 08:00');
    expect(paris(t.remindAt)).toBe('2026-11-27 17:00');
    expect(paris(t.closeAt)).toBe('2026-12-04 17:00');
  });

  it('skips public holidays: 2026-12-25 and 2027-01-01', () => {
    expect(paris(surveyTimeline(new Date('2026-12-23T10:00:00Z')).sendAt)).toBe('2026-12-26 08:00');
    expect(paris(surveyTimeline(new Date('2026-12-30T09:00:00Z')).sendAt)).toBe('2027-01-02 08:00');
  });

  it('keeps the window: before 08:00 → 08:00, at or after 20:00 → next day', () => {
    expect(paris(nextAllowedSlot(new Date('2026-11-24T05:00:00Z')))).toBe('2026-11-24 08:00');
    expect(paris(nextAllowedSlot(new Date('2026-11-24T19:00:00Z')))).toBe('2026-11-25 08:00');
    expect(paris(nextAllowedSlot(new Date('2026-11-24T13:37:00Z')))).toBe('2026-11-24 14:37');
    expect(paris(nextAllowedSlot(new Date('2026-11-24T19:00:00Z'), { to: '21:30' }))).toBe('2026-11-24 20:00');
  });

  it('handles DST: spring forward (Easter Monday 2027 too) and fall back keep the wall clock', () => {
    // Fri 2027-03-26 02:30 → J+2 Sunday 28 (clocks change) → Monday 29 is Easter Monday → Tuesday 08:00
    expect(paris(surveyTimeline(new Date('2027-03-26T01:30:00Z')).sendAt)).toBe('2027-03-30 08:00');
    // Fri 2026-10-23 22:00 → Sunday 25 (clocks back) → Monday 08:00; reminder Sat 31 08:00; close at 22:00 wall clock
    const t = surveyTimeline(new Date('2026-10-23T20:00:00Z'));
    expect(paris(t.sendAt)).toBe('2026-10-26 08:00');
    expect(paris(t.remindAt)).toBe('2026-10-31 08:00');
    expect(paris(t.closeAt)).toBe('2026-11-06 22:00');
  });

  it('is configurable and refuses a bad configuration', () => {
    // Monday–Friday only: a Friday report's J+2 (Sunday) → Monday; J+1 Saturday → Monday too
    expect(paris(surveyTimeline(new Date('2026-11-20T10:00:00Z'), { sendAfterDays: 1, weekdays: [1, 2, 3, 4, 5] }).sendAt)).toBe('2026-11-23 08:00');
    expect(() => scheduleConfig({ from: '20:00', to: '08:00' })).toThrow(/from < to/);
    expect(() => scheduleConfig({ weekdays: [] })).toThrow();
  });
});
