/**
 * The running bot driven over HTTP the way Teams does it: activities POSTed to /api/messages, replies
 * captured by a fake Bot Connector (the activity's serviceUrl), invokes answered in the HTTP response.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp, LOCAL_MODE_LINE, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { authorize, resolveUser } from '../../core/access/index.ts';
import { optimisedDayRoute } from '../../core/planning/tournee.ts';
import { getConversationRef } from '../../core/warehouse/conversation-refs.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { FakeChannel, type CapturedActivity } from './fake-channel.ts';
import {
  BOT, ETL_TOKEN, NOW, TENANT_ID, TODAY, cardText, demoDb, invokeActivity, localConfig, logCapture, membersAddedActivity,
  messageActivity, postJson, type TempDb,
} from './helpers.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

let temp: TempDb;
let db: Db;
let channel: FakeChannel;
let bot: BotApp;
let base: string;
let messages: string;
const logs = logCapture();

beforeAll(async () => {
  temp = demoDb();
  db = temp.db;
  channel = new FakeChannel();
  await channel.start();
  bot = createBotApp({ db, config: localConfig(), now: () => NOW, logger: createLogger('info', logs.stream) });
  const started = await bot.start();
  base = `http://127.0.0.1:${started.port}`;
  messages = started.url;
});

afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  temp?.cleanup();
});

/** Posts a message like Teams does and returns the bot's reply as the channel received it. */
async function say(text: string, conversationId = 'a:conv-planner'): Promise<CapturedActivity> {
  const mark = channel.mark();
  const res = await postJson(messages, messageActivity(text, { serviceUrl: channel.url, conversationId }));
  expect(res.status).toBe(200);
  return channel.waitFor((a) => a.conversationId === conversationId && a.activity.type === 'message', mark);
}

const cardOf = (a: CapturedActivity): unknown => a.activity.attachments?.find((x) => x.contentType === ADAPTIVE)?.content;

function technicien(email: string): { id: number; name: string } {
  const user = resolveUser(db, { email });
  if (!user?.technicienId) throw new Error(`no technician ${email} in the demo`);
  return { id: user.technicienId, name: user.displayName };
}

/** The client names of a technician's stops today, in the optimised order, straight from the warehouse. */
function expectedStops(email: string): string[] {
  return optimisedDayRoute(db, technicien(email).id, TODAY).stops.map((s) => s.client.name);
}

function expectInOrder(text: string, names: string[]): void {
  let from = 0;
  for (const name of names) {
    const at = text.indexOf(name, from);
    expect(at, `"${name}" after position ${from} in the card`).toBeGreaterThanOrEqual(0);
    from = at + name.length;
  }
}

const GAETAN = 'gaetan.morel@duret-electricite.fr';

describe('the bot over HTTP (LOCAL mode, fake Bot Connector)', () => {
  it('listens on 127.0.0.1 only and says so', () => {
    expect((bot.server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(logs.lines.some((l) => l.includes(LOCAL_MODE_LINE))).toBe(true);
  });

  it('a malformed JSON body on /api/messages → 400 with a JSON error', async () => {
    const res = await fetch(messages, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type": "message", ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/bad request/) });
  });

  it('GET /healthz → 200 {status: ok}; GET /readyz → 200 while the warehouse answers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('"route for Gaëtan today" (the planner) → the route card with his stops from the warehouse, in order', async () => {
    const stops = expectedStops(GAETAN);
    expect(stops.length).toBeGreaterThan(0);
    const reply = await say('route for Gaëtan today');
    const card = cardOf(reply);
    expect(card).toMatchObject({ type: 'AdaptiveCard' });
    expectInOrder(cardText(card), stops);
    expect(reply.activity.summary).toEqual(expect.any(String));
  });

  it('stores the conversation reference for proactive messages', () => {
    const ref = getConversationRef(db, 'a:conv-planner');
    expect(ref).toMatchObject({
      serviceUrl: channel.url,
      tenantId: TENANT_ID,
      channelId: 'msteams',
      conversationType: 'personal',
      botId: BOT.id,
      userEmail: 'clothilde.martin@duret-electricite.fr',
      updatedAt: NOW.toISOString(),
    });
    expect(ref?.reference).toMatchObject({ serviceUrl: channel.url, conversation: { id: 'a:conv-planner' }, bot: { id: BOT.id } });
  });

  it('"/as <technician>" then "ma tournée aujourd\'hui" → Gaëtan\'s own route', async () => {
    const conv = 'a:conv-gaetan';
    const switched = await say(`/as ${GAETAN}`, conv);
    expect(switched.activity.text).toMatch(/Gaëtan Morel/);
    const reply = await say("ma tournée aujourd'hui", conv);
    expectInOrder(cardText(cardOf(reply)), expectedStops(GAETAN));
    // the switch holds for that conversation only
    expect(getConversationRef(db, conv)?.userEmail).toBe(GAETAN);
    expect(getConversationRef(db, 'a:conv-planner')?.userEmail).toBe('clothilde.martin@duret-electricite.fr');
  });

  it("a technician asking for another technician's route → a refusal, none of the other's stops", async () => {
    const conv = 'a:conv-gaetan';
    const other = 'julien.favre@duret-electricite.fr';
    const reply = await say('route for Julien today', conv);
    const shown = `${reply.activity.text ?? ''}\n${cardText(cardOf(reply))}`;
    const decision = authorize(resolveUser(db, { email: GAETAN })!, { kind: 'route', technicienId: technicien(other).id });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect([decision.message.fr, decision.message.en].some((m) => shown.includes(m)), shown).toBe(true);
    for (const name of expectedStops(other)) if (!expectedStops(GAETAN).includes(name)) expect(shown).not.toContain(name);
  });

  it('"/as" with an unknown login → the list of valid logins, identity unchanged', async () => {
    const conv = 'a:conv-gaetan';
    const reply = await say('/as nobody@example.com', conv);
    expect(reply.activity.text).toContain('nobody@example.com');
    expect(reply.activity.text).toContain(GAETAN);
    expect(reply.activity.text).toContain('clothilde.martin@duret-electricite.fr');
    expect(getConversationRef(db, conv)?.userEmail).toBe(GAETAN);
  });

  it('"aide" → the help card', async () => {
    const reply = await say('aide');
    const card = cardOf(reply);
    expect(card).toMatchObject({ type: 'AdaptiveCard' });
    expect(cardText(card)).toMatch(/tournée/i);
  });

  it('the bot @mention is stripped in a channel', async () => {
    const conv = '19:channel@thread.tacv2';
    const mark = channel.mark();
    const activity = {
      ...messageActivity('<at>SAV Assistant</at> aide', { serviceUrl: channel.url, conversationId: conv, conversationType: 'channel' }),
      entities: [{ type: 'mention', text: '<at>SAV Assistant</at>', mentioned: BOT }],
    };
    expect((await postJson(messages, activity)).status).toBe(200);
    const reply = await channel.waitFor((a) => a.conversationId === conv, mark);
    expect(cardText(cardOf(reply))).toMatch(/tournée/i);
  });

  it('SQL metacharacters in the text → a polite reply, the tables intact', async () => {
    const count = (t: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    const before = { clients: count('dim_clients'), users: count('users'), planned: count('planned_interventions') };
    const reply = await say(`route for Gaëtan'; DROP TABLE dim_clients; -- " OR 1=1; /* today`);
    expect(reply.activity.text ?? cardText(cardOf(reply))).not.toMatch(/SQLITE|syntax error|Désolé, je n'ai pas pu traiter/i);
    expect({ clients: count('dim_clients'), users: count('users'), planned: count('planned_interventions') }).toEqual(before);
  });

  it.each([
    ['empty', ''],
    ['very long', 'tournée '.repeat(600)],
    ['emoji and control characters', '🔥\u0000\u202e route ⚡ pour\t\n demain ?'],
    ['HTML', '<script>alert(1)</script><b>aide</b>'],
  ])('odd text (%s) → a reply, never the apology', async (_name, text) => {
    const reply = await say(text, 'a:conv-odd');
    const shown = `${reply.activity.text ?? ''}${cardText(cardOf(reply))}`;
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).not.toMatch(/Désolé, je n'ai pas pu traiter/);
  });

  it('never logs the message text at info level', () => {
    const joined = logs.lines.join('\n');
    expect(joined).not.toContain('route for Gaëtan');
    expect(joined).not.toContain('DROP TABLE');
    expect(joined).toContain('message answered');
  });

  it('install (conversationUpdate, the bot added) → a welcome with help, and the reference stored', async () => {
    const conv = 'a:conv-new-install';
    const mark = channel.mark();
    const res = await postJson(messages, membersAddedActivity({ serviceUrl: channel.url, conversationId: conv }));
    expect(res.status).toBe(200);
    const welcome = await channel.waitFor((a) => a.conversationId === conv, mark);
    expect(cardText(cardOf(welcome)) || welcome.activity.text).toMatch(/tournée|aide/i);
    expect(getConversationRef(db, conv)).toMatchObject({ serviceUrl: channel.url, tenantId: TENANT_ID });
  });
});

describe('Action.Execute invokes (Universal Actions)', () => {
  it('route.refresh → the refreshed card in the HTTP response body', async () => {
    const tech = technicien(GAETAN);
    const value = { action: { type: 'Action.Execute', verb: 'route.refresh', data: { technicienId: tech.id, date: TODAY } } };
    const res = await postJson(messages, invokeActivity(value, { serviceUrl: channel.url, conversationId: 'a:conv-planner' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: ADAPTIVE, value: { type: 'AdaptiveCard' } });
    expectInOrder(cardText((res.body as { value: unknown }).value), expectedStops(GAETAN));
  });

  it.each([
    ['no verb', { action: { type: 'Action.Execute', data: {} } }, /verb/],
    ['data not an object', { action: { type: 'Action.Execute', verb: 'route.refresh', data: [1, 2] } }, /data must be an object/],
    ['not Action.Execute', { action: { type: 'Action.Submit', verb: 'route.refresh' } }, /Action\.Execute/],
    ['no value', undefined, /invalid|required|object/i],
  ])('bad payload (%s) → a clear error response, no crash', async (_name, value, message) => {
    const res = await postJson(messages, invokeActivity(value, { serviceUrl: channel.url, conversationId: 'a:conv-planner' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect((res.body as { value: { message: string } }).value.message).toMatch(message);
  });
});

describe('POST /api/etl/:source', () => {
  const etl = (source: string, body: string | Buffer, headers: Record<string, string>, query = ''): Promise<Response> =>
    fetch(`${base}/api/etl/${source}${query}`, { method: 'POST', headers, body });
  const auth = { Authorization: `Bearer ${ETL_TOKEN}` };
  const batches = (): number => (db.prepare('SELECT COUNT(*) AS n FROM etl_batches').get() as { n: number }).n;

  it('wrong or missing token → 401', async () => {
    expect((await etl('erp', 'a;b', { Authorization: 'Bearer wrong-token-0123456789', 'Content-Type': 'text/csv' })).status).toBe(401);
    expect((await etl('erp', 'a;b', { 'Content-Type': 'text/csv' })).status).toBe(401);
  });

  it('unknown source → 400 with the message', async () => {
    const res = await etl('crm', 'a;b', { ...auth, 'Content-Type': 'text/csv' });
    expect(res.status).toBe(400);
    expect((await res.json()) as object).toMatchObject({ error: expect.stringMatching(/unknown source "crm"/) });
  });

  it('invalid JSON → 422 with the message', async () => {
    const res = await etl('erp', '[{"source_ref": "C1", "nom": "x" "type": 1}]', { ...auth, 'Content-Type': 'application/json' }, '?file=clients.json&entity=clients');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(10);
  });

  it('a body over 10 MB → 413, nothing loaded', async () => {
    const before = { batches: batches(), clients: (db.prepare('SELECT COUNT(*) AS n FROM dim_clients').get() as { n: number }).n };
    const header = 'source_ref;nom;prenom;type;segment;adresse;code_postal;ville;latitude;longitude\n';
    const row = 'C990001;Grand;Fichier;Particulier;Or;1 rue du Test;74000;Annecy;45.9;6.12\n';
    const big = header + row.repeat(Math.ceil((10 * 1024 * 1024 + 1) / row.length));
    const res = await etl('erp', big, { ...auth, 'Content-Type': 'text/csv' }, '?file=clients.csv&entity=clients');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/too large.*10 MB.*nothing was loaded/);
    expect(batches()).toBe(before.batches);
    expect((db.prepare('SELECT COUNT(*) AS n FROM dim_clients').get() as { n: number }).n).toBe(before.clients);
  });

  it('a chunked body (no Content-Length) over 10 MB → 413 as well, nothing loaded', async () => {
    const before = batches();
    const chunk = new TextEncoder().encode('C990002;Flux;Continu;Particulier;Or;1 rue du Test;74000;Annecy;45.9;6.12\n'.repeat(16_384));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 10 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${base}/api/etl/erp?file=clients.csv&entity=clients`, {
      method: 'POST', headers: { ...auth, 'Content-Type': 'text/csv' }, body, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(batches()).toBe(before);
    expect(db.prepare("SELECT COUNT(*) AS n FROM dim_clients WHERE source_ref = 'C990002'").get()).toEqual({ n: 0 });
  });

  it('a valid CSV → the EtlSummary, rows in the warehouse', async () => {
    const csv = [
      'source_ref;nom;prenom;type;segment;adresse;code_postal;ville;latitude;longitude;telephone',
      'C990101;Lefebvre;Anne;Particulier;Argent;4 rue des Tilleuls;74000;Annecy;45.901;6.121;06 11 22 33 44',
      'C990102;Garage du Lac;;Professionnel;Or;2 quai du Lac;74290;Veyrier-du-Lac;45.884;6.176;',
    ].join('\n');
    const res = await etl('erp', csv, { ...auth, 'Content-Type': 'text/csv' }, '?file=clients.csv&entity=clients');
    const summary = (await res.json()) as { source: string; fileName: string; read: number; loaded: number; rejected: number; batchId: number };
    expect(res.status, JSON.stringify(summary)).toBe(200);
    expect(summary).toMatchObject({ source: 'erp', fileName: 'clients.csv', format: 'csv', read: 2, loaded: 2, rejected: 0 });
    expect(db.prepare("SELECT nom FROM dim_clients WHERE source_ref IN ('C990101', 'C990102') ORDER BY source_ref").all()).toEqual([
      { nom: 'Lefebvre' },
      { nom: 'Garage du Lac' },
    ]);
  });

  it('no ETL_TOKEN configured → 503', async () => {
    const other = createBotApp({ db, config: localConfig({ etlToken: null }), now: () => NOW, logger: createLogger('silent') });
    const started = await other.start();
    try {
      const res = await fetch(`http://127.0.0.1:${started.port}/api/etl/erp`, { method: 'POST', headers: auth, body: 'x' });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'ETL endpoint disabled: set ETL_TOKEN' });
    } finally {
      await other.stop();
    }
  });
});

describe('errors', () => {
  it('a failure inside the core → a polite apology with a request id, logged with the same id, no crash', async () => {
    const broken = openDb(':memory:');
    const logs3 = logCapture();
    const other = createBotApp({ db: broken, config: localConfig(), now: () => NOW, logger: createLogger('info', logs3.stream) });
    const started = await other.start();
    try {
      broken.close(); // every query now throws
      const conv = 'a:conv-broken';
      const mark = channel.mark();
      const res = await postJson(started.url, messageActivity('route for Gaëtan today', { serviceUrl: channel.url, conversationId: conv }));
      expect(res.status).toBe(200);
      const reply = await channel.waitFor((a) => a.conversationId === conv, mark);
      const id = /référence ([0-9a-f-]{36})/.exec(reply.activity.text ?? '')?.[1];
      expect(id, reply.activity.text).toBeDefined();
      const logged = logs3.lines.map((l) => JSON.parse(l) as { level: number; requestId?: string; msg: string }).find((l) => l.requestId === id);
      expect(logged).toMatchObject({ level: 50, msg: 'message: failed' });
      expect((await fetch(`http://127.0.0.1:${started.port}/healthz`)).status).toBe(200);
      // the process is alive, but not ready: the database does not answer
      const ready = await fetch(`http://127.0.0.1:${started.port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database not reachable' });
    } finally {
      await other.stop();
    }
  });
});

describe('production mode (credentials set)', () => {
  it('an unauthenticated POST to /api/messages is rejected with 401, offline', async () => {
    const logs2 = logCapture();
    const prod = createBotApp({
      db,
      config: localConfig({ mode: 'production', credentials: { clientId: '00000000-0000-0000-0000-00000000c1d0', clientSecret: 'fake-secret', tenantId: TENANT_ID } }),
      now: () => NOW,
      logger: createLogger('info', logs2.stream),
    });
    const started = await prod.start();
    try {
      const mark = channel.mark();
      const activity = messageActivity('route for Gaëtan today', { serviceUrl: channel.url, conversationId: 'a:conv-prod' });
      const none = await postJson(started.url, activity);
      expect(none.status).toBe(401);
      // a malformed token fails while decoding, before any key would be fetched from Microsoft
      const bad = await postJson(started.url, activity, { Authorization: 'Bearer not-a-jwt' });
      expect(bad.status).toBe(401);
      expect(channel.captured.slice(mark)).toHaveLength(0);
      expect(getConversationRef(db, 'a:conv-prod')).toBeNull();
      expect(logs2.lines.some((l) => l.includes('LOCAL MODE'))).toBe(false);
    } finally {
      await prod.stop();
    }
  });
});
