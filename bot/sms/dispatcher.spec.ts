/**
 * The dispatcher over the real `twilio` client and a fake Twilio REST server on 127.0.0.1: the intent before the
 * call, the SID after, reconciliation of an intent without a SID, 429/5xx retried with backoff (virtual clock),
 * 21610 → opted out, a definitive failure → delivery failed, out-of-order status callbacks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimSms, markSending, recordStatus } from '../../core/sms/dispatch.ts';
import { getSms, listSms, queueSms } from '../../core/sms/outbox.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { createLogger } from '../logger.ts';
import { createSmsDispatcher, type SurveyDeliveryHooks } from './dispatcher.ts';
import { FakeTwilio } from './fake-twilio.ts';
import { createTwilioTransport } from './twilio-transport.ts';
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
