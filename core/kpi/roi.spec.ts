import { afterAll, describe, expect, it } from 'vitest';
import { loadKpiConfig } from './config.ts';
import { parsePeriod } from './period.ts';
import { kmSaved, roiReport, saving } from './roi.ts';
import { ALL } from './sql.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const nov = parsePeriod('2026-11');

describe('ROI', () => {
  it('km saved against the planned order, over the interventions that have one', () => {
    expect(kmSaved(db, nov, ALL)).toEqual({ kmPlan: 47, kmDriven: 38, kmSaved: 9, interventions: 3 });
  });

  it('money saved from the config assumptions', () => {
    const s = saving({ kmPlan: 47, kmDriven: 38, kmSaved: 9, interventions: 3 }, { costPerKm: 0.5, averageSpeedKmh: 30, technicianHourlyCost: 60 });
    expect(s).toEqual({ km: 9, vehicleEur: 4.5, hours: 0.3, timeEur: 18, totalEur: 22.5 });
    const r = roiReport(db, { period: nov, today: TODAY, ...ALL }, { costPerKm: 1, averageSpeedKmh: 40, technicianHourlyCost: 40 });
    // rolling year Dec 2025 – Nov 2026: interventions 1, 2, 4, 6 → 62 − 53
    expect(r.year.km).toBe(62 - 53);
    expect(r.year.vehicleEur).toBe(9);
    expect(r.notMeasured).toEqual(['planner_hours', 'retention']);
  });

  it('reads the assumptions from the environment, refusing bad values by name', () => {
    expect(loadKpiConfig({})).toEqual({ costPerKm: 0.5, technicianHourlyCost: 45, averageSpeedKmh: 40 });
    expect(loadKpiConfig({ SAV_COST_PER_KM: '0,62' }).costPerKm).toBe(0.62);
    expect(() => loadKpiConfig({ SAV_COST_PER_KM: 'cher' })).toThrow(/SAV_COST_PER_KM/);
    expect(() => loadKpiConfig({ SAV_AVERAGE_SPEED_KMH: '0' })).toThrow(/SAV_AVERAGE_SPEED_KMH/);
  });
});
