import { describe, expect, it } from 'vitest';
import { seedFixture } from '../conversation/fixtures.ts';
import { ensureCalendar } from '../warehouse/calendar.ts';
import { openDb } from '../warehouse/db.ts';
import { isoWeekDays, isoWeekOf, kmWeek } from './km-week.ts';

function db() {
  const d = openDb(':memory:');
  seedFixture(d);
  ensureCalendar(d, '2026-11-01', '2026-12-31');
  const insert = d.prepare(
    `INSERT INTO fact_interventions (source_ref, date_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min, km_parcourus, km_plan_initial)
     VALUES (?, ?, 101, ?, 1, 1, 60, ?, ?)`,
  );
  // week 48 of 2026 = Monday 23 → Sunday 29 November
  insert.run('F-1', 20261123, 3, 40, 50); // Karim
  insert.run('F-2', 20261127, 3, 42, 50);
  insert.run('F-3', 20261129, 3, 10, null); // no plan to compare with
  insert.run('F-4', 20261122, 3, 99, 100); // Sunday of week 47
  insert.run('F-5', 20261130, 3, 99, 100); // Monday of week 49
  insert.run('F-6', 20261125, 1, 30, 31); // Gaëtan
  return d;
}

describe('kmWeek', () => {
  it('sums the km driven and planned of one technician over the ISO week, Monday to Sunday', () => {
    const w = kmWeek(db(), 3, '2026-W48');
    expect(w).toEqual({
      week: '2026-W48', from: '2026-11-23', to: '2026-11-29', technicienId: 3, interventions: 3,
      km: 92, kmCompared: 82, kmPlan: 100, deltaPct: -18, goalMet: false,
    });
  });

  it('sums the whole team with null, and says when the −20 % goal is met', () => {
    const team = kmWeek(db(), null, '2026-W48');
    expect(team).toMatchObject({ technicienId: null, interventions: 4, km: 122, kmCompared: 112, kmPlan: 131, deltaPct: -14.5, goalMet: false });
    expect(kmWeek(db(), 3, '2026-W47')).toMatchObject({ interventions: 1, deltaPct: -1, goalMet: false });
    const d = db();
    d.prepare('UPDATE fact_interventions SET km_parcourus = 35 WHERE source_ref IN (?, ?)').run('F-1', 'F-2');
    expect(kmWeek(d, 3, '2026-W48')).toMatchObject({ deltaPct: -30, goalMet: true });
  });

  it('gives zeros and no comparison for a week without interventions', () => {
    expect(kmWeek(db(), 2, '2026-W48')).toMatchObject({ interventions: 0, km: 0, kmPlan: 0, deltaPct: null, goalMet: null });
  });

  it('reads and checks ISO weeks', () => {
    expect(isoWeekOf('2026-12-01')).toBe('2026-W49');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekDays('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(isoWeekDays('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    for (const bad of ['2026-48', '2026-W54', '2025-W53', 'W48', '']) expect(() => kmWeek(db(), 3, bad)).toThrow(/not an ISO week/);
  });
});
