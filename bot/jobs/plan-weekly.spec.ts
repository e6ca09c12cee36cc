/**
 * The weekly plan pushed on Monday morning to the planner (job plan.weekly), and, once accepted through the
 * running bot (Action.Execute plan.accept), each technician told their week (job plan.notify) — no sleeps:
 * injected clocks, ticks called directly, the bot's own tick awaited through idle().
 */
import loadHighs, { type Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../core/access/index.ts';
import { findJob } from '../../core/jobs/index.ts';
import { getPlan, type Solve } from '../../core/planning/plans.ts';
import { solveWithHighs } from '../../core/planning/solver/highs-solve.ts';
import { FakeChannel } from '../../test/e2e/fake-channel.ts';
import { NOW, cardText, demoDb, invokeActivity, localConfig, logCapture, personalConversations, postJson, type TempDb } from '../../test/e2e/helpers.ts';
import { createBotApp, type BotApp } from '../app.ts';
import { createLogger } from '../logger.ts';
import { enqueuePlanNotify, nextIsoWeek, PLAN_NOTIFY_KIND, PLAN_WEEKLY_KIND } from './plan-weekly.ts';
import { convOf, harness } from './test-channel.ts';

const MONDAY_0700 = new Date('2026-11-30T07:00:00+01:00');
const WEEK = '2026-W50';
const previousLimit = process.env.PLAN_TIME_LIMIT_S;
let temp: TempDb;
let highs: Highs;
const solve: Solve = (instance, c) => Promise.resolve(solveWithHighs(highs, instance, c));

beforeAll(async () => {
  process.env.PLAN_TIME_LIMIT_S = '1';
  highs = await (loadHighs as unknown as () => Promise<Highs>)();
  temp = demoDb();
});
afterAll(() => {
  temp?.cleanup();
  if (previousLimit === undefined) delete process.env.PLAN_TIME_LIMIT_S;
  else process.env.PLAN_TIME_LIMIT_S = previousLimit;
});

const plans = (): number => (temp.db.prepare('SELECT COUNT(*) AS n FROM plan_suggestions').get() as { n: number }).n;

describe('nextIsoWeek', () => {
  it('the ISO week after the date’s, across the year end', () => {
    expect(nextIsoWeek('2026-11-30')).toBe('2026-W50');
    expect(nextIsoWeek('2026-12-28')).toBe('2027-W01');
    expect(nextIsoWeek('2027-01-03')).toBe('2027-W01');
  });
});

describe('plan.weekly', () => {
  it('Monday 07:00: next week’s plan is computed once and its card sent to the planner only; a second tick or a rerun sends nothing more', async () => {
    const h = harness(temp.db, [{ kind: PLAN_WEEKLY_KIND, cron: '0 7 * * 1' }], MONDAY_0700, () => ({ solve }));
    const r = await h.scheduler.tick();
    expect(r.done).toEqual([`${PLAN_WEEKLY_KIND}:2026-11-30`]);
    const users = listUsers(temp.db);
    const counts = h.counts();
    for (const u of users) expect(counts.get(convOf(u.email)) ?? 0, u.email).toBe(u.role === 'planning' ? 1 : 0);
    const card = JSON.stringify(h.posts[0]!.activity);
    expect(card).toContain('Planning proposé');
    expect(card).toContain('"verb":"plan.accept"');
    expect(card).toMatch(/Bonjour Clothilde, voici le planning proposé pour la semaine prochaine/);
    const plan = temp.db.prepare("SELECT plan_id, semaine, statut FROM plan_suggestions ORDER BY plan_id DESC LIMIT 1").get();
    expect(plan).toMatchObject({ semaine: WEEK, statut: 'draft' });
    expect(plans()).toBe(1);

    h.clock.now = new Date('2026-11-30T07:01:00+01:00');
    expect((await h.scheduler.tick()).done).toEqual([]);
    // a rerun (e.g. after a crash between the sends) reuses the stored plan: no second computation, no second card
    temp.db.exec(`UPDATE jobs SET status = 'pending', run_after = due_at WHERE kind = '${PLAN_WEEKLY_KIND}'`);
    expect((await h.scheduler.tick()).done).toEqual([`${PLAN_WEEKLY_KIND}:2026-11-30`]);
    expect(plans()).toBe(1);
    expect(h.posts).toHaveLength(1);
  });

  it('plan.notify for a plan not accepted is skipped with the reason', async () => {
    const planId = (temp.db.prepare("SELECT plan_id FROM plan_suggestions WHERE statut = 'draft'").get() as { plan_id: number }).plan_id;
    const h = harness(temp.db, [], MONDAY_0700);
    enqueuePlanNotify(temp.db, planId, MONDAY_0700);
    expect((await h.scheduler.tick()).skipped).toEqual([`${PLAN_NOTIFY_KIND}:${planId}`]);
    expect(findJob(temp.db, `${PLAN_NOTIFY_KIND}:${planId}`)?.lastError).toMatch(/is draft, not accepted/);
    expect(h.posts).toEqual([]);
    temp.db.prepare('DELETE FROM jobs WHERE idempotency_key = ?').run(`${PLAN_NOTIFY_KIND}:${planId}`);
  });
});

describe('accepting the plan in Teams tells each technician their week', () => {
  let channel: FakeChannel;
  let bot: BotApp;
  let messages: string;
  beforeAll(async () => {
    channel = new FakeChannel();
    await channel.start();
    personalConversations(temp.db, channel.url, convOf, { tenantId: 't' });
    // the scheduler on, its morning tour set on a day far away (nothing else due at NOW)
    const scheduler = { enabled: true, timezone: 'Europe/Paris', morningTourCron: '0 0 1 7 *', morningTourMaxLatenessMin: 180 };
    bot = createBotApp({ db: temp.db, config: localConfig({ scheduler }), now: () => NOW, logger: createLogger('info', logCapture().stream) });
    messages = (await bot.start()).url;
  });
  afterAll(async () => {
    await bot?.stop();
    await channel?.stop();
  });

  it('plan.accept → one week message per technician of the plan (outbox keys plan.notify:<id>:technicien:<id>); a second accept sends nothing', async () => {
    const { plan_id: planId, version } = temp.db.prepare("SELECT plan_id, version FROM plan_suggestions WHERE statut = 'draft'").get() as { plan_id: number; version: number };
    const accept = { action: { type: 'Action.Execute', verb: 'plan.accept', data: { planId, version } } };
    const mark = channel.mark();
    const res = await postJson(messages, invokeActivity(accept, { serviceUrl: channel.url, conversationId: 'a:conv-plan-accept' }));
    expect(cardText((res.body as { value: unknown }).value)).toMatch(/Accepté par Clothilde Martin/);
    await bot.idle();
    expect(getPlan(temp.db, planId)?.statut).toBe('accepted');
    expect(findJob(temp.db, `${PLAN_NOTIFY_KIND}:${planId}`)?.status).toBe('done');

    const inPlan = (temp.db.prepare('SELECT DISTINCT technicien_id AS id FROM plan_lines WHERE plan_id = ? AND technicien_id IS NOT NULL ORDER BY id').all(planId) as { id: number }[]).map((x) => x.id);
    expect(inPlan.length).toBeGreaterThan(0);
    const posted = channel.captured.slice(mark).filter((a) => a.method === 'POST');
    const technicians = listUsers(temp.db).filter((u) => u.role === 'technician');
    for (const u of technicians) {
      const mine = posted.filter((a) => a.conversationId === convOf(u.email));
      expect(mine, u.email).toHaveLength(inPlan.includes(u.technicienId!) ? 1 : 0);
      if (mine[0]) expect(`${mine[0].activity.text ?? ''} ${cardText(mine[0].activity.attachments?.[0]?.content)}`).toMatch(new RegExp(`Votre semaine est planifiée[\\s\\S]*Semaine de ${u.displayName}`));
    }
    expect(posted.filter((a) => a.conversationId.startsWith('a:personal-')).length).toBe(inPlan.length);
    const keys = (temp.db.prepare("SELECT idempotency_key AS k FROM outbox WHERE idempotency_key LIKE 'plan.notify:%' AND status = 'sent' ORDER BY k").all() as { k: string }[]).map((x) => x.k);
    expect(keys).toEqual(inPlan.map((id) => `${PLAN_NOTIFY_KIND}:${planId}:technicien:${id}`).sort());

    const again = await postJson(messages, invokeActivity({ action: { ...accept.action, data: { planId, version: version + 1 } } }, { serviceUrl: channel.url, conversationId: 'a:conv-plan-accept' }));
    expect(cardText((again.body as { value: unknown }).value)).toMatch(/déjà été traité/);
    await bot.idle();
    expect(channel.captured.slice(mark).filter((a) => a.method === 'POST' && a.conversationId.startsWith('a:personal-'))).toHaveLength(inPlan.length);
  });
});
