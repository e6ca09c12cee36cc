/**
 * The warehouse locked or read-only, with the running bot (LOCAL mode, real HTTP on 127.0.0.1, fake Bot
 * Connector). "Locked": a second connection holds SQLite's write lock (BEGIN IMMEDIATE) longer than the bot
 * connection's busy_timeout (lowered to 100 ms here so the test is quick; 5 s in the app). "Read-only":
 * PRAGMA query_only on the bot's connection (this suite runs as root, for whom chmod changes nothing), then
 * a connection opened read-only.
 *
 * Each time: the chat turn gets the FR/EN apology with a reference that is in the log, the ETL a 503 with a
 * clear JSON error, a job is retried — nothing half-written — and the same operation succeeds once the lock is
 * released or the database writable again.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { createScheduler } from '../../bot/scheduler.ts';
import { enqueue, findJob } from '../../core/jobs/index.ts';
import { getConversationRef } from '../../core/warehouse/conversation-refs.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { FakeChannel } from '../e2e/fake-channel.ts';
import { ETL_TOKEN, NOW, demoDb, localConfig, logCapture, messageActivity, postJson, type TempDb } from '../e2e/helpers.ts';
import { watchStatements } from './fixtures/pause.ts';

let temp: TempDb;
let locker: Db;
let channel: FakeChannel;
let bot: BotApp;
let messages: string;
let base: string;
let logs: string[];
/** set by a test: called before the ETL's statements on the bot connection run */
let onEtlWrite: ((sql: string) => void) | null = null;
let seq = 0;

beforeAll(async () => {
  temp = demoDb();
  temp.db.pragma('busy_timeout = 100');
  watchStatements(temp.db, /^INSERT INTO ("dim_clients"|etl_rejects)/, (_n, _args, sql) => onEtlWrite?.(sql));
  locker = openDb(join(temp.dir, 'sav.db'));
  channel = new FakeChannel();
  await channel.start();
  const capture = logCapture();
  logs = capture.lines;
  bot = createBotApp({ db: temp.db, config: localConfig(), now: () => NOW, logger: createLogger('info', capture.stream) });
  messages = (await bot.start()).url;
  base = messages.replace(/\/api\/messages$/, '');
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  locker?.close();
  temp?.cleanup();
});
beforeEach(() => {
  onEtlWrite = null;
  if (locker.inTransaction) locker.exec('ROLLBACK');
  temp.db.pragma('query_only = OFF');
});

const lock = (): void => void locker.exec('BEGIN IMMEDIATE');
const release = (): void => void locker.exec('ROLLBACK');
const count = (sql: string, ...args: unknown[]): number => (temp.db.prepare(sql).get(...args) as { n: number }).n;

/** One chat turn in a new conversation: the bot's first message back. */
async function turn(text: string, conversationId = `a:conv-fault-${++seq}`): Promise<{ conversationId: string; text: string; card: boolean }> {
  const mark = channel.mark();
  expect((await postJson(messages, messageActivity(text, { serviceUrl: channel.url, conversationId }))).status).toBeLessThan(300);
  const a = await channel.waitFor((x) => x.conversationId === conversationId && x.activity.type === 'message', mark);
  return { conversationId, text: a.activity.text ?? '', card: (a.activity.attachments?.length ?? 0) > 0 };
}

const APOLOGY = /^Désolé, je n'ai pas pu traiter votre demande\. Réessayez dans un instant \(référence ([0-9a-f-]{36})\)\. \/ Sorry, something went wrong \(reference \1\)\.$/;

/** The apology's reference is the request id of the logged failure, which names the SQLite code. */
function expectApologyLogged(text: string, code: string): void {
  const ref = APOLOGY.exec(text)?.[1];
  expect(ref, text).toBeDefined();
  const line = logs.map((l) => JSON.parse(l) as { msg?: string; requestId?: string; err?: { code?: string } }).find((l) => l.requestId === ref && l.msg === 'message: failed');
  expect(line?.err?.code).toBe(code);
}

const csv = (refs: string[]): string =>
  ['source_ref;nom;type;segment;adresse;code_postal;ville;latitude;longitude', ...refs.map((r, i) => `${r};Client ${r};Particulier;Or;${i + 1} quai Perrière;74000;Annecy;45,899;6,129`)].join('\n');
const postEtl = async (body: string) => {
  const res = await fetch(`${base}/api/etl/erp?entity=clients&file=clients.csv`, { method: 'POST', headers: { Authorization: `Bearer ${ETL_TOKEN}`, 'Content-Type': 'text/csv' }, body });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
};
const clients = (refs: string[]): number => count(`SELECT COUNT(*) AS n FROM dim_clients WHERE source_ref IN (${refs.map(() => '?').join(', ')})`, ...refs);

describe('database locked beyond busy_timeout (another connection holds BEGIN IMMEDIATE)', () => {
  it('a chat turn → the FR/EN apology with a reference (logged, SQLITE_BUSY), nothing written; released → the same message is answered', async () => {
    lock();
    const failed = await turn('aide');
    expectApologyLogged(failed.text, 'SQLITE_BUSY');
    expect(getConversationRef(temp.db, failed.conversationId)).toBeNull();
    release();
    const ok = await turn('aide', failed.conversationId);
    expect(ok.text).not.toMatch(/Désolé/);
    expect(ok.card).toBe(true);
    expect(getConversationRef(temp.db, failed.conversationId)).not.toBeNull();
  });

  it('POST /api/etl/erp → 503 with Retry-After and a clear JSON error, no batch row; released → 200, loaded', async () => {
    const refs = ['C9100001', 'C9100002', 'C9100003'];
    const batches = count('SELECT COUNT(*) AS n FROM etl_batches');
    lock();
    const refused = await postEtl(csv(refs));
    expect(refused).toMatchObject({ status: 503, retryAfter: '5', body: { error: expect.stringMatching(/^the warehouse is busy .*nothing was loaded — send the file again in a moment \(request [0-9a-f-]{36}\)$/) } });
    release();
    expect(count('SELECT COUNT(*) AS n FROM etl_batches')).toBe(batches);
    expect(clients(refs)).toBe(0);
    const loaded = await postEtl(csv(refs));
    expect(loaded).toMatchObject({ status: 200, body: { read: 3, loaded: 3, rejected: 0 } });
    expect(clients(refs)).toBe(3);
  });

  it('the lock taken in the middle of a load: no good row is rejected for it — the batch stops, rolls back, says why; the same file then loads whole', async () => {
    const refs = ['C9200001', 'C9200002', 'C9200003'];
    let locked = false;
    onEtlWrite = (sql) => {
      if (sql.includes('"dim_clients"') && !locked) (locked = true), lock(); // another writer gets in first
      else if (sql.includes('etl_rejects') && locker.inTransaction) release(); // …and is gone a moment later
    };
    const refused = await postEtl(csv(refs));
    onEtlWrite = null;
    expect(refused).toMatchObject({ status: 503, body: { error: expect.stringMatching(/busy/) } });
    expect(clients(refs)).toBe(0);
    const batch = temp.db.prepare('SELECT batch_id, finished_at, rows_loaded, rows_rejected FROM etl_batches ORDER BY batch_id DESC LIMIT 1').get() as { batch_id: number; finished_at: string | null; rows_loaded: number; rows_rejected: number };
    expect(batch).toMatchObject({ finished_at: expect.any(String), rows_loaded: 0, rows_rejected: 1 });
    expect(temp.db.prepare('SELECT line, reason FROM etl_rejects WHERE batch_id = ?').all(batch.batch_id)).toEqual([{ line: 0, reason: 'the load stopped: database is locked' }]);

    expect(await postEtl(csv(refs))).toMatchObject({ status: 200, body: { read: 3, loaded: 3, rejected: 0 } });
    expect(clients(refs)).toBe(3);
  });

  it('a job: a tick under the lock fails and leaves it pending; the lock taken while it runs → its completion fails, the lease expires, it runs again and completes', async () => {
    let clock = NOW;
    let runs = 0;
    const scheduler = createScheduler({
      db: temp.db, owner: 'A', now: () => clock, recurring: [],
      handlers: {
        'fault.probe': async () => {
          if (++runs === 1) lock(); // another writer takes the lock while the job runs
          return { status: 'done', note: `run ${runs}` };
        },
      },
    });
    enqueue(temp.db, { key: 'fault.probe:1', kind: 'fault.probe', dueAt: NOW }, NOW);

    lock();
    await expect(scheduler.tick()).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(findJob(temp.db, 'fault.probe:1')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(runs).toBe(0);
    release();

    await expect(scheduler.tick()).rejects.toMatchObject({ code: 'SQLITE_BUSY' }); // ran, but could not record it
    expect(findJob(temp.db, 'fault.probe:1')).toMatchObject({ status: 'running', attempts: 1, leaseOwner: 'A' });
    release();
    clock = new Date(NOW.getTime() + 60_000);
    expect((await scheduler.tick()).done).toEqual([]); // its lease still holds
    clock = new Date(NOW.getTime() + 6 * 60_000);
    expect((await scheduler.tick()).done).toEqual(['fault.probe:1']);
    expect(findJob(temp.db, 'fault.probe:1')).toMatchObject({ status: 'done', attempts: 2, lastError: 'run 2' });
  });
});

describe('database read-only', () => {
  it('PRAGMA query_only: /readyz 503 "database read-only", the chat apologises (SQLITE_READONLY), the ETL 503; writable again → all work, no reopen', async () => {
    temp.db.pragma('query_only = ON');
    const ready = await fetch(`${base}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'unavailable', reason: 'database read-only' } });
    const failed = await turn('aide');
    expectApologyLogged(failed.text, 'SQLITE_READONLY');
    const refs = ['C9300001'];
    const batches = count('SELECT COUNT(*) AS n FROM etl_batches');
    expect(await postEtl(csv(refs))).toMatchObject({ status: 503, retryAfter: '60', body: { error: expect.stringMatching(/^the warehouse is read-only: nothing was loaded/) } });
    expect(count('SELECT COUNT(*) AS n FROM etl_batches')).toBe(batches);

    temp.db.pragma('query_only = OFF');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await turn('aide', failed.conversationId)).text).not.toMatch(/Désolé/);
    expect(await postEtl(csv(refs))).toMatchObject({ status: 200, body: { loaded: 1 } });
  });

  it('a connection opened read-only: /readyz says so and a turn apologises; recovery needs a new connection (a restart), which works', async () => {
    const path = join(temp.dir, 'sav.db');
    const ro = openDb(path, { readonly: true });
    const capture = logCapture();
    const roBot = createBotApp({ db: ro, config: localConfig(), now: () => NOW, logger: createLogger('info', capture.stream) });
    const roBase = (await roBot.start()).url.replace(/\/api\/messages$/, '');
    try {
      expect(await (await fetch(`${roBase}/readyz`)).json()).toEqual({ status: 'unavailable', reason: 'database read-only' });
      const mark = channel.mark();
      const conversationId = `a:conv-fault-ro-${++seq}`;
      await postJson(`${roBase}/api/messages`, messageActivity('aide', { serviceUrl: channel.url, conversationId }));
      const a = await channel.waitFor((x) => x.conversationId === conversationId, mark);
      expect(a.activity.text).toMatch(APOLOGY);
      expect(capture.lines.some((l) => l.includes('"msg":"message: failed"') && l.includes('SQLITE_READONLY'))).toBe(true);
    } finally {
      await roBot.stop();
      ro.close();
    }
    const rw = openDb(path);
    const rwBot = createBotApp({ db: rw, config: localConfig(), now: () => NOW, logger: createLogger('silent') });
    const rwBase = (await rwBot.start()).url.replace(/\/api\/messages$/, '');
    try {
      expect((await fetch(`${rwBase}/readyz`)).status).toBe(200);
    } finally {
      await rwBot.stop();
      rw.close();
    }
  });
});
