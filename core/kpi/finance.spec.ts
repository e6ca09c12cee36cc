import { afterAll, describe, expect, it } from 'vitest';
import { financeDashboard, meanAmountByType, quoteConversion, quoteRevenue, quoteRevenueByMonth, reinvoicing } from './finance.ts';
import { parsePeriod } from './period.ts';
import { ALL } from './sql.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const nov = parsePeriod('2026-11');
const oct = parsePeriod('2026-10');

describe('finance KPIs on the hand-made warehouse', () => {
  it('overtime re-invoicing rate', () => {
    expect(reinvoicing(db, nov, ALL)).toEqual({ rate: 20 / 30, refacture: 20, depassement: 30 });
    expect(reinvoicing(db, oct, ALL).rate).toBe(1);
  });

  it('mean amount per type', () => {
    expect(meanAmountByType(db, nov, ALL).map((t) => [t.code, t.mean])).toEqual([['TAB-MAINT', 190 / 3], ['CHAUF-DEP', 200]]);
  });

  it('quote revenue by month of signature and conversion of the quotes sent', () => {
    expect(quoteRevenue(db, nov, ALL)).toBe(1500);
    expect(quoteRevenueByMonth(db, [oct, nov], ALL)).toEqual([{ x: '2026-10', y: 0 }, { x: '2026-11', y: 1500 }]);
    expect(quoteConversion(db, nov, ALL)).toEqual({ rate: 1 / 3, sent: 3, signed: 1 });
    expect(quoteConversion(db, oct, ALL).rate).toBe(1);
  });

  it('the dashboard', () => {
    const d = financeDashboard(db, { period: nov, today: TODAY, ...ALL });
    expect(d.quoteRevenue).toEqual({ value: 1500, previous: 0 });
    expect(d.reinvoicedByMonth.slice(-2)).toEqual([{ x: '2026-10', y: 30 }, { x: '2026-11', y: 20 }]);
    expect(d.conversion).toMatchObject({ value: 1 / 3, previous: 1 });
  });
});
