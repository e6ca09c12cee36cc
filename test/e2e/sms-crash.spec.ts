/**
 * A crash between a send and its bookkeeping: a real child process sends the queued survey SMS through the real
 * `twilio` client to the fake Twilio and is SIGKILLed right after messages.create returned, before the SID is
 * stored. Restarted on the same SQLite file, it reconciles the intent with Twilio's message list: no client gets
 * the same SMS twice, none is skipped — and the conversation then goes on through the signed webhook.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../core/sms/dispatch.ts';
import { listSms } from '../../core/sms/outbox.ts';
import { planSurveys, receiveSms, sendSurvey } from '../../core/survey/index.ts';
import type { SurveySettings } from '../../core/survey/settings.ts';
import { world, type World } from '../../core/survey/test-world.ts';
import { FakeTwilio } from '../../bot/sms/fake-twilio.ts';
import { SAV_NUMBER, smsHarness } from '../../bot/sms/test-harness.ts';
import type { FlushReport } from '../../bot/sms/dispatcher.ts';
import { SURVEY_SERVICE } from '../../bot/sms/routes.ts';

const SETTINGS: SurveySettings = { channel: 'sms', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: null };
const T = new Date('2026-12-01T10:00:00+01:00');
const CHILD = join(import.meta.dirname, '../../bot/sms/fixtures/crash-child.ts');

let dir: string;
let dbPath: string;
let w: World;
let fake: FakeTwilio;
let clock = T;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sav-sms-crash-'));
  dbPath = join(dir, 'sav.db');
  w = world(dbPath);
  fake = new FakeTwilio({ now: () => clock });
  await fake.start();
});
afterAll(async () => {
  await fake?.stop();
  w?.db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  report: FlushReport | null;
  stderr: string;
}

/** One app process at instant `at` (the restart is a new process on the same file). */
function runChild(at: Date, crashAfter?: number, onSpawn?: (kill: () => void) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, dbPath, fake.url, fake.accountSid, fake.authToken, at.toISOString(), ...(crashAfter ? [String(crashAfter)] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(() => child.kill('SIGKILL'));
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('report '));
      resolve({ code, signal, report: line ? (JSON.parse(line.slice(7)) as FlushReport) : null, stderr: err });
    });
  });
}

/** n clients with a signed report, their surveys started: n first SMS queued (not sent). */
function surveys(n: number, signed: string): { id: number; phone: string }[] {
  const out: { id: number; phone: string }[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = w.client();
    const interventionId = w.intervention(clientId, signed);
    planSurveys(w.db, clock, SETTINGS);
    const { satisfaction_id: id } = w.db.prepare('SELECT satisfaction_id FROM fact_satisfaction WHERE intervention_id = ?').get(interventionId) as { satisfaction_id: number };
    expect(sendSurvey(w.db, id, clock, SETTINGS).queued).toHaveLength(1);
    out.push({ id, phone: (w.db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').get(clientId) as { telephone: string }).telephone });
  }
  return out;
}

const minutes = (d: Date, m: number): Date => new Date(d.getTime() + m * 60_000);

describe('SMS sending killed between messages.create and storing the SID', () => {
  it('restart: the intent is reconciled from Twilio, no client gets the SMS twice, none is skipped; the conversation goes on', async () => {
    const started = surveys(5, '2026-11-27T16:00:00+01:00');
    expect(listSms(w.db, { status: 'pending' })).toHaveLength(5);

    // 1. the process is killed right after Twilio accepted the 3rd SMS
    const crashed = await runChild(T, 3);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(crashed.report).toBeNull();
    expect(fake.messages).toHaveLength(3);
    const rows = listSms(w.db);
    expect(rows.map((m) => m.status)).toEqual(['sent', 'sent', 'sending', 'pending', 'pending']);
    expect(rows[2]!.sid).toBeNull();

    // 2. another instance a minute later: the dead process's leases still hold, nothing is sent
    clock = minutes(T, 1);
    const early = await runChild(clock);
    expect(early.report, early.stderr).toMatchObject({ claimed: 0, sent: 0 });
    expect(fake.messages).toHaveLength(3);

    // 3. restart after the leases expired: the 3rd is found at Twilio (not resent), the 4th and 5th are sent
    clock = minutes(T, 10);
    const restarted = await runChild(clock);
    expect(restarted.report, restarted.stderr).toMatchObject({ claimed: 3, reconciled: 1, sent: 2, resent: 0, failed: 0 });
    expect(fake.messages).toHaveLength(5);
    for (const s of started) expect(fake.sentTo(s.phone), s.phone).toHaveLength(1);
    const after = listSms(w.db);
    expect(after.every((m) => m.status === 'sent')).toBe(true);
    expect(after.map((m) => m.sid)).toEqual(started.map((s) => fake.sentTo(s.phone)[0]!.sid));
    // the reconciliation asked Twilio for that number's messages since the intent
    const list = fake.requests.find((r) => r.method === 'GET' && r.query['DateSent>']);
    expect(list?.query.To).toBe(started[2]!.phone);

    // 4. and a fourth run has nothing left to do
    clock = minutes(T, 20);
    expect((await runChild(clock)).report).toMatchObject({ claimed: 0 });

    // 5. the client whose SMS was reconciled answers: the conversation goes on, Q2 sent once
    const h = await smsHarness({ db: w.db, fake, now: () => clock });
    try {
      const r = await fake.inbound(h.webhookUrl, { from: started[2]!.phone, to: SAV_NUMBER, body: '9' });
      expect(r.status).toBe(200);
      await h.settle();
      expect(fake.sentTo(started[2]!.phone).map((m) => m.body)).toEqual([expect.stringMatching(/0 à 10/), expect.stringMatching(/professionnel/)]);
    } finally {
      await h.stop();
    }
  }, 120_000);

  it('killed while Twilio is answering (the answer never read): after restart each client has the SMS exactly once', async () => {
    fake.messages.length = 0;
    clock = minutes(T, 30);
    const started = surveys(3, '2026-11-27T17:00:00+01:00');
    let kill: () => void = () => undefined;
    fake.onCreated = () => {
      fake.onCreated = null;
      kill();
    };
    const crashed = await runChild(clock, undefined, (k) => (kill = k));
    expect(crashed.signal).toBe('SIGKILL');
    expect(fake.messages.length).toBeGreaterThanOrEqual(1);
    clock = minutes(clock, 10);
    const restarted = await runChild(clock);
    expect(restarted.report, restarted.stderr).toMatchObject({ failed: 0, deferred: 0 });
    for (const s of started) expect(fake.sentTo(s.phone), s.phone).toHaveLength(1);
    expect(listSms(w.db).filter((m) => started.some((s) => s.phone === m.to)).every((m) => m.status === 'sent' && m.sid !== null)).toBe(true);
  }, 120_000);
});

describe('an inbound SMS recorded, the process dying before it was processed', () => {
  it('processPending() at the restart processes it exactly once (answer, reply, processed mark together or not at all)', async () => {
    const v = world();
    clock = T;
    fake.messages.length = 0;
    const clientId = v.client();
    v.intervention(clientId, '2026-11-27T16:00:00+01:00');
    planSurveys(v.db, clock, SETTINGS);
    const { satisfaction_id: id } = v.db.prepare('SELECT satisfaction_id FROM fact_satisfaction WHERE client_id = ?').get(clientId) as { satisfaction_id: number };
    const phone = (v.db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').get(clientId) as { telephone: string }).telephone;
    sendSurvey(v.db, id, clock, SETTINGS);
    const inbound = () => v.db.prepare('SELECT message_sid AS sid, processed_at AS processedAt, outcome FROM sms_inbound ORDER BY received_at').all() as { sid: string; processedAt: string | null; outcome: string | null }[];
    const nps = () => (v.db.prepare('SELECT nps FROM fact_satisfaction WHERE satisfaction_id = ?').get(id) as { nps: number | null }).nps;

    // 1. the process dies inside the survey service's transaction, after the answer was written, before the commit
    const dying = await smsHarness({
      db: v.db,
      fake,
      now: () => clock,
      survey: {
        ...SURVEY_SERVICE,
        receiveSms: (db, sms, at) =>
          db.transaction(() => {
            receiveSms(db, sms, at);
            throw new Error('killed before the commit');
          })(),
      },
    });
    try {
      await dying.dispatcher.flush();
      expect(fake.sentTo(phone)).toHaveLength(1);
      clock = minutes(T, 1);
      expect((await fake.inbound(dying.webhookUrl, { from: phone, to: SAV_NUMBER, body: '9' })).status).toBe(200);
      await dying.settle();
    } finally {
      await dying.stop();
    }
    // recorded, nothing of its effects kept: not answered, no Q2, not marked processed
    expect(inbound()).toEqual([{ sid: expect.stringMatching(/^SM/), processedAt: null, outcome: null }]);
    expect(nps()).toBeNull();
    expect(listSms(v.db, { to: phone })).toHaveLength(1);

    // 2. the restart: processPending() takes it; the answer, Q2 and the processed mark, once
    clock = minutes(T, 5);
    const restarted = await smsHarness({ db: v.db, fake, now: () => clock });
    try {
      expect(await restarted.routes.processPending()).toBe(1);
      await restarted.settle();
      expect(nps()).toBe(9);
      expect(inbound()).toEqual([{ sid: expect.any(String), processedAt: clock.toISOString(), outcome: 'answer' }]);
      expect(fake.sentTo(phone).map((m) => m.body)).toEqual([expect.stringMatching(/0 à 10/), expect.stringMatching(/professionnel/)]);
      // again (another start, Twilio's retry of the webhook): nothing more
      expect(await restarted.routes.processPending()).toBe(0);
      const sid = inbound()[0]!.sid;
      const retry = await fake.post(restarted.webhookUrl, fake.inboundParams({ from: phone, to: SAV_NUMBER, body: '9', messageSid: sid }));
      expect(retry.status).toBe(200);
      await restarted.settle();
      expect(restarted.afterInboundCalls).toBe(1);
      expect(fake.sentTo(phone)).toHaveLength(2);

      // 3. a process dying after the commit, before its reply went out: nothing to reprocess, the reply sent once
      clock = minutes(T, 6);
      const sms = { messageSid: 'SM' + 'c'.repeat(32), from: phone, to: SAV_NUMBER, body: 'oui' };
      recordInbound(v.db, sms, clock);
      expect(receiveSms(v.db, sms, clock).outcome).toBe('answer');
      expect(await restarted.routes.processPending()).toBe(0);
      await restarted.settle();
      expect(fake.sentTo(phone).map((m) => m.body)).toEqual([expect.stringMatching(/0 à 10/), expect.stringMatching(/professionnel/), expect.stringMatching(/délais/)]);
      expect(inbound().map((r) => r.outcome)).toEqual(['answer', 'answer']);
    } finally {
      await restarted.stop();
      v.db.close();
    }
  }, 60_000);
});
