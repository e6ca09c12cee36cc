/**
 * The Teams endpoint pushing back across a restart: the morning tour's job runs in one real process while the
 * channel answers 429 (Retry-After) then 500s, so one card cannot go; the process ends; a new process (another
 * owner, nothing shared but the SQLite file) takes the job up at its backoff time, and every technician ends up
 * with exactly one card. Complements test/e2e/scheduler.spec.ts (same process) and bot/proactive.spec.ts.
 */
import { join } from 'node:path';
import { App } from '@microsoft/teams.apps';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../bot/jobs/index.ts';
import { createProactiveSender, sdkTransport } from '../../bot/proactive.ts';
import { createScheduler, defaultRecurring, type TickReport } from '../../bot/scheduler.ts';
import { listUsers } from '../../core/access/index.ts';
import { findJob, listOutbox } from '../../core/jobs/index.ts';
import { FakeChannel } from '../e2e/fake-channel.ts';
import { FlakyFront } from '../e2e/flaky-channel.ts';
import { TODAY, demoDb, personalConversations, type TempDb } from '../e2e/helpers.ts';
import { spawnChild } from './child.ts';

const CHILD = 'test/faults/fixtures/scheduler-child.ts';
const AT_0645 = new Date(`${TODAY}T06:45:00+01:00`);
const KEY = `tournee.morning:${TODAY}`;
const conv = (email: string): string => `a:personal-${email}`;

let temp: TempDb;
let channel: FakeChannel;
let front: FlakyFront;

beforeAll(async () => {
  temp = demoDb();
  channel = new FakeChannel();
  await channel.start();
  front = new FlakyFront(() => channel.url);
  await front.start();
  personalConversations(temp.db, front.url, conv);
}, 60_000);
beforeEach(() => {
  temp.db.exec('DELETE FROM outbox; DELETE FROM jobs;');
  front.failures.length = 0;
  front.seen.length = 0;
});
afterAll(async () => {
  await front?.stop();
  await channel?.stop();
  temp?.cleanup();
});

type Report = TickReport & { owner: string; waits: number[] };

async function tickInChild(at: Date): Promise<Report> {
  const child = spawnChild(CHILD, [join(temp.dir, 'sav.db'), at.toISOString()]);
  const report = JSON.parse((await child.line('report ')).slice('report '.length)) as Report;
  expect((await child.exited).code).toBe(0);
  return report;
}

describe('the Teams endpoint answering 429 and 500, across a scheduler restart', () => {
  it('429 (Retry-After: 3) then 500 ×4 → the card is given up for this run, the job backs off; a new process 30 s later sends it; each card once', async () => {
    const technicians = listUsers(temp.db).filter((u) => u.role === 'technician');
    const mark = channel.mark();
    front.failures.push({ status: 429, headers: { 'Retry-After': '3' } }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });

    const first = await tickInChild(AT_0645);
    expect(first.retried).toEqual([KEY]);
    expect(first.waits).toEqual([3000, 2000, 4000, 8000]); // Retry-After honoured, then exponential backoff (1 s × 2^(try−1))
    expect(front.seen.filter((s) => / → (429|500)$/.test(s))).toHaveLength(5);
    const job = findJob(temp.db, KEY)!;
    expect(job).toMatchObject({ status: 'pending', attempts: 1, leaseOwner: null, lastError: expect.stringMatching(/1 card\(s\) to retry .*HTTP 500/) });
    expect(job.runAfter.getTime() - AT_0645.getTime()).toBe(30_000);
    const failedKey = listOutbox(temp.db, { status: 'failed' });
    expect(failedKey).toHaveLength(1);
    const delivered = () => channel.captured.slice(mark).filter((a) => a.method === 'POST');
    expect(delivered()).toHaveLength(technicians.length - 1);

    // a new process at the backoff time: the card that failed, only
    const second = await tickInChild(job.runAfter);
    expect(second.owner).not.toBe(first.owner);
    expect(second.done).toEqual([KEY]);
    expect(second.waits).toEqual([]);
    expect(findJob(temp.db, KEY)).toMatchObject({ status: 'done', attempts: 2, lastError: `sent 1, already sent ${technicians.length - 1}, no stops 0, no conversation 0, failed 0` });
    for (const u of technicians) expect(delivered().filter((a) => a.conversationId === conv(u.email)), u.email).toHaveLength(1);
    expect(delivered()).toHaveLength(technicians.length);
    expect(listOutbox(temp.db, { status: 'sent' }).map((o) => o.key).sort()).toEqual(listOutbox(temp.db).map((o) => o.key).sort());
  }, 120_000);
});

describe('a Retry-After longer than the sender waits inline (60 s)', () => {
  it('Retry-After: 120 → the card is given up at once, the job waits those 120 s (not its 30-s backoff), then sends it once', async () => {
    const technicians = listUsers(temp.db).filter((u) => u.role === 'technician');
    const mark = channel.mark();
    let clock = AT_0645;
    const waits: number[] = [];
    const app = new App({ clientId: '', clientSecret: '', tenantId: '', dangerouslyAllowUnauthenticatedRequests: true });
    const proactive = createProactiveSender({ db: temp.db, transport: sdkTransport(app), owner: 'A', now: () => clock, sleep: async (ms) => void waits.push(ms) });
    const scheduler = createScheduler({
      db: temp.db, owner: 'A', now: () => clock, handlers: jobHandlers({ db: temp.db, proactive }),
      recurring: defaultRecurring({ enabled: true, timezone: 'Europe/Paris', morningTourCron: '45 6 * * 1-6', morningTourMaxLatenessMin: 180 }),
    });
    front.failures.push({ status: 429, headers: { 'Retry-After': '120' } });

    expect((await scheduler.tick()).retried).toEqual([KEY]);
    expect(waits).toEqual([]); // not slept inline: too long
    const job = findJob(temp.db, KEY)!;
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/HTTP 429/) });
    expect(job.runAfter.getTime() - AT_0645.getTime()).toBe(120_000);
    clock = new Date(AT_0645.getTime() + 119_000);
    expect((await scheduler.tick()).done).toEqual([]); // the channel asked for 120 s: not before
    expect(front.seen.filter((x) => / → 429$/.test(x))).toHaveLength(1);
    clock = job.runAfter;
    expect((await scheduler.tick()).done).toEqual([KEY]);
    const delivered = channel.captured.slice(mark).filter((a) => a.method === 'POST');
    for (const u of technicians) expect(delivered.filter((a) => a.conversationId === conv(u.email)), u.email).toHaveLength(1);
    expect(delivered).toHaveLength(technicians.length);
  });
});
