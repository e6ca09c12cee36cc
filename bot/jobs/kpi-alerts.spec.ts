import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listUsers } from '../../core/access/index.ts';
import { dailyPlanningAlerts } from '../../core/kpi/proactive.ts';
import { TODAY, demoDb, type TempDb } from '../../test/e2e/helpers.ts';
import { KPI_DAILY_KIND, KPI_MONTHLY_KIND } from './kpi-alerts.ts';
import { convOf, harness } from './test-channel.ts';

let temp: TempDb;
beforeAll(() => {
  temp = demoDb();
});
afterAll(() => temp?.cleanup());
beforeEach(() => temp.db.exec('DELETE FROM outbox; DELETE FROM jobs;'));

const recurring = [
  { kind: KPI_DAILY_KIND, cron: '0 8 * * 1-5' },
  { kind: KPI_MONTHLY_KIND, cron: '0 8 1 * *' },
];
const textOf = (a: Record<string, unknown>): string => JSON.stringify(a);

describe('kpi.daily and kpi.monthly', () => {
  it('Tuesday 1 December 08:00: the planner gets the day’s alerts, the direction the November dashboard, once each; a second tick sends nothing', async () => {
    expect(dailyPlanningAlerts(temp.db, TODAY)).not.toBeNull(); // the demo has something to say
    const h = harness(temp.db, recurring, new Date(`${TODAY}T08:00:00+01:00`));
    const first = await h.scheduler.tick();
    expect(first.done.sort()).toEqual([`${KPI_DAILY_KIND}:${TODAY}`, `${KPI_MONTHLY_KIND}:${TODAY}`]);
    const users = listUsers(temp.db);
    const counts = h.counts();
    for (const u of users) expect(counts.get(convOf(u.email)) ?? 0, u.email).toBe(u.role === 'planning' || u.role === 'direction' ? 1 : 0);
    const planner = users.find((u) => u.role === 'planning')!;
    const direction = users.find((u) => u.role === 'direction')!;
    expect(textOf(h.posts.find((p) => p.conversationId === convOf(planner.email))!.activity)).toContain('Alertes du jour');
    expect(textOf(h.posts.find((p) => p.conversationId === convOf(direction.email))!.activity)).toMatch(/Tableau de bord Direction — novembre 2026/);
    h.clock.now = new Date(`${TODAY}T08:01:00+01:00`);
    expect((await h.scheduler.tick()).done).toEqual([]);
    // even when the job itself runs again (a takeover), the outbox sends nothing twice
    temp.db.exec(`UPDATE jobs SET status = 'pending', run_after = due_at`);
    expect((await h.scheduler.tick()).done).toHaveLength(2);
    expect(h.posts).toHaveLength(2);
  });

  it('the monthly summary only on the 1st; the daily alerts not at the weekend', async () => {
    const h = harness(temp.db, recurring, new Date('2026-12-05T08:00:00+01:00')); // Saturday
    const r = await h.scheduler.tick();
    expect(r.done.filter((k) => k.endsWith('2026-12-05'))).toEqual([]);
    expect(h.posts.filter((p) => textOf(p.activity).includes('Tableau de bord Direction'))).toEqual([]);
  });
});
