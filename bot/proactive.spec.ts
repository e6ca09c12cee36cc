import { App } from '@microsoft/teams.apps';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getOutbox } from '../core/jobs/index.ts';
import { upsertConversationRef } from '../core/warehouse/conversation-refs.ts';
import { openDb, type Db } from '../core/warehouse/db.ts';
import { FakeChannel } from '../test/e2e/fake-channel.ts';
import { FlakyFront } from '../test/e2e/flaky-channel.ts';
import { createProactiveSender, parseRetryAfter, resolveConversation, sdkTransport, type ProactiveSender } from './proactive.ts';

const NOW = new Date('2026-12-01T06:45:00+01:00');
let db: Db;
let channel: FakeChannel;
let front: FlakyFront;
let waits: number[];
let sender: ProactiveSender;

function addUser(id: number, email: string, aad: string | null): void {
  db.prepare(`INSERT INTO users (user_id, email, aad_object_id, display_name, role) VALUES (?, ?, ?, ?, 'planning')`).run(id, email, aad, email);
}

function addRef(conversationId: string, email: string | null, aad: string | null, type = 'personal', updatedAt = NOW.toISOString()): void {
  upsertConversationRef(db, {
    conversationId, tenantId: 'tenant-1', serviceUrl: front.url, channelId: 'msteams', conversationType: type, botId: '28:sav-bot',
    userAadObjectId: aad, userEmail: email, reference: {}, updatedAt,
  });
}

beforeAll(async () => {
  channel = new FakeChannel();
  await channel.start();
  front = new FlakyFront(() => channel.url);
  await front.start();
});
afterAll(async () => {
  await front?.stop();
  await channel?.stop();
});

beforeEach(() => {
  db?.close();
  db = openDb(':memory:');
  addUser(1, 'alice@example.fr', 'aad-alice');
  addUser(2, 'bob@example.fr', null);
  addRef('a:alice-old', 'alice@example.fr', 'aad-alice', 'personal', '2026-11-01T00:00:00.000Z');
  addRef('a:alice', 'alice@example.fr', 'aad-alice');
  addRef('19:team-channel', 'alice@example.fr', 'aad-alice', 'channel', '2026-12-02T00:00:00.000Z');
  waits = [];
  front.failures.length = 0;
  // The real Teams SDK App in LOCAL mode (no credentials): the transport posts to each conversation's serviceUrl.
  const app = new App({ clientId: '', clientSecret: '', tenantId: '', dangerouslyAllowUnauthenticatedRequests: true });
  sender = createProactiveSender({ db, transport: sdkTransport(app), owner: 'test', now: () => NOW, sleep: async (ms) => void waits.push(ms) });
});

const hello = { text: 'Bonjour', card: null };
const deliveredTo = (conversationId: string, since: number): number => channel.captured.slice(since).filter((a) => a.conversationId === conversationId).length;

describe('resolveConversation', () => {
  it('finds the latest personal conversation by user id, email or AAD id; a conversation by id', () => {
    expect(resolveConversation(db, { userId: 1 })?.conversationId).toBe('a:alice');
    expect(resolveConversation(db, { email: 'ALICE@example.fr' })?.conversationId).toBe('a:alice');
    expect(resolveConversation(db, { aadObjectId: 'aad-alice' })?.conversationId).toBe('a:alice');
    expect(resolveConversation(db, { conversationId: '19:team-channel' })?.conversationType).toBe('channel');
    expect(resolveConversation(db, { userId: 2 })).toBeNull();
    expect(resolveConversation(db, { userId: 99 })).toBeNull();
  });
});

describe('createProactiveSender (Teams SDK against the fake channel)', () => {
  it('posts the reply to the stored serviceUrl as the bot, records the activity id, never sends a key twice', async () => {
    const mark = channel.mark();
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Tournée' }] };
    const r = await sender.send({ email: 'alice@example.fr' }, { text: 'Votre tournée', card }, { key: 'm1' });
    expect(r).toMatchObject({ status: 'sent', conversationId: 'a:alice', tries: 1 });
    const got = channel.captured.slice(mark);
    expect(got).toHaveLength(1);
    expect(got[0]!.activity).toMatchObject({ type: 'message', from: { id: '28:sav-bot' }, conversation: { id: 'a:alice' } });
    expect(got[0]!.activity.attachments?.[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } });
    expect(getOutbox(db, 'm1')).toMatchObject({ status: 'sent', activityId: got[0]!.id, conversationId: 'a:alice' });

    const again = await sender.send({ userId: 1 }, { text: 'Votre tournée', card }, { key: 'm1' });
    expect(again).toEqual({ status: 'already_sent', conversationId: 'a:alice', activityId: got[0]!.id });
    expect(channel.captured.length - mark).toBe(1);
  });

  it('429 with Retry-After then 200 → waits what the channel asked, sent once', async () => {
    const mark = channel.mark();
    front.failures.push({ status: 429, headers: { 'Retry-After': '3' } });
    const r = await sender.send({ userId: 1 }, hello, { key: 'm429' });
    expect(r).toMatchObject({ status: 'sent', tries: 2 });
    expect(waits).toEqual([3000]);
    expect(deliveredTo('a:alice', mark)).toBe(1);
  });

  it('500 then 503 then 200 → exponential backoff, sent once', async () => {
    const mark = channel.mark();
    front.failures.push({ status: 500 }, { status: 503 });
    const r = await sender.send({ userId: 1 }, hello, { key: 'm500' });
    expect(r).toMatchObject({ status: 'sent', tries: 3 });
    expect(waits).toEqual([1000, 2000]);
    expect(deliveredTo('a:alice', mark)).toBe(1);
  });

  it('5xx every time → failed (retryable) after the attempts, recorded for the next run', async () => {
    const mark = channel.mark();
    front.failures.push(...Array.from({ length: 5 }, () => ({ status: 502 })));
    const r = await sender.send({ userId: 1 }, hello, { key: 'mdown' });
    expect(r).toMatchObject({ status: 'failed', retryable: true, httpStatus: 502 });
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(getOutbox(db, 'mdown')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/HTTP 502/) });
    expect(deliveredTo('a:alice', mark)).toBe(0);
    // the next run sends it
    expect(await sender.send({ userId: 1 }, hello, { key: 'mdown' })).toMatchObject({ status: 'sent' });
    expect(deliveredTo('a:alice', mark)).toBe(1);
  });

  it('403 (bot blocked) → failed at once, not retryable; no conversation → nothing sent', async () => {
    front.failures.push({ status: 403 });
    expect(await sender.send({ userId: 1 }, hello, { key: 'm403' })).toMatchObject({ status: 'failed', retryable: false, httpStatus: 403 });
    expect(waits).toEqual([]);
    const mark = channel.mark();
    expect(await sender.send({ userId: 2 }, hello, { key: 'mbob' })).toEqual({ status: 'no_conversation' });
    expect(getOutbox(db, 'mbob')?.status).toBe('no_target');
    expect(channel.captured.length).toBe(mark);
  });

  it('parseRetryAfter reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter(new Date(NOW.getTime() + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
  });
});
