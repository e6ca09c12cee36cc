/**
 * The dispatcher over the real `twilio` client and a fake Twilio REST server on 127.0.0.1: the intent before the
 * call, the SID after, reconciliation of an intent without a SID, 429/5xx retried with backoff (virtual clock),
 * 21610 → opted out, a definitive failure → delivery failed, out-of-order status callbacks; the allowed sending
 * hours asked again before each try (a Twilio outage across 20:00).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimSms, markInboundProcessed, markSending, recordInbound, recordStatus } from '../../core/sms/dispatch.ts';
import { getSms, listSms, queueSms } from '../../core/sms/outbox.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { createLogger } from '../logger.ts';
import { createSmsDispatcher, type SurveyDeliveryHooks } from './dispatcher.ts';
import { FakeTwilio } from './fake-twilio.ts';
import { createTwilioTransport } from './twilio-transport.ts';
import type { SmsTransport } from './transport.ts';
import { logCapture } from '../../test/e2e/helpers.ts';

const T0 = new Date('2026-12-01T09:00:00.000Z');
let clock = T0;
const now = (): Date => clock;
let waits: number[] = [];
const sleep = async (ms: number): Promise<void> => {
  waits.push(ms);
  clock = new Date(clock.getTime() + ms);
};

let fake: FakeTwilio;
let db: Db;
let hooks: { optedOut: number[]; deliveryFailed: number[] } & SurveyDeliveryHooks;

beforeAll(async () => {
  fake = new FakeTwilio({ now });
  await fake.start();
});
afterAll(async () => {
  await fake?.stop();
});

beforeEach(() => {
  db?.close();
  db = openDb(':memory:');
  // the outbox alone: client and survey ids without their warehouse rows (the survey service is a recorder here)
  db.pragma('foreign_keys = OFF');
  clock = T0;
  waits = [];
  fake.messages.length = 0;
  fake.requests.length = 0;
  fake.failures.clear();
  fake.unsubscribed.clear();
  fake.onCreated = null;
  hooks = {
    optedOut: [],
    deliveryFailed: [],
    markOptedOut(_db, clientId) {
      this.optedOut.push(clientId);
    },
    markDeliveryFailed(_db, satisfactionId) {
      this.deliveryFailed.push(satisfactionId);
    },
  };
});

const transport = () =>
  createTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, from: '+33700000000', messagingServiceSid: null, statusCallback: 'https://sav.example.com/api/sms/status', apiBaseUrl: fake.url });

const dispatcher = (extra: Partial<Parameters<typeof createSmsDispatcher>[0]> = {}) =>
  createSmsDispatcher({ db, transport: transport(), owner: 'A', now, sleep, ratePerSec: 10, survey: hooks, ...extra });

const queue = (n: number, to = (i: number) => `+3361234${String(i).padStart(4, '0')}`, body = (i: number) => `Message ${i}`): number[] =>
  Array.from({ length: n }, (_, i) => queueSms(db, { key: `k:${i}`, to: to(i), body: body(i) }, clock).messageId);

describe('createSmsDispatcher (real twilio client → fake Twilio)', () => {
  it('sends each pending SMS once through messages.create, storing the SID Twilio returned', async () => {
    const ids = queue(3);
    const report = await dispatcher().flush();
    expect(report).toMatchObject({ claimed: 3, sent: 3, reconciled: 0, failed: 0, deferred: 0 });
    expect(fake.messages.map((m) => m.body)).toEqual(['Message 0', 'Message 1', 'Message 2']);
    expect(fake.messages[0]).toMatchObject({ from: '+33700000000', statusCallback: 'https://sav.example.com/api/sms/status', to: '+33612340000' });
    for (const [i, id] of ids.entries()) expect(getSms(db, id)).toMatchObject({ status: 'sent', sid: fake.messages[i]!.sid, attempts: 1 });
    // a second flush has nothing to do
    expect((await dispatcher().flush()).claimed).toBe(0);
    expect(fake.messages).toHaveLength(3);
  });

  it('429 then 500 are retried with exponential backoff; a 5xx is checked with the provider before the retry; sent once', async () => {
    const [id] = queue(1);
    fake.failures.set('+33612340000', { kind: 429, times: 2 });
    const r1 = await dispatcher().flush();
    expect(r1).toMatchObject({ sent: 1, retries: 2 });
    expect(waits.filter((w) => w >= 1000)).toEqual([1000, 2000]);
    expect(fake.messages).toHaveLength(1);

    fake.messages.length = 0;
    fake.requests.length = 0;
    waits = [];
    const [id2] = [queueSms(db, { key: 'k:500', to: '+33612349999', body: 'Après une 500' }, clock).messageId];
    fake.failures.set('+33612349999', { kind: 500, times: 1 });
    const r2 = await dispatcher().flush();
    expect(r2).toMatchObject({ sent: 1, retries: 1, reconciled: 0 });
    // POST (500), GET ×2 (reconciliation: nothing there), POST (201)
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 500', 'GET 200', 'GET 200', 'POST 201']);
    expect(fake.requests.find((r) => r.method === 'GET')!.query).toMatchObject({ To: '+33612349999' });
    expect(fake.sentTo('+33612349999')).toHaveLength(1);
    expect(getSms(db, id!)!.status).toBe('sent');
    expect(getSms(db, id2)!.status).toBe('sent');
  });

  it('when the tries run out the SMS is given back (not dropped) and sent by a later flush', async () => {
    const [id] = queue(1);
    fake.failures.set('+33612340000', { kind: 429, times: 5 });
    const r1 = await dispatcher().flush();
    expect(r1).toMatchObject({ sent: 0, deferred: 1 });
    const row = getSms(db, id!)!;
    expect(row).toMatchObject({ status: 'pending', sid: null, errorCode: 20429 });
    expect(fake.messages).toHaveLength(0);
    // too early: nothing claimed
    expect((await dispatcher().flush()).claimed).toBe(0);
    clock = new Date(clock.getTime() + 10 * 60_000);
    expect(await dispatcher().flush()).toMatchObject({ sent: 1 });
    expect(fake.messages).toHaveLength(1);
  });

  it('21610 (unsubscribed at Twilio) → not retried, the client opted out through the survey service', async () => {
    const id = queueSms(db, { key: 'stop', to: '+33611111111', body: 'Bonjour', clientId: 1 }, clock).messageId;
    fake.unsubscribed.add('+33611111111');
    const r = await dispatcher().flush();
    expect(r).toMatchObject({ optedOut: 1, sent: 0, retries: 0 });
    expect(hooks.optedOut).toEqual([1]);
    expect(getSms(db, id)).toMatchObject({ status: 'failed', errorCode: 21610 });
  });

  it('a definitive refusal (21211 invalid number) fails the SMS and tells the survey (no reminder)', async () => {
    const id = queueSms(db, { key: 'bad', to: '+33612340000', body: 'Bonjour', satisfactionId: 7 }, clock).messageId;
    fake.failures.set('+33612340000', { kind: 21211 });
    const r = await dispatcher().flush();
    expect(r).toMatchObject({ failed: 1, retries: 0 });
    expect(hooks.deliveryFailed).toEqual([7]);
    expect(getSms(db, id)).toMatchObject({ status: 'failed', errorCode: 21211 });
  });

  it("an intent left 'sending' without a SID is reconciled from Twilio's list, not sent again", async () => {
    const [id] = queue(1);
    // process A: claims, records the intent, Twilio creates the message, A dies before storing the SID
    const [row] = claimSms(db, { owner: 'A', now: clock, leaseMs: 60_000 });
    expect(markSending(db, row!.messageId, 'A', clock, 60_000)).toBe(true);
    await transport().send({ to: row!.to, body: row!.body });
    expect(fake.messages).toHaveLength(1);
    // process B, before A's lease expires: nothing to take
    expect((await dispatcher({ owner: 'B' }).flush()).claimed).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    const r = await dispatcher({ owner: 'B' }).flush();
    expect(r).toMatchObject({ claimed: 1, reconciled: 1, sent: 0 });
    expect(fake.messages).toHaveLength(1);
    expect(getSms(db, id!)).toMatchObject({ status: 'sent', sid: fake.messages[0]!.sid });
    const list = fake.requests.find((q) => q.method === 'GET' && q.query['DateSent>'])!;
    expect(list.query).toMatchObject({ To: '+33612340000', 'DateSent>': new Date(T0.getTime() - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
  });

  it('an intent the provider never got is sent once after reconciliation; twin intents (same number and body) get distinct SIDs', async () => {
    const ids = queue(3, () => '+33612345678', () => 'Même texte');
    const claimed = claimSms(db, { owner: 'A', now: clock, leaseMs: 60_000 });
    for (const c of claimed) markSending(db, c.messageId, 'A', clock, 60_000);
    // only the first of the three reached Twilio before A died
    await transport().send({ to: '+33612345678', body: 'Même texte' });
    clock = new Date(clock.getTime() + 61_000);
    const r = await dispatcher({ owner: 'B', concurrency: 3 }).flush();
    expect(r).toMatchObject({ claimed: 3, reconciled: 1, sent: 2, resent: 2 });
    expect(fake.sentTo('+33612345678')).toHaveLength(3);
    const sids = ids.map((id) => getSms(db, id)!.sid);
    expect(new Set(sids).size).toBe(3);
    expect(sids[0]).toBe(fake.messages[0]!.sid);
  });

  it('status callbacks: deduplicated by (sid, status), applied in any order, never back from delivered; one before the SID is stored counts', async () => {
    queue(1);
    let early: ReturnType<typeof recordStatus> | null = null;
    const d = dispatcher({
      afterProviderAccepted: (_id, sent) => {
        // Twilio's callback can beat our own write of the SID
        early = recordStatus(db, { sid: sent.sid, status: 'delivered' }, clock);
      },
    });
    await d.flush();
    expect(early).toMatchObject({ duplicate: false, message: null, changed: false });
    const sid = fake.messages[0]!.sid;
    expect(listSms(db)[0]).toMatchObject({ status: 'delivered', sid });
    expect(recordStatus(db, { sid, status: 'sent' }, clock)).toMatchObject({ duplicate: false, changed: false });
    expect(recordStatus(db, { sid, status: 'delivered' }, clock)).toMatchObject({ duplicate: true });
    expect(listSms(db)[0]!.status).toBe('delivered');

    const [id2] = [queueSms(db, { key: 'u', to: '+33612340001', body: 'x' }, clock).messageId];
    await dispatcher().flush();
    const sid2 = getSms(db, id2)!.sid!;
    expect(recordStatus(db, { sid: sid2, status: 'undelivered', errorCode: 30003 }, clock)).toMatchObject({ changed: true, message: { status: 'undelivered', errorCode: 30003 } });
  });

  it('a cancelled SMS (opt-out while queued) is skipped even when already claimed', async () => {
    const [id] = queue(1);
    claimSms(db, { owner: 'A', now: clock, leaseMs: 1000 });
    db.prepare("UPDATE sms_messages SET status = 'cancelled' WHERE message_id = ?").run(id);
    clock = new Date(clock.getTime() + 2000);
    const r = await dispatcher().flush();
    expect(r.claimed).toBe(0);
    expect(fake.messages).toHaveLength(0);
  });

  it('start(): flushes at once (and then on a timer, stopped by the function it returns); kick() coalesces', async () => {
    queue(2);
    const d = dispatcher();
    const stop = d.start(3_600_000);
    d.kick();
    d.kick();
    await d.idle();
    stop();
    expect(fake.messages).toHaveLength(2);
    expect(listSms(db).every((m) => m.status === 'sent')).toBe(true);
  });

  it('logs ids and counts, never a number or a body', async () => {
    const cap = logCapture();
    queue(3);
    fake.failures.set('+33612340001', { kind: 500, times: 1 });
    await dispatcher({ log: createLogger('debug', cap.stream), progressEvery: 2 }).flush();
    const all = cap.lines.join('\n');
    expect(cap.lines.some((l) => l.includes('sms: progress'))).toBe(true);
    expect(all).not.toMatch(/\+3361234/);
    expect(all).not.toContain('Message 1');
  });
});

describe('the allowed sending hours (Monday–Saturday 08:00–20:00 Paris, no public holiday), before each send attempt', () => {
  const paris = (iso: string): Date => new Date(iso);
  const PHONE = '+33612340000';
  /** the real client to the fake Twilio, each messages.create call's instant recorded */
  let calls: Date[] = [];
  const timed = (): SmsTransport => {
    const t = transport();
    return { kind: t.kind, send: (m) => (calls.push(clock), t.send(m)), findSent: (q) => t.findSent(q) };
  };
  const sumOf = (reports: { held: number; sent: number }[], k: 'held' | 'sent'): number => reports.reduce((n, r) => n + r[k], 0);
  const leaseUntil = (id: number): string | null => (db.prepare('SELECT lease_until AS u FROM sms_messages WHERE message_id = ?').get(id) as { u: string | null }).u;
  /** what receiveSms writes for a client's SMS: the inbound row, and in the same instant the reply and the processed mark */
  const replyTo = (key: string, receivedAt: Date, processedAt = receivedAt): number => {
    const messageSid = `SM${key.padEnd(32, '0')}`.slice(0, 34);
    recordInbound(db, { messageSid, from: PHONE, to: '+33700000000', body: '9' }, receivedAt);
    const id = queueSms(db, { key, to: PHONE, body: `Réponse ${key}`, satisfactionId: 1, clientId: 1 }, processedAt).messageId;
    markInboundProcessed(db, messageSid, 'answer', processedAt);
    return id;
  };

  beforeEach(() => {
    calls = [];
  });

  it('Twilio down from 19:50 to 20:30: the survey SMS is not sent at 20:30 but at 08:00 the next morning, once, never lost', async () => {
    clock = paris('2026-12-01T19:50:00+01:00'); // a Tuesday
    const id = queueSms(db, { key: 'survey:1:out:1', to: PHONE, body: 'Question 1', satisfactionId: 1, clientId: 1 }, clock).messageId;
    fake.failures.set(PHONE, { kind: 503 });
    const d = dispatcher({ transport: timed() });
    const reports = [];
    // the dispatcher's timer: a flush every minute during the outage
    while (clock.getTime() < paris('2026-12-01T20:30:00+01:00').getTime()) {
      reports.push(await d.flush());
      clock = new Date(Math.max(clock.getTime(), Math.floor(clock.getTime() / 60_000) * 60_000 + 60_000));
    }
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.every((c) => c.getTime() < paris('2026-12-01T20:00:00+01:00').getTime())).toBe(true);
    expect(sumOf(reports, 'held')).toBe(1);
    expect(sumOf(reports, 'sent')).toBe(0);
    // 20:30, Twilio is back: still nothing — queued until the next allowed slot (the last call was a 503: reconciled first)
    fake.failures.clear();
    const back = await d.flush();
    expect(back).toMatchObject({ claimed: 0, sent: 0 });
    expect(getSms(db, id)).toMatchObject({ status: 'sending', sid: null });
    expect(leaseUntil(id)).toBe(paris('2026-12-02T08:00:00+01:00').toISOString());
    clock = paris('2026-12-02T07:59:00+01:00');
    expect((await d.flush()).claimed).toBe(0);
    clock = paris('2026-12-02T08:00:00+01:00');
    expect(await d.flush()).toMatchObject({ claimed: 1, sent: 1, reconciled: 0, held: 0 });
    expect(fake.sentTo(PHONE).map((m) => m.body)).toEqual(['Question 1']);
    expect(getSms(db, id)).toMatchObject({ status: 'sent', sid: fake.messages[0]!.sid });
    expect(calls.at(-1)).toEqual(paris('2026-12-02T08:00:00+01:00'));
  });

  it('a backoff that ends after 20:00 is not followed by a send: held, pending, sent once the next morning', async () => {
    clock = paris('2026-12-01T19:59:55+01:00');
    const id = queueSms(db, { key: 'survey:2:out:1', to: PHONE, body: 'Question 1', satisfactionId: 2, clientId: 2 }, clock).messageId;
    fake.failures.set(PHONE, { kind: 429, times: 3 });
    const r = await dispatcher({ transport: timed() }).flush();
    // tries at 19:59:55, :56, :58 (backoff 1 s, 2 s); the 4th would be at 20:00:02
    expect(calls.map((c) => c.toISOString())).toEqual(['2026-12-01T18:59:55.000Z', '2026-12-01T18:59:56.000Z', '2026-12-01T18:59:58.000Z']);
    expect(r).toMatchObject({ retries: 3, held: 1, sent: 0, deferred: 0 });
    expect(getSms(db, id)).toMatchObject({ status: 'pending', sid: null, attempts: 1 });
    expect(leaseUntil(id)).toBe(paris('2026-12-02T08:00:00+01:00').toISOString());
    clock = paris('2026-12-02T08:00:00+01:00');
    expect(await dispatcher({ transport: timed() }).flush()).toMatchObject({ sent: 1 });
    expect(fake.sentTo(PHONE)).toHaveLength(1);
  });

  it('queued out of hours on a Saturday evening before a public-holiday Monday: the Tuesday at 08:00', async () => {
    clock = paris('2027-03-27T20:10:00+01:00'); // Saturday; Monday 29 March 2027 is Easter Monday
    const id = queueSms(db, { key: 'survey:3:out:2', to: PHONE, body: 'Rappel', satisfactionId: 3 }, clock).messageId;
    expect(await dispatcher({ transport: timed() }).flush()).toMatchObject({ claimed: 1, held: 1, sent: 0 });
    expect(calls).toEqual([]);
    expect(getSms(db, id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(leaseUntil(id)).toBe(paris('2027-03-30T08:00:00+02:00').toISOString());
  });

  it('a reply to what the client just texted goes at once at 20:40; the same reply held up past 15 minutes by an outage waits for 08:00', async () => {
    clock = paris('2026-12-01T20:40:00+01:00');
    const now1 = replyTo('night', clock);
    expect(await dispatcher({ transport: timed() }).flush()).toMatchObject({ sent: 1, held: 0 });
    expect(getSms(db, now1)!.status).toBe('sent');

    // the client answers at 19:58; Twilio is down until 20:30: tried within the 15 minutes, then held
    calls = [];
    clock = paris('2026-12-01T19:58:00+01:00');
    const id = replyTo('outage', clock);
    fake.failures.set(PHONE, { kind: 503 });
    const d = dispatcher({ transport: timed() });
    let held = 0;
    while (clock.getTime() < paris('2026-12-01T20:30:00+01:00').getTime()) {
      held += (await d.flush()).held;
      clock = new Date(Math.floor(clock.getTime() / 60_000) * 60_000 + 60_000);
    }
    fake.failures.clear();
    expect(await d.flush()).toMatchObject({ claimed: 0, sent: 0 });
    expect(held).toBe(1);
    expect(calls.some((c) => c.getTime() >= paris('2026-12-01T20:00:00+01:00').getTime())).toBe(true); // the grace, outside the hours
    expect(calls.every((c) => c.getTime() < paris('2026-12-01T20:13:00+01:00').getTime())).toBe(true);
    expect(leaseUntil(id)).toBe(paris('2026-12-02T08:00:00+01:00').toISOString());
    expect(fake.sentTo(PHONE)).toHaveLength(1); // the 20:40 one only

    // processed late (received 19:55, the app restarted at 23:00): not an immediate reply any more
    clock = paris('2026-12-01T23:00:00+01:00');
    const late = replyTo('restart', paris('2026-12-01T19:55:00+01:00'), clock);
    expect(await d.flush()).toMatchObject({ claimed: 1, held: 1, sent: 0 });
    expect(leaseUntil(late)).toBe(paris('2026-12-02T08:00:00+01:00').toISOString());
  });
});
