import { afterAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/index.ts';
import { dailyPlanningAlerts, monthlyDirectionSummary } from './proactive.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());

describe('proactive KPI messages', () => {
  it('daily planner alerts: contracts J-30 and delays > 7 days', () => {
    const m = dailyPlanningAlerts(db, TODAY)!;
    expect(m.text).toBe('Alertes du jour\n1 contrat(s) se terminent dans les 30 jours.\n1 intervention(s) en retard de plus de 7 jours.');
    expect(checkCard(m.card)).toEqual([]);
    const json = JSON.stringify(m.card);
    expect(json).toContain('fin de contrat le 2026-12-20');
    expect(json).toContain('échéance dépassée depuis le 2026-11-10');
  });

  it('says nothing when there is nothing to say', () => {
    expect(dailyPlanningAlerts(db, '2026-09-01')).toBeNull();
  });

  it('monthly direction summary: the month just ended', () => {
    const m = monthlyDirectionSummary(db, '2026-12-01');
    expect(m.text).toMatch(/^Tableau de bord Direction — novembre 2026/);
    expect(checkCard(m.card)).toEqual([]);
  });
});
