import { afterAll, describe, expect, it } from 'vitest';
import { activeContracts, caSav, caSavByMonth, directionDashboard, quoteFunnel, renewalRate, satisfactionHeatmap, topClients } from './direction.ts';
import { parsePeriod } from './period.ts';
import { ALL } from './sql.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const nov = parsePeriod('2026-11');
const oct = parsePeriod('2026-10');

describe('direction KPIs on the hand-made warehouse', () => {
  it('CA SAV = interventions + contract fees of periods starting in the range', () => {
    expect(caSav(db, nov, ALL)).toBe(100 + 200 + 50 + 40 + 240);
    expect(caSav(db, oct, ALL)).toBe(300);
    expect(caSav(db, parsePeriod('2025-11'), ALL)).toBe(80 + 240 + 300);
    expect(caSav(db, nov, { zoneId: 1, technicienId: null })).toBe(100 + 200 + 240);
    // a technician's CA: their interventions only
    expect(caSav(db, nov, { zoneId: null, technicienId: 1 })).toBe(300);
  });

  it('CA per month, contract fees in their start month', () => {
    const months = caSavByMonth(db, { from: '2026-10-01', to: '2026-11-30', fromId: 20261001, toId: 20261130 }, ALL);
    expect(months).toEqual([{ x: '2026-10', y: 300 }, { x: '2026-11', y: 630 }]);
  });

  it('active contracts on a day: started, not ended, not terminated before', () => {
    expect(activeContracts(db, ['2026-10-31', TODAY, '2025-10-15'], ALL)).toEqual([
      { x: '2025-10-15', y: 1 },
      { x: '2026-10-31', y: 2 },
      { x: TODAY, y: 2 },
    ]);
    expect(activeContracts(db, [TODAY], { zoneId: 2, technicienId: null })[0]!.y).toBe(1);
  });

  it('renewal rate over the periods ending in the range', () => {
    expect(renewalRate(db, nov, ALL)).toEqual({ rate: 0.5, renewed: 1, ended: 2 });
    expect(renewalRate(db, oct, ALL).rate).toBeNull();
  });

  it('quote funnel of the quotes sent in the range', () => {
    expect(quoteFunnel(db, nov, ALL)).toEqual({ emis: 3, repondus: 2, signes: 1, montantSigne: 1000 });
  });

  it('satisfaction heat map: mean note per zone and month', () => {
    const cells = satisfactionHeatmap(db, { from: '2026-10-01', to: '2026-11-30', fromId: 20261001, toId: 20261130 }, ALL);
    expect(cells).toEqual([
      { zoneId: 1, month: '2026-10', mean: 3, n: 1 },
      { zoneId: 1, month: '2026-11', mean: 3.5, n: 2 },
      { zoneId: 2, month: '2026-11', mean: 4, n: 1 },
    ]);
  });

  it('top clients of the rolling year', () => {
    const top = topClients(db, { from: '2025-12-01', to: '2026-11-30', fromId: 20251201, toId: 20261130 }, ALL);
    expect(top.map((c) => [c.clientId, c.revenue])).toEqual([[1, 640], [3, 230], [2, 200], [4, 40]]);
  });

  it('the dashboard puts it together with the previous period and year over year', () => {
    const d = directionDashboard(db, { period: nov, today: TODAY, ...ALL });
    expect(d.ca).toEqual({ value: 630, previous: 300, yearAgo: 620, yoy: 630 / 620 - 1 });
    expect(d.contracts).toEqual({ value: 2, previous: 2 });
    expect(d.contractsTrend).toHaveLength(12);
    expect(d.renewal.value).toBe(0.5);
    expect(d.nps).toEqual({ value: 0, previous: 100, answers: 3 });
    expect(d.interventions).toContainEqual({ month: '2026-11', categorie: 'maintenance', n: 3 });
    expect(d.heatmapMonths).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(d.caByMonth.find((p) => p.x === '2026-11')?.y).toBe(630);
    expect(d.caByMonthYearAgo.find((p) => p.x === '2025-11')?.y).toBe(620);
  });
});
