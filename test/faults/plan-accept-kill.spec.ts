/**
 * SIGKILL during plan acceptance. The bot runs in a real child process (createBotApp, LOCAL mode, scheduler on)
 * on a demo SQLite file; the planner's click is a real `Action.Execute plan.accept` invoke over HTTP; the
 * technicians' messages go through a front to the fake Bot Connector, which counts deliveries.
 *
 * - killed between the decision and the enqueue of the technicians' notify job (the child blocks when it is
 *   about to insert the plan.notify job; the parent kills it): the decision and its notify job stand or fall
 *   together; the planner clicks again on the restarted bot, the plan is accepted once, each technician told once;
 * - killed while the technicians' messages are being sent (the 2nd one held in flight at the front): after a
 *   restart past the leases, the job finishes, each technician is told exactly once;
 * - and in both cases a further click answers that the plan was already decided, and sends nothing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../core/access/index.ts';
import { findJob, listOutbox } from '../../core/jobs/index.ts';
import { DEFAULT_PLANNING_CONFIG } from '../../core/planning/config.ts';
import { evaluatePlan } from '../../core/planning/model/costs.ts';
import { loadWeek } from '../../core/planning/model/from-warehouse.ts';
import type { PlanAssignment } from '../../core/planning/model/types.ts';
import { getPlan, savePlan } from '../../core/planning/plans.ts';
import { FakeChannel } from '../e2e/fake-channel.ts';
import { NOW, cardText, demoDb, invokeActivity, personalConversations, postJson, type TempDb } from '../e2e/helpers.ts';
import { spawnChild, type Child } from './child.ts';
import { HoldingFront } from './holding-front.ts';

const BOT_CHILD = 'test/faults/fixtures/bot-child.ts';
const conv = (email: string): string => `a:personal-${email}`;
const PLANNER_CONV = 'a:conv-plan-accept';

let temp: TempDb;
let dbPath: string;
let channel: FakeChannel;
let front: HoldingFront;

beforeAll(async () => {
  temp = demoDb();
  dbPath = join(temp.dir, 'sav.db');
  channel = new FakeChannel();
  await channel.start();
  front = new HoldingFront(() => channel.url);
  await front.start();
  personalConversations(temp.db, front.url, conv);
}, 60_000);
afterAll(async () => {
  await front?.stop();
  await channel?.stop();
  temp?.cleanup();
});

/** A draft plan of `week` (jobs dealt round-robin to the technicians, no solver): id, version, technicians in it. */
function draftPlan(week: string): { planId: number; version: number; inPlan: number[] } {
  const data = loadWeek(temp.db, week);
  const { instance } = data;
  const assignments: PlanAssignment[] = instance.jobs.map((j, k) => ({
    jobId: j.id,
    technicienId: instance.technicians[k % instance.technicians.length]!.id,
    date: instance.days[Math.floor(k / instance.technicians.length) % instance.days.length]!,
  }));
  const costs = evaluatePlan(instance, assignments, DEFAULT_PLANNING_CONFIG);
  const result = { status: 'feasible' as const, objective: 1, bound: 1, gap: 0, ms: 1, method: 'greedy' as const, assignments, unassigned: [], costs, columns: 0, rows: 0 };
  const planId = savePlan(temp.db, data, result, DEFAULT_PLANNING_CONFIG, null, NOW);
  const inPlan = [...new Set(assignments.map((a) => a.technicienId))].sort((a, b) => a - b);
  expect(inPlan.length).toBeGreaterThanOrEqual(2);
  return { planId, version: getPlan(temp.db, planId)!.version, inPlan };
}

const acceptActivity = (planId: number, version: number) =>
  invokeActivity({ action: { type: 'Action.Execute', verb: 'plan.accept', data: { planId, version } } }, { serviceUrl: front.url, conversationId: PLANNER_CONV });

async function click(url: string, planId: number, version: number): Promise<string> {
  const res = await postJson(url, acceptActivity(planId, version));
  expect(res.status).toBe(200);
  return cardText((res.body as { value: unknown }).value);
}

const technicians = () => listUsers(temp.db).filter((u) => u.role === 'technician');

/** Messages delivered to the technicians' personal conversations since `mark`, by technician id. */
function deliveredByTechnician(mark: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const u of technicians()) m.set(u.technicienId!, channel.captured.slice(mark).filter((a) => a.method === 'POST' && a.conversationId === conv(u.email)).length);
  return m;
}

/** Each technician of the plan told their week exactly once, the others nothing. */
function expectEachToldOnce(mark: number, inPlan: number[]): void {
  const delivered = deliveredByTechnician(mark);
  for (const [id, n] of delivered) expect(n, `technician ${id}`).toBe(inPlan.includes(id) ? 1 : 0);
  for (const a of channel.captured.slice(mark).filter((x) => x.method === 'POST')) expect(JSON.stringify(a.activity)).toContain('Votre semaine est planifiée');
}

async function settle(bot: Child): Promise<void> {
  bot.process.stdin!.write('idle\n');
  await bot.line('idle');
  bot.lines.splice(bot.lines.indexOf('idle'), 1);
}

async function shutdown(bot: Child): Promise<void> {
  bot.process.stdin!.end();
  const exit = await bot.exited;
  expect(exit.code, exit.stderr).toBe(0);
}

const plannedOf = (planId: number) =>
  temp.db
    .prepare('SELECT p.planned_id, p.technicien_id, p.date_prevue, p.ordre, p.statut FROM planned_interventions p JOIN plan_lines l ON l.planned_id = p.planned_id WHERE l.plan_id = ? ORDER BY p.planned_id')
    .all(planId);

describe('SIGKILL during plan acceptance (bot child process, fake Bot Connector)', () => {
  it('killed between the decision and the notify job: both or neither are written; clicked again after restart → accepted once, each technician told once', async () => {
    const { planId, version, inPlan } = draftPlan('2026-W50');
    const before = plannedOf(planId);
    const mark = channel.mark();

    const dying = spawnChild(BOT_CHILD, [dbPath, NOW.toISOString()], { PAUSE_AT: 'plan.notify-enqueue' });
    const url = (await dying.line('listening ')).slice('listening '.length);
    const clicked = postJson(url, acceptActivity(planId, version)).then(
      (r) => `answered ${r.status}`,
      (e: unknown) => `failed: ${(e as Error).message}`,
    );
    await dying.line('stopped plan.notify');
    expect((await dying.kill()).signal).toBe('SIGKILL');
    expect(await clicked).toMatch(/^failed/); // Teams shows the planner the click failed

    // the decision is not left without its notification: neither was committed
    expect({ statut: getPlan(temp.db, planId)?.statut, job: findJob(temp.db, `plan.notify:${planId}`)?.status ?? null }).toEqual({ statut: 'draft', job: null });
    expect(plannedOf(planId)).toEqual(before);
    expect(deliveredByTechnician(mark)).toEqual(new Map(technicians().map((u) => [u.technicienId!, 0])));

    const restarted = spawnChild(BOT_CHILD, [dbPath, NOW.toISOString()]);
    const url2 = (await restarted.line('listening ')).slice('listening '.length);
    expect(await click(url2, planId, version)).toMatch(/Accepté par Clothilde Martin/);
    await settle(restarted);
    expect(getPlan(temp.db, planId)).toMatchObject({ statut: 'accepted', version: version + 1, decided_by_name: 'Clothilde Martin' });
    expect(findJob(temp.db, `plan.notify:${planId}`)).toMatchObject({ status: 'done', attempts: 1 });
    expectEachToldOnce(mark, inPlan);

    // the card's button clicked again (the old version, or the new one): already decided, nothing sent
    expect(await click(url2, planId, version)).toMatch(/déjà été traité/);
    expect(await click(url2, planId, version + 1)).toMatch(/déjà été traité/);
    await settle(restarted);
    expectEachToldOnce(mark, inPlan);
    expect(getPlan(temp.db, planId)?.version).toBe(version + 1);
    await shutdown(restarted);
  }, 120_000);

  it('killed while the technicians are being told (2nd message in flight): after a restart past the leases each is told exactly once', async () => {
    const { planId, version, inPlan } = draftPlan('2026-W51');
    const mark = channel.mark();
    const held = front.holdNth(2, (path) => decodeURIComponent(path).includes('a:personal-'));

    const dying = spawnChild(BOT_CHILD, [dbPath, NOW.toISOString()]);
    const url = (await dying.line('listening ')).slice('listening '.length);
    expect(await click(url, planId, version)).toMatch(/Accepté par Clothilde Martin/);
    await held;
    expect((await dying.kill()).signal).toBe('SIGKILL');
    front.dropHeld();

    expect(getPlan(temp.db, planId)?.statut).toBe('accepted');
    expect(findJob(temp.db, `plan.notify:${planId}`)).toMatchObject({ status: 'running', attempts: 1 });
    const keys = (status: 'sent' | 'sending') => listOutbox(temp.db, { status }).filter((o) => o.key.startsWith(`plan.notify:${planId}:`)).length;
    expect({ sent: keys('sent'), sending: keys('sending') }).toEqual({ sent: 1, sending: 1 });
    expect([...deliveredByTechnician(mark).values()].reduce((a, b) => a + b, 0)).toBe(1);

    // restarted 7 minutes later: the job's lease (5 min) and the in-flight message's (6 min) have expired
    const later = new Date(NOW.getTime() + 7 * 60_000);
    const restarted = spawnChild(BOT_CHILD, [dbPath, later.toISOString()]);
    await restarted.line('listening ');
    await settle(restarted);
    expect(findJob(temp.db, `plan.notify:${planId}`)).toMatchObject({ status: 'done', attempts: 2, lastError: `sent ${inPlan.length - 1}, already sent 1, no conversation 0, failed 0, no account 0` });
    expectEachToldOnce(mark, inPlan);

    const url2 = (await restarted.line('listening ')).slice('listening '.length);
    expect(await click(url2, planId, version + 1)).toMatch(/déjà été traité/);
    await settle(restarted);
    expectEachToldOnce(mark, inPlan);
    await shutdown(restarted);
  }, 120_000);
});
