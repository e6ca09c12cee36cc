import { afterAll, describe, expect, it } from 'vitest';
import { parsePeriod } from './period.ts';
import { ALL } from './sql.ts';
import { durationByType, interventionsOfDay, km, kmByWeek, overrunRate, techniciansDashboard } from './technicians.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const nov = parsePeriod('2026-11');
const karim = { zoneId: null, technicienId: 1 };

describe('technician KPIs on the hand-made warehouse', () => {
  it("today's interventions: planned (not cancelled) and done without a planned row", () => {
    expect(interventionsOfDay(db, TODAY, ALL)).toEqual({ total: 2, done: 1 });
    expect(interventionsOfDay(db, TODAY, karim)).toEqual({ total: 1, done: 0 });
  });

  it('km driven against the planned order (goal −20 %)', () => {
    expect(km(db, nov, ALL)).toEqual({ km: 68, kmCompared: 38, kmPlan: 47, reduction: 1 - 38 / 47 });
    expect(km(db, nov, karim)).toEqual({ km: 30, kmCompared: 30, kmPlan: 37, reduction: 1 - 30 / 37 });
    expect(kmByWeek(db, parsePeriod('2026-W45'), ALL)).toEqual([{ week: '2026-W45', km: 30, kmPlan: 37 }]);
  });

  it('mean duration per type and overrun rate', () => {
    expect(durationByType(db, nov, ALL).map((t) => [t.code, t.mean, t.planned, t.n])).toEqual([['TAB-MAINT', 60, 60, 3], ['CHAUF-DEP', 80, 90, 1]]);
    expect(overrunRate(db, nov, ALL)).toBe(0.25);
    expect(overrunRate(db, nov, karim)).toBe(0.5);
  });

  it('the dashboard: km goal, satisfaction trend over 12 months, 8 weeks of km', () => {
    const d = techniciansDashboard(db, { period: nov, today: TODAY, ...karim });
    expect(d.km.value).toBeCloseTo(7 / 37, 10);
    expect(d.satisfaction).toEqual({ value: 3.5, previous: null });
    expect(d.satisfactionTrend).toEqual([{ x: '2026-11', y: 3.5 }]);
    expect(d.kmWeeks.map((w) => w.week)).toEqual(['2026-W45']);
  });
});
