import { describe, expect, it } from 'vitest';
import { calendarDay, dateId, ensureCalendar, parisDate } from './calendar.ts';
import { openDb } from './db.ts';

describe('calendar', () => {
  it('flags French public holidays, weekends and ISO weeks', () => {
    const noel = calendarDay('2026-12-25');
    expect(noel).toMatchObject({ date_id: 20261225, jour_semaine: 'Vendredi', est_ferie: 1, est_weekend: 0, semaine: 52, trimestre: 4 });
    expect(calendarDay('2026-05-25').est_ferie).toBe(1); // Lundi de Pentecôte
    expect(calendarDay('2026-05-24').est_ferie).toBe(0); // Pentecôte itself is a Sunday observance, not a public holiday
    expect(calendarDay('2027-01-01')).toMatchObject({ semaine: 53, annee_iso: 2026, est_ferie: 1 });
    expect(calendarDay('2026-11-28')).toMatchObject({ jour_semaine: 'Samedi', est_weekend: 1 });
  });

  it('gives the Paris date of an instant, not the UTC one', () => {
    expect(parisDate(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(parisDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(parisDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('fills dim_temps idempotently', () => {
    const db = openDb(':memory:');
    expect(ensureCalendar(db, '2026-12-28', '2027-01-03')).toBe(7);
    expect(ensureCalendar(db, '2026-12-28', '2027-01-05')).toBe(2);
    expect((db.prepare('SELECT COUNT(*) AS n FROM dim_temps WHERE est_ferie = 1').get() as { n: number }).n).toBe(1);
    expect(() => dateId('2026/12/01')).toThrow(/ISO date/);
  });
});
