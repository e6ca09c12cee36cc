/**
 * The scheduler end to end: the real Teams SDK posting to a fake Bot Connector, two scheduler instances on two
 * connections to one SQLite WAL file (and two real processes), crashes simulated between claim, send and
 * completion, catch-up after a downtime, and a channel answering 429 / 500. No sleeps: the clock is injected
 * and each scheduler's tick is called directly; retry waits go through an injected sleep that records them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { App } from '@microsoft/teams.apps';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobHandlers, MORNING_TOUR_KIND, morningTourHandler } from '../../bot/jobs/index.ts';
import { createProactiveSender, sdkTransport, type ProactiveSender } from '../../bot/proactive.ts';
import { createScheduler, defaultRecurring, type Scheduler, type TickReport } from '../../bot/scheduler.ts';
import { listUsers } from '../../core/access/index.ts';
import { claimDue, enqueue, findJob, listJobs, listOutbox, type Job } from '../../core/jobs/index.ts';
import { dayRoute } from '../../core/planning/tournee.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { FakeChannel } from './fake-channel.ts';
import { FlakyFront } from './flaky-channel.ts';
import { TODAY, demoDb, personalConversations, type TempDb } from './helpers.ts';

const SCHEDULER = { enabled: true, timezone: 'Europe/Paris', morningTourCron: '45 6 * * 1-6', morningTourMaxLatenessMin: 180 };
const AT_0645 = new Date(`${TODAY}T06:45:00+01:00`);
const minutes = (m: number): Date => new Date(AT_0645.getTime() + m * 60_000);
const TODAY_KEY = `${MORNING_TOUR_KIND}:${TODAY}`;

let temp: TempDb;
let second: Db;
let channel: FakeChannel;
let front: FlakyFront;
let clock = AT_0645;
const conv = (email: string): string => `a:personal-${email}`;

beforeAll(async () => {
  temp = demoDb();
  second = openDb(join(temp.dir, 'sav.db'));
  channel = new FakeChannel();
  await channel.start();
  front = new FlakyFront(() => channel.url);
  await front.start();
  // every user has talked to the bot once: a personal conversation on the (fake) channel
  personalConversations(temp.db, front.url, conv);
});

afterAll(async () => {
  second?.close();
  await front?.stop();
  await channel?.stop();
  temp?.cleanup();
});

beforeEach(() => {
  temp.db.exec('DELETE FROM outbox; DELETE FROM jobs;');
  front.failures.length = 0;
  clock = AT_0645;
});

interface Instance {
  owner: string;
  scheduler: Scheduler;
  proactive: ProactiveSender;
  waits: number[];
}

/** One app instance: the SDK App (LOCAL mode), the proactive sender and the scheduler, on its own connection. */
function instance(db: Db, owner: string): Instance {
  const waits: number[] = [];
  const app = new App({ clientId: '', clientSecret: '', tenantId: '', dangerouslyAllowUnauthenticatedRequests: true });
  const proactive = createProactiveSender({ db, transport: sdkTransport(app), owner, now: () => clock, sleep: async (ms) => void waits.push(ms) });
  const scheduler = createScheduler({ db, owner, now: () => clock, handlers: jobHandlers({ db, proactive }), recurring: defaultRecurring(SCHEDULER) });
  return { owner, scheduler, proactive, waits };
}

const technicians = () => listUsers(temp.db).filter((u) => u.role === 'technician');
const others = () => listUsers(temp.db).filter((u) => u.role !== 'technician');
const deliveredSince = (mark: number) => channel.captured.slice(mark).filter((a) => a.method === 'POST');
function countsByConversation(mark: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of deliveredSince(mark)) m.set(a.conversationId, (m.get(a.conversationId) ?? 0) + 1);
  return m;
}

/** Each technician got exactly one card (with their own stops), nobody else got anything. */
function expectOneCardPerTechnician(mark: number, date = TODAY): void {
  const counts = countsByConversation(mark);
  for (const u of technicians()) {
    expect(counts.get(conv(u.email)), u.email).toBe(1);
    const card = deliveredSince(mark).find((a) => a.conversationId === conv(u.email))!.activity.attachments?.[0]?.content;
    const json = JSON.stringify(card);
    expect(json).toContain(`Tournée de ${u.displayName}`);
    for (const stop of dayRoute(temp.db, u.technicienId!, date).stops) expect(json).toContain(stop.client.name);
  }
  for (const u of others()) expect(counts.get(conv(u.email)) ?? 0, u.email).toBe(0);
  expect(deliveredSince(mark)).toHaveLength(technicians().length);
}

/** Claims today's morning tour as `owner` and returns it, as a process would just before it "dies". */
function claimAs(db: Db, owner: string): Job {
  enqueue(db, { key: TODAY_KEY, kind: MORNING_TOUR_KIND, payload: { date: TODAY }, dueAt: AT_0645, maxLatenessMs: 180 * 60_000 }, clock);
  const job = claimDue(db, { owner, now: clock, kinds: [MORNING_TOUR_KIND] }).claimed[0];
  if (!job) throw new Error('nothing claimed');
  return job;
}
const ctxOf = (owner: string) => ({ now: clock, owner, extendLease: () => true });

describe('scheduler + proactive sender, two instances on one SQLite WAL file', () => {
  it('the morning tour at 06:45: both instances tick the same minute, each technician gets one card, the planner nothing', async () => {
    expect(second.pragma('journal_mode', { simple: true })).toBe('wal');
    const a = instance(temp.db, 'A');
    const b = instance(second, 'B');
    const mark = channel.mark();
    const [ra, rb] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect([...ra.done, ...rb.done]).toEqual([TODAY_KEY]);
    expectOneCardPerTechnician(mark);
    expect(findJob(temp.db, TODAY_KEY)).toMatchObject({ status: 'done', attempts: 1, lastError: 'sent 5, already sent 0, no stops 0, no conversation 0, failed 0' });
    expect(listOutbox(temp.db, { status: 'sent' })).toHaveLength(technicians().length);
    // the next minutes: nothing more
    clock = minutes(1);
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(deliveredSince(mark)).toHaveLength(technicians().length);
  });

  it('two real processes (the bot wiring, createBotApp) ticking the same minute send each card once', async () => {
    const mark = channel.mark();
    const spawnChild = (): { child: ChildProcess; ready: Promise<void>; report: Promise<TickReport & { owner: string }> } => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/scheduler-child.ts', join(temp.dir, 'sav.db'), AT_0645.toISOString()], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
      const lines = createInterface({ input: child.stdout! });
      let readyResolve: () => void = () => undefined;
      const ready = new Promise<void>((r) => (readyResolve = r));
      const report = new Promise<TickReport & { owner: string }>((resolve, reject) => {
        lines.on('line', (line) => {
          if (line.startsWith('ready ')) readyResolve();
          if (line.startsWith('report ')) resolve(JSON.parse(line.slice(7)) as TickReport & { owner: string });
        });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) without a report:\n${err}`)));
      });
      return { child, ready, report };
    };
    const one = spawnChild();
    const two = spawnChild();
    await Promise.all([one.ready, two.ready]);
    one.child.stdin!.write('go\n');
    two.child.stdin!.write('go\n');
    const reports = await Promise.all([one.report, two.report]);
    expect(reports[0].owner).not.toBe(reports[1].owner);
    expect(reports.flatMap((r) => r.done)).toEqual([TODAY_KEY]);
    expectOneCardPerTechnician(mark);
  }, 60_000);
});

describe('crashes between claim, send and completion', () => {
  it('crash after the sends, before completing: the lease expires, B runs the job again, the outbox sends nothing twice', async () => {
    const mark = channel.mark();
    const a = instance(temp.db, 'A');
    const b = instance(second, 'B');
    const job = claimAs(temp.db, 'A');
    await morningTourHandler({ db: temp.db, proactive: a.proactive })(job, ctxOf('A'));
    // A "dies" here: the job stays running under A's lease
    expectOneCardPerTechnician(mark);
    clock = minutes(1);
    expect((await b.scheduler.tick()).done).toEqual([]); // A's lease still holds
    clock = minutes(6); // the 5-minute lease has expired
    const r = await b.scheduler.tick();
    expect(r.done).toEqual([TODAY_KEY]);
    expect(findJob(temp.db, TODAY_KEY)).toMatchObject({ status: 'done', attempts: 2, lastError: expect.stringMatching(/^sent 0, already sent 5/) });
    expectOneCardPerTechnician(mark);
  });

  it('crash in the middle (2 cards sent): after takeover the 3 others are sent, none twice', async () => {
    const mark = channel.mark();
    const a = instance(temp.db, 'A');
    const b = instance(second, 'B');
    const job = claimAs(temp.db, 'A');
    let sends = 0;
    const dying: ProactiveSender = {
      send: async (target, reply, options) => {
        if (++sends > 2) throw new Error('process killed');
        return a.proactive.send(target, reply, options);
      },
    };
    await expect(morningTourHandler({ db: temp.db, proactive: dying })(job, ctxOf('A'))).rejects.toThrow('process killed');
    expect(deliveredSince(mark)).toHaveLength(2);
    clock = minutes(6);
    expect((await b.scheduler.tick()).done).toEqual([TODAY_KEY]);
    expect(findJob(temp.db, TODAY_KEY)?.lastError).toMatch(/^sent 3, already sent 2/);
    expectOneCardPerTechnician(mark);
  });

  it('crash before any send: after restart each card is sent once', async () => {
    const mark = channel.mark();
    claimAs(temp.db, 'A'); // claimed, then A dies
    const restarted = instance(temp.db, 'A-restarted');
    clock = minutes(3);
    expect((await restarted.scheduler.tick()).done).toEqual([]);
    expect(deliveredSince(mark)).toHaveLength(0);
    clock = minutes(6);
    expect((await restarted.scheduler.tick()).done).toEqual([TODAY_KEY]);
    expectOneCardPerTechnician(mark);
  });
});

describe('catch-up after a downtime', () => {
  it('down at 06:45, started at 07:10: today’s tour runs once; yesterday’s, older than its max lateness, is skipped', async () => {
    // yesterday's job was enqueued before the app went down and never ran
    enqueue(temp.db, { key: `${MORNING_TOUR_KIND}:2026-11-30`, kind: MORNING_TOUR_KIND, payload: { date: '2026-11-30' }, dueAt: minutes(-24 * 60), maxLatenessMs: 180 * 60_000 }, minutes(-24 * 60 - 5));
    const mark = channel.mark();
    clock = new Date(`${TODAY}T07:10:00+01:00`);
    const s = instance(temp.db, 'A');
    const r = await s.scheduler.tick();
    expect(r.done).toEqual([TODAY_KEY]);
    expect(r.skipped).toEqual([`${MORNING_TOUR_KIND}:2026-11-30`]);
    expect(findJob(temp.db, `${MORNING_TOUR_KIND}:2026-11-30`)).toMatchObject({ status: 'skipped', attempts: 0, lastError: expect.stringMatching(/too late/) });
    expectOneCardPerTechnician(mark);
    for (const a of deliveredSince(mark)) expect(JSON.stringify(a.activity)).toContain('1 décembre');
    // and at the next ticks, nothing more
    clock = new Date(`${TODAY}T07:11:00+01:00`);
    await s.scheduler.tick();
    expect(deliveredSince(mark)).toHaveLength(technicians().length);
    expect(listJobs(temp.db, { status: 'done' }).map((j) => j.key)).toEqual([TODAY_KEY]);
  });
});

describe('the channel pushing back', () => {
  it('429 with Retry-After then 500 then 200 → waits as asked, backs off, every card sent once', async () => {
    const mark = channel.mark();
    front.failures.push({ status: 429, headers: { 'Retry-After': '2' } }, { status: 500 });
    const s = instance(temp.db, 'A');
    expect((await s.scheduler.tick()).done).toEqual([TODAY_KEY]);
    expect(s.waits).toEqual([2000, 2000]); // Retry-After: 2 s; then backoff 1 s × 2¹ after the second try
    expect(front.seen.filter((x) => / → (429|500)$/.test(x))).toHaveLength(2);
    expectOneCardPerTechnician(mark);
  });

  it('the channel down for a whole run → the job is retried later with backoff and sends each card once', async () => {
    const mark = channel.mark();
    front.failures.push(...Array.from({ length: 5 }, () => ({ status: 503 })));
    const s = instance(temp.db, 'A');
    const first = await s.scheduler.tick();
    expect(first.retried).toEqual([TODAY_KEY]);
    const job = findJob(temp.db, TODAY_KEY)!;
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/1 card\(s\) to retry/) });
    expect(deliveredSince(mark)).toHaveLength(technicians().length - 1);
    clock = job.runAfter; // 30 s later
    expect((await s.scheduler.tick()).done).toEqual([TODAY_KEY]);
    expectOneCardPerTechnician(mark);
  });
});
