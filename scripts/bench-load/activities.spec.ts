import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import {
  activityId, connectionPlans, DEMO_USERS, fakeAadObjectId, formEncode, messageActivity, SCENARIO_TEXTS, STAFF_USERS, teamsFrom, twilioSid,
} from './activities.ts';
import { benchSender, signedWebhook } from './sms.ts';

describe('bench-load activities', () => {
  it('a message Activity carries the id, text, conversation, serviceUrl and the Teams identity of a demo user', () => {
    const user = DEMO_USERS[3]!;
    const a = messageActivity({ id: 'bench-route-3-7', text: 'route for Gaëtan today', conversationId: 'a:c1', user, serviceUrl: 'http://127.0.0.1:9/', timestamp: new Date('2026-12-01T06:30:00Z') });
    expect(a).toMatchObject({
      type: 'message',
      id: 'bench-route-3-7',
      text: 'route for Gaëtan today',
      serviceUrl: 'http://127.0.0.1:9/',
      channelId: 'msteams',
      conversation: { id: 'a:c1', conversationType: 'personal' },
      from: { name: 'Gaëtan Morel' },
      recipient: { id: '28:sav-bot' },
      timestamp: '2026-12-01T06:30:00.000Z',
    });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('each demo user gets a distinct, stable GUID-shaped AAD object id and 29: id', () => {
    const ids = DEMO_USERS.map((u) => teamsFrom(u));
    expect(new Set(ids.map((x) => x.aadObjectId)).size).toBe(DEMO_USERS.length);
    for (const x of ids) expect(x.aadObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(fakeAadObjectId('gaetan.morel@duret-electricite.fr')).toBe(teamsFrom(DEMO_USERS[3]!).aadObjectId);
    expect(ids[0]!.id).toBe(`29:bench-${ids[0]!.aadObjectId}`);
  });

  it('connection plans: one conversation per connection, users in turn, texts rotated so the mix is even', () => {
    const plans = connectionPlans('simple', 8, STAFF_USERS);
    expect(plans).toHaveLength(8);
    expect(new Set(plans.map((p) => p.conversationId)).size).toBe(8);
    expect(plans.map((p) => p.user.role)).toEqual(['planning', 'direction', 'technical_director', 'planning', 'direction', 'technical_director', 'planning', 'direction']);
    expect(plans[0]!.conversationId).toBe('a:bench-simple-clothilde.martin-0');
    expect(plans.map((p) => p.texts[0])).toEqual(['aide', 'NPS du mois', 'clients à risque', 'aide', 'NPS du mois', 'clients à risque', 'aide', 'NPS du mois']);
    for (const p of plans) expect([...p.texts].sort()).toEqual([...SCENARIO_TEXTS.simple].sort());
    expect(connectionPlans('route', 2, STAFF_USERS).every((p) => p.texts.join() === 'route for Gaëtan today')).toBe(true);
  });

  it('connection plans refuse a bad connection count or no user', () => {
    expect(() => connectionPlans('echo', 0, STAFF_USERS)).toThrow(/positive integer/);
    expect(() => connectionPlans('echo', 1.5, STAFF_USERS)).toThrow(/positive integer/);
    expect(() => connectionPlans('echo', 2, [])).toThrow(/user/);
  });

  it('activity ids are unique per scenario, connection and sequence', () => {
    const ids = new Set<string>();
    for (const s of ['echo', 'route']) for (let c = 0; c < 8; c++) for (let q = 0; q < 50; q++) ids.add(activityId(s, c, q));
    expect(ids.size).toBe(2 * 8 * 50);
  });

  it('Twilio SIDs are 34 characters: prefix and 32 hex digits', () => {
    expect(twilioSid('SM', 1)).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilioSid('AC', 0xbe7c4)).toMatch(/^AC[0-9a-f]{32}$/);
    expect(twilioSid('SM', 1)).not.toBe(twilioSid('SM', 2));
  });

  it('a signed SMS webhook validates with twilio.validateRequest for the public URL, and not with another token', () => {
    const token = '0123456789abcdef0123456789abcdef';
    const sid = twilioSid('AC', 7);
    const { body, headers } = signedWebhook(token, sid, 2, 5);
    const params = Object.fromEntries(new URLSearchParams(body));
    expect(params).toMatchObject({ AccountSid: sid, From: benchSender(2, 5), To: '+33450000000' });
    expect(params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(twilio.validateRequest(token, headers['x-twilio-signature']!, 'https://sav-bench.invalid/api/sms', params)).toBe(true);
    expect(twilio.validateRequest('another-token-0123456789abcdef', headers['x-twilio-signature']!, 'https://sav-bench.invalid/api/sms', params)).toBe(false);
    expect(formEncode({ Body: 'a b&c' })).toBe('Body=a+b%26c');
  });

  it('MessageSids stay unique across connections, sequences and slices (a repeat would be a Twilio retry)', () => {
    const sids = new Set<string>();
    for (const round of [0, 1, 7, 999]) for (let c = 0; c < 8; c++) for (const q of [0, 1, 99_999, 5_000_000]) {
      sids.add(new URLSearchParams(signedWebhook('0123456789abcdef', twilioSid('AC', 1), c, q, round).body).get('MessageSid')!);
    }
    expect(sids.size).toBe(4 * 8 * 4);
    for (const sid of sids) expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('bench senders are French mobile numbers the warehouse does not use, unique per connection and sequence', () => {
    expect(benchSender(3, 42)).toBe('+33600030042');
    expect(benchSender(3, 42)).toMatch(/^\+336\d{8}$/);
    expect(benchSender(3, 42)).not.toBe(benchSender(4, 42));
  });
});
