import { afterAll, describe, expect, it } from 'vitest';
import { parsePeriod, trailing } from './period.ts';
import { contractsEnding, lateDone, lateOpen, occupancy, planningDashboard, portalRequestsByWeek, teamOccupancy, toPlan } from './planning.ts';
import { ALL } from './sql.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const nov = parsePeriod('2026-11');

describe('planning KPIs on the hand-made warehouse', () => {
  it('interventions to plan by urgency', () => {
    expect(toPlan(db, ALL)).toEqual({ critique: 1, urgente: 1, normale: 0, total: 2 });
    expect(toPlan(db, { zoneId: 2, technicienId: null }).total).toBe(1);
  });

  it('portal requests per ISO week and status', () => {
    expect(portalRequestsByWeek(db, trailing(parsePeriod('2026-W47'), 2), ALL)).toEqual([
      { week: '2026-W46', a_valider: 0, valide: 0, annule: 1 },
      { week: '2026-W47', a_valider: 1, valide: 1, annule: 0 },
    ]);
  });

  it('contracts ending within 30 days', () => {
    const r = contractsEnding(db, TODAY, ALL);
    expect(r.count).toBe(1);
    expect(r.first[0]).toMatchObject({ contratId: 4, client: 'Bernard', dateFin: '2026-12-20' });
  });

  it('occupancy: done + planned minutes over 20 working days × 480 min (11 November is a holiday)', () => {
    const o = occupancy(db, nov, ALL);
    expect(o.map((x) => [x.technicienId, x.used, x.capacity])).toEqual([[1, 70 + 80 + 45, 9600], [2, 60 + 50 + 60, 9600]]);
    expect(teamOccupancy(o)).toBeCloseTo(365 / 19200, 12);
  });

  it('delays of more than 7 days: done late in the period, still open and overdue', () => {
    expect(lateDone(db, nov, ALL)).toBe(1);
    expect(lateDone(db, parsePeriod('2026-10'), ALL)).toBe(0);
    expect(lateOpen(db, TODAY, ALL)).toBe(1);
    const d = planningDashboard(db, { period: nov, today: TODAY, ...ALL });
    expect(d.lateDone).toEqual({ value: 1, previous: 0 });
    expect(d.portalToValidate).toBe(1);
    expect(d.portalWeeks).toHaveLength(8);
  });
});
