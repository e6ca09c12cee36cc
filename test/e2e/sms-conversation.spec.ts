/**
 * Whole survey conversations by SMS, end to end over HTTP: the survey service queues the questions, the dispatcher
 * sends them through the real `twilio` client to a fake Twilio on 127.0.0.1, and the client's replies come back
 * as Twilio's signed webhooks (X-Twilio-Signature over the public URL) to POST /api/sms. Also: forged, unsigned,
 * wrongly-addressed and replayed webhooks; delivery statuses out of order; STOP.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listSms, queueSms } from '../../core/sms/outbox.ts';
import { planSurveys, remindSurvey, sendSurvey } from '../../core/survey/index.ts';
import type { SurveySettings } from '../../core/survey/settings.ts';
import { world, type World } from '../../core/survey/test-world.ts';
import { EMPTY_TWIML } from '../../bot/sms/routes.ts';
import { FakeTwilio } from '../../bot/sms/fake-twilio.ts';
import { SAV_NUMBER, smsHarness, type SmsHarness } from '../../bot/sms/test-harness.ts';

const SETTINGS: SurveySettings = { channel: 'sms', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: null };
/** Tuesday 1 December 2026, 10:00 in Annecy (inside the 08:00–20:00 window); reports signed the Friday before. */
const NOW = new Date('2026-12-01T10:00:00+01:00');
const SIGNED = '2026-11-27T16:00:00+01:00';

let clock = NOW;
const now = (): Date => clock;
let fake: FakeTwilio;
let w: World;
let h: SmsHarness;

beforeAll(async () => {
  fake = new FakeTwilio({ now });
  await fake.start();
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(async () => {
  clock = NOW;
  fake.messages.length = 0;
  fake.requests.length = 0;
  fake.unsubscribed.clear();
  w = world();
  h = await smsHarness({ db: w.db, fake, now });
});
afterEach(async () => {
  await h.stop();
  w.db.close();
});

/** A client with a signed report, the survey planned and its first SMS sent; returns the survey id and phone. */
async function surveyStarted(o: Parameters<World['client']>[0] = {}): Promise<{ id: number; clientId: number; phone: string }> {
  const clientId = w.client(o);
  const interventionId = w.intervention(clientId, SIGNED);
  planSurveys(w.db, clock, SETTINGS);
  const { satisfaction_id: id } = w.db.prepare('SELECT satisfaction_id FROM fact_satisfaction WHERE intervention_id = ?').get(interventionId) as { satisfaction_id: number };
  const phone = (w.db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').get(clientId) as { telephone: string }).telephone;
  expect(sendSurvey(w.db, id, clock, SETTINGS).queued).toHaveLength(1);
  await h.dispatcher.flush();
  return { id, clientId, phone };
}

/** The client texts `body`; returns Twilio's view of the answer, once the reply (if any) went out. */
async function reply(phone: string, body: string): Promise<{ status: number; body: string }> {
  clock = new Date(clock.getTime() + 60_000);
  const r = await fake.inbound(h.webhookUrl, { from: phone, to: SAV_NUMBER, body });
  await h.settle();
  return r;
}

const texts = (phone: string): string[] => fake.sentTo(phone).map((m) => m.body);
const fact = (id: number) =>
  w.db.prepare('SELECT statut, nps, professionnel, delai_respecte, probleme_resolu, probleme_commentaire, suggestion FROM fact_satisfaction WHERE satisfaction_id = ?').get(id) as Record<string, unknown>;

describe('SMS survey conversations through the webhook (valid signatures)', () => {
  it('a whole conversation in French: Q1 … Q5, each reply answered at once with an empty TwiML, the next question sent to Twilio', async () => {
    const { id, phone } = await surveyStarted({ prenom: 'Anne' });
    expect(texts(phone)).toHaveLength(1);
    expect(texts(phone)[0]).toMatch(/^Duret Électricité : .*0 à 10.*STOP/s);
    expect(fake.sentTo(phone)[0]).toMatchObject({ from: SAV_NUMBER, statusCallback: 'https://sav.example.com/api/sms/status' });

    const r = await reply(phone, 'Je dirais 9/10');
    expect(r).toMatchObject({ status: 200, body: EMPTY_TWIML });
    expect(texts(phone)).toHaveLength(2);
    expect(texts(phone)[1]).toMatch(/professionnel/);
    await reply(phone, 'Oui merci');
    expect(texts(phone)[2]).toMatch(/délais/);
    await reply(phone, 'o');
    expect(texts(phone)[3]).toMatch(/résolu/);
    await reply(phone, 'non pas vraiment');
    expect(texts(phone)[4]).toMatch(/ce qui n'a pas été/);
    await reply(phone, 'Le disjoncteur saute encore');
    expect(texts(phone)[5]).toMatch(/suggestions/);
    await reply(phone, 'Rien à signaler');
    expect(texts(phone)).toHaveLength(7);
    expect(texts(phone)[6]).toMatch(/Merci pour vos réponses/);

    expect(fact(id)).toMatchObject({ statut: 'complete', nps: 9, professionnel: 1, delai_respecte: 1, probleme_resolu: 0, probleme_commentaire: 'Le disjoncteur saute encore' });
    // the closed loop ran from the webhook: Q4 = non → an alert and a free re-intervention
    const alerts = w.db.prepare('SELECT kind FROM survey_alerts WHERE satisfaction_id = ?').all(id) as { kind: string }[];
    expect(alerts.map((a) => a.kind)).toContain('non_resolu');
    expect(w.db.prepare("SELECT COUNT(*) AS n FROM planned_interventions WHERE origine = 'enquete'").get()).toEqual({ n: 1 });
    expect(h.afterInboundCalls).toBe(6);
    // every SMS: one per message, SID stored, each reply processed once
    const rows = listSms(w.db, { to: phone });
    expect(rows.map((m) => m.sid)).toEqual(fake.sentTo(phone).map((m) => m.sid));
    expect(rows.every((m) => m.status === 'sent')).toBe(true);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM sms_inbound WHERE processed_at IS NOT NULL').get()).toEqual({ n: 6 });
  });

  it('in English, with an unclear reply re-asked once; two clients in parallel do not mix', async () => {
    const a = await surveyStarted({ langue: 'en' });
    const b = await surveyStarted();
    await reply(a.phone, 'maybe');
    expect(texts(a.phone)[1]).toMatch(/single number from 0 to 10/);
    await reply(b.phone, '3');
    await reply(a.phone, '10 !');
    expect(texts(a.phone)[2]).toMatch(/professional/);
    expect(texts(b.phone)[1]).toMatch(/professionnel/);
    expect(fact(a.id)).toMatchObject({ nps: 10 });
    expect(fact(b.id)).toMatchObject({ nps: 3 });
    // NPS 3 → the planner's alert
    expect((w.db.prepare('SELECT kind FROM survey_alerts WHERE satisfaction_id = ?').all(b.id) as { kind: string }[]).map((x) => x.kind)).toContain('nps_bas');
  });

  it('delivery statuses: signed callbacks, deduplicated, out of order, never back from delivered', async () => {
    const { phone } = await surveyStarted();
    const [m] = fake.sentTo(phone);
    expect((await fake.deliver(m!.sid, 'delivered')).status).toBe(200);
    expect((await fake.deliver(m!.sid, 'sent')).status).toBe(200); // late
    expect((await fake.deliver(m!.sid, 'delivered')).status).toBe(200); // twice
    expect(listSms(w.db, { to: phone })[0]).toMatchObject({ status: 'delivered', sid: m!.sid });
    expect(w.db.prepare('SELECT status FROM sms_status_events WHERE sid = ? ORDER BY event_id').all(m!.sid)).toEqual([{ status: 'delivered' }, { status: 'sent' }]);
  });

  it('failed delivery of the first SMS → no reminder (a delivered one gets its reminder)', async () => {
    const failed = await surveyStarted();
    const delivered = await surveyStarted();
    await fake.deliver(fake.sentTo(failed.phone)[0]!.sid, 'undelivered', 30003);
    await fake.deliver(fake.sentTo(delivered.phone)[0]!.sid, 'delivered');
    expect(listSms(w.db, { to: failed.phone })[0]).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    const at = new Date('2026-12-04T10:00:00+01:00');
    expect(remindSurvey(w.db, failed.id, at).queued).toEqual([]);
    expect(remindSurvey(w.db, delivered.id, at).queued).toHaveLength(1);
  });
});

describe('forged and replayed webhooks', () => {
  it('forged, missing or other-URL signatures → 403 and nothing recorded', async () => {
    const { phone } = await surveyStarted();
    const params = fake.inboundParams({ from: phone, to: SAV_NUMBER, body: '0' });
    const forged = await fake.post(h.webhookUrl, params, 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==');
    const missing = await fake.post(h.webhookUrl, params, null);
    // signed for another URL (the local one, or another host): Twilio signs the public URL it calls
    const otherUrl = await fake.post(h.webhookUrl, params, fake.sign(`${h.localUrl}/api/sms`, params));
    const otherHost = await fake.post(h.webhookUrl, params, fake.sign('https://evil.example.com/api/sms', params));
    // a valid signature but a changed body
    const tampered = await fake.post(h.webhookUrl, { ...params, Body: '10' }, fake.sign(h.webhookUrl, params));
    for (const r of [forged, missing, otherUrl, otherHost, tampered]) expect(r.status).toBe(403);
    const status = await fake.post(h.statusUrl, { MessageSid: fake.sentTo(phone)[0]!.sid, MessageStatus: 'failed', ErrorCode: '30003' }, 'forged');
    expect(status.status).toBe(403);
    await h.settle();
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM sms_inbound').get()).toEqual({ n: 0 });
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM sms_status_events').get()).toEqual({ n: 0 });
    expect(listSms(w.db, { to: phone })[0]!.status).toBe('sent');
    expect(texts(phone)).toHaveLength(1);
    expect(h.afterInboundCalls).toBe(0);
  });

  it('a replayed valid webhook (same MessageSid) gets 200 and has no second effect', async () => {
    const { id, phone } = await surveyStarted();
    const params = fake.inboundParams({ from: phone, to: SAV_NUMBER, body: '8' });
    const first = await fake.post(h.webhookUrl, params);
    await h.settle();
    expect(texts(phone)).toHaveLength(2);
    const again = await fake.post(h.webhookUrl, params);
    const third = await fake.post(h.webhookUrl, params);
    await h.settle();
    for (const r of [first, again, third]) expect(r).toMatchObject({ status: 200, body: EMPTY_TWIML });
    expect(texts(phone)).toHaveLength(2);
    expect(fact(id)).toMatchObject({ nps: 8 });
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM sms_inbound').get()).toEqual({ n: 1 });
    expect(h.afterInboundCalls).toBe(1);
    // the same text with a new MessageSid is a new message (here: the answer to Q2, unclear → re-asked)
    await reply(phone, '8');
    expect(texts(phone)).toHaveLength(3);
  });
});

describe('STOP', () => {
  it('a STOP client is confirmed once and never texted again (queued SMS cancelled, reminders and new surveys silent)', async () => {
    const { id, clientId, phone } = await surveyStarted();
    await reply(phone, '7');
    expect(texts(phone)).toHaveLength(2);
    await reply(phone, 'STOP');
    expect(texts(phone)).toHaveLength(3);
    expect(texts(phone)[2]).toMatch(/ne recevrez plus/);
    expect(w.db.prepare('SELECT sms_opt_out FROM dim_clients WHERE client_id = ?').get(clientId)).toEqual({ sms_opt_out: 1 });
    await reply(phone, 'STOP SMS');
    await reply(phone, 'oui');
    expect(remindSurvey(w.db, id, new Date('2026-12-08T10:00:00+01:00')).queued).toEqual([]);
    // a new intervention for the same client: the survey is not sent
    const next = w.intervention(clientId, '2026-12-01T09:00:00+01:00');
    planSurveys(w.db, clock, { ...SETTINGS, skipIfSurveyedWithinDays: 0 });
    const row = w.db.prepare('SELECT satisfaction_id FROM fact_satisfaction WHERE intervention_id = ?').get(next) as { satisfaction_id: number } | undefined;
    if (row) sendSurvey(w.db, row.satisfaction_id, clock, SETTINGS);
    await h.settle();
    expect(texts(phone)).toHaveLength(3);
    expect(listSms(w.db, { to: phone, status: 'pending' })).toEqual([]);
  });

  it('an SMS queued before the STOP but not sent yet is cancelled, not sent', async () => {
    const { phone, id } = await surveyStarted();
    // an SMS of the survey waiting in the outbox when the STOP comes in
    const params = fake.inboundParams({ from: phone, to: SAV_NUMBER, body: 'STOP' });
    const q = queueSms(w.db, { key: `survey:${id}:test-extra`, to: phone, body: 'Duret Électricité : test', satisfactionId: id }, clock);
    expect(q.status).toBe('pending');
    await fake.post(h.webhookUrl, params);
    await h.settle();
    expect(listSms(w.db, { to: phone }).find((m) => m.messageId === q.messageId)!.status).toBe('cancelled');
    expect(texts(phone).some((t) => t.includes('test'))).toBe(false);
    // the confirmation only
    expect(texts(phone)).toHaveLength(2);
    expect(texts(phone)[1]).toMatch(/ne recevrez plus/);
    // Q1 unanswered, but opted out: no reminder
    expect(remindSurvey(w.db, id, new Date('2026-12-08T10:00:00+01:00')).queued).toEqual([]);
    await h.settle();
    expect(texts(phone)).toHaveLength(2);
  });

  it('Twilio refusing with 21610 (the client opted out at Twilio) → opted out here too, nothing more sent', async () => {
    const { clientId, phone } = await surveyStarted();
    fake.unsubscribed.add(phone);
    await reply(phone, '9');
    expect(texts(phone)).toHaveLength(1);
    expect(listSms(w.db, { to: phone }).at(-1)).toMatchObject({ status: 'failed', errorCode: 21610 });
    expect(w.db.prepare('SELECT sms_opt_out FROM dim_clients WHERE client_id = ?').get(clientId)).toEqual({ sms_opt_out: 1 });
  });
});

describe('the allowed sending hours (08:00–20:00), through the webhook', () => {
  it('an answer at 20:45 gets its next question at once; one at 19:58 while Twilio is down until 20:30 gets it at 08:00, once', async () => {
    const { id, phone } = await surveyStarted();
    clock = new Date('2026-12-01T20:44:00+01:00');
    await reply(phone, '9');
    expect(texts(phone)).toHaveLength(2);
    expect(texts(phone)[1]).toMatch(/professionnel/);

    clock = new Date('2026-12-02T19:57:00+01:00');
    fake.failures.set(phone, { kind: 503 });
    expect((await reply(phone, 'oui')).status).toBe(200);
    expect(fact(id)).toMatchObject({ professionnel: 1 });
    // the dispatcher's timer during the outage, a flush a minute
    let held = 0;
    while (clock.getTime() < new Date('2026-12-02T20:30:00+01:00').getTime()) {
      clock = new Date(clock.getTime() + 60_000);
      held += (await h.dispatcher.flush()).held;
    }
    fake.failures.clear();
    await h.settle();
    expect(held).toBe(1);
    expect(texts(phone)).toHaveLength(2);
    expect(listSms(w.db, { to: phone }).at(-1)).toMatchObject({ sid: null });
    clock = new Date('2026-12-03T08:00:00+01:00');
    await h.dispatcher.flush();
    expect(texts(phone)).toHaveLength(3);
    expect(texts(phone)[2]).toMatch(/délais/);
    expect(listSms(w.db, { to: phone }).every((m) => m.status === 'sent')).toBe(true);
  });
});
