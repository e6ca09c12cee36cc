/**
 * bulkInsert on SQLite (better-sqlite3 directly) and through the synchronous bridge with the better-sqlite3
 * test backend (the same worker protocol and `bulk` op the SQL Server backend answers with a bulk load).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../db.ts';
import { BridgedDatabase } from './database.ts';
import { bulkColumns, bulkInsert, bulkWriter } from './bulk.ts';
import type { Request } from './bridge/protocol.ts';

const JOB_COLUMNS = ['job_id', 'idempotency_key', 'kind', 'payload', 'status', 'due_at', 'run_after', 'max_lateness_ms', 'attempts', 'created_at', 'updated_at', 'finished_at'];

/** Row i of the jobs load: UTC (toISOString) and Paris-offset datetimes, JSON text, nulls, booleans. */
function jobRow(i: number): unknown[] {
  const due = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const paris = `2026-07-${String(1 + (i % 28)).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00+02:00`;
  return [
    i + 1,
    `bulk:${i}`,
    i % 2 ? 'survey.send' : 'tournee.morning',
    JSON.stringify({ n: i, tags: ['a', 'é'] }),
    i % 3 ? 'pending' : 'done',
    due,
    paris,
    i % 5 ? i * 1000 : null,
    i % 4,
    due,
    due,
    i % 3 ? null : paris,
  ];
}

const N = 100_000;
let dir: string;
let path: string;
const opened: { close(): unknown }[] = [];
const track = <T extends { close(): unknown }>(d: T): T => (opened.push(d), d);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-bulk-'));
  path = join(dir, 'w.db');
  openDb(path).close(); // the migrated warehouse schema
});
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

const bridge = (): BridgedDatabase => track(new BridgedDatabase({ backend: { kind: 'sqlite', path }, timeoutMs: 60_000 }));
const direct = (): Db => track(openDb(path, { migrate: false }));
const rows = function* (n: number, at?: { index: number; row: unknown[] }): Generator<unknown[]> {
  for (let i = 0; i < n; i++) yield at && at.index === i ? at.row : jobRow(i);
};

describe('bulkColumns', () => {
  it('types the columns from the warehouse schema and refuses unknown ones', () => {
    expect(bulkColumns('jobs', ['job_id', 'payload', 'due_at', 'last_error', 'kind'])).toEqual([
      { name: 'job_id', type: 'int', nullable: false, identity: true },
      { name: 'payload', type: 'json', nullable: false },
      { name: 'due_at', type: 'datetime', nullable: false },
      { name: 'last_error', type: 'text', nullable: true, maxLength: 2000 },
      { name: 'kind', type: 'text', nullable: false, maxLength: 64 },
    ]);
    expect(bulkColumns('dim_temps', ['date', 'est_ferie'])).toEqual([
      { name: 'date', type: 'date', nullable: false },
      { name: 'est_ferie', type: 'bool', nullable: false },
    ]);
    expect(() => bulkColumns('jobs', ['nope'])).toThrow('bulkInsert: jobs has no column nope');
    expect(() => bulkColumns('no_table', ['x'])).toThrow('unknown table no_table');
  });
});

describe.each([
  ['better-sqlite3', (): Db => direct()],
  ['the bridge (better-sqlite3 test backend)', (): Db => bridge() as unknown as Db],
])('bulkInsert on %s', (_name, open) => {
  it(`loads ${N.toLocaleString('en')} rows with the values and types as written`, () => {
    const db = open();
    const t0 = performance.now();
    const r = bulkInsert(db, 'jobs', JOB_COLUMNS, rows(N));
    const ms = performance.now() - t0;
    expect(r.rows).toBe(N);
    // read back on a separate plain connection: committed, and exactly what was sent
    const check = direct();
    expect(check.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(N);
    for (const i of [0, 1, 2, 3, 4, 59_999, N - 1]) {
      const got = check.prepare(`SELECT ${JOB_COLUMNS.join(', ')} FROM jobs WHERE job_id = ?`).raw().get(i + 1) as unknown[];
      expect(got).toEqual(jobRow(i));
    }
    const types = check.prepare('SELECT typeof(job_id) AS a, typeof(payload) AS b, typeof(max_lateness_ms) AS c, typeof(due_at) AS d, typeof(finished_at) AS e FROM jobs WHERE job_id = 1').get();
    expect(types).toEqual({ a: 'integer', b: 'text', c: 'null', d: 'text', e: 'text' });
    console.info(`bulkInsert ${_name}: ${N} jobs rows in ${Math.round(ms)} ms (${r.batches} round trips)`);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);

  it('rolls everything back when a row fails mid-load (duplicate key at row 70 000), and the database stays usable', () => {
    const db = open();
    const dup = jobRow(69_999);
    dup[1] = 'bulk:5'; // the idempotency key of row 5: UNIQUE
    let err: unknown;
    try {
      bulkInsert(db, 'jobs', JOB_COLUMNS, rows(N, { index: 69_999, row: dup }));
    } catch (e) {
      err = e;
    }
    expect(String((err as Error).message)).toMatch(/UNIQUE constraint failed: jobs\.idempotency_key/);
    expect(db.inTransaction).toBe(false);
    expect(direct().prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(0);
    expect(bulkInsert(db, 'jobs', JOB_COLUMNS, rows(10)).rows).toBe(10);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 10 });
  }, 60_000);

  it('refuses a row of the wrong width mid-load and keeps nothing of the call', () => {
    const db = open();
    expect(() => bulkInsert(db, 'jobs', JOB_COLUMNS, rows(12_000, { index: 11_000, row: [1, 2] }))).toThrow('bulkInsert jobs: row 11000 has 2 values, 12 expected');
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it("joins the caller's transaction: the caller's rollback takes the bulk rows too", () => {
    const db = open();
    expect(() =>
      db.transaction(() => {
        bulkInsert(db, 'jobs', JOB_COLUMNS, rows(7_000));
        expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 7_000 });
        throw new Error('caller fails after');
      })(),
    ).toThrow('caller fails after');
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it('stores booleans as 0/1 and dates as text, as the app reads them', () => {
    const db = open();
    bulkInsert(db, 'dim_temps', ['date_id', 'date', 'annee', 'trimestre', 'mois', 'semaine', 'annee_iso', 'jour_semaine', 'jour_mois', 'est_ferie', 'nom_ferie', 'est_weekend'], [
      [20261225, '2026-12-25', 2026, 4, 12, 52, 2026, 'Vendredi', 25, true, 'Noël', 0],
      [20261226, '2026-12-26', 2026, 4, 12, 52, 2026, 'Samedi', 26, false, null, 1],
    ]);
    expect(db.prepare('SELECT date, est_ferie, nom_ferie, est_weekend FROM dim_temps ORDER BY date_id').all()).toEqual([
      { date: '2026-12-25', est_ferie: 1, nom_ferie: 'Noël', est_weekend: 0 },
      { date: '2026-12-26', est_ferie: 0, nom_ferie: null, est_weekend: 1 },
    ]);
  });
});

describe('bulkInsert through the bridge', () => {
  it('sends the rows in batches inside ONE transaction (begin, N bulk ops, commit)', () => {
    const db = bridge();
    const ops: string[] = [];
    const call = db.call.bind(db);
    vi.spyOn(db, 'call').mockImplementation((req: Request, timeoutMs?: number) => (ops.push(req.op), call(req, timeoutMs)));
    const r = bulkInsert(db as unknown as Db, 'jobs', JOB_COLUMNS, rows(12_345), { batchSize: 5_000 });
    expect(r).toEqual({ rows: 12_345, batches: 3 });
    expect(ops).toEqual(['begin', 'bulk', 'bulk', 'bulk', 'commit']);
  });

  it('validates its arguments before anything reaches the database', () => {
    const db = bridge();
    const spy = vi.spyOn(db, 'call');
    expect(() => bulkInsert(db as unknown as Db, 'jobs', [], [])).toThrow(/at least one column/);
    expect(() => bulkInsert(db as unknown as Db, 'jobs', ['kind', 'kind'], [])).toThrow(/named twice/);
    expect(() => bulkInsert(db as unknown as Db, 'jobs', ['kind'], [], { batchSize: 0 })).toThrow();
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('bulkWriter: rows queued, sent by bulk load before anything else', () => {
  const outboxRow = (i: number, jobId: number): unknown[] => [`out:${i}`, jobId, '{"userId":1}', '{"text":"x"}', '2026-12-01T06:30:00.000Z', '2026-12-01T06:30:00.000Z'];
  const OUTBOX = ['idempotency_key', 'job_id', 'target', 'message', 'created_at', 'updated_at'];
  const fkBridge = (): BridgedDatabase => track(new BridgedDatabase({ backend: { kind: 'sqlite', path, init: 'PRAGMA foreign_keys = ON' } }));

  it('sends parents before children, reads its own writes, and batches: one bulk load per table per flush', () => {
    const db = fkBridge();
    const ops: string[] = [];
    const call = db.call.bind(db);
    vi.spyOn(db, 'call').mockImplementation((req: Request, timeoutMs?: number) => (ops.push(req.op), call(req, timeoutMs)));
    const asDb = db as unknown as Db;
    db.transaction(() => {
      const jobs = bulkWriter(asDb, 'jobs', JOB_COLUMNS, { batchSize: 1_000 });
      const outbox = bulkWriter(asDb, 'outbox', OUTBOX, { batchSize: 1_000 });
      for (let i = 0; i < 2_500; i++) {
        outbox.add(outboxRow(i, i + 1)); // references the job queued just AFTER it: sent after it all the same (jobs is outbox's parent)
        jobs.add(jobRow(i));
      }
      // an UPDATE and a read see every row added so far
      expect(asDb.prepare("UPDATE jobs SET status = 'failed' WHERE job_id <= 10").run().changes).toBe(10);
      expect(asDb.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 2_500 });
      jobs.add(jobRow(2_500));
    })();
    expect(direct().prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(2_501);
    expect(direct().prepare("SELECT COUNT(*) FROM jobs WHERE status = 'failed'").pluck().get()).toBe(10);
    // 5 001 rows: 5 flushes of 1 000 (one bulk load per table each) + the last row at commit
    expect(ops).toEqual(['begin', ...Array<string>(10).fill('bulk'), 'query', 'query', 'bulk', 'commit']);
  });

  it('a refused queued row fails the enclosing transaction, which rolls back everything', () => {
    const db = fkBridge();
    const asDb = db as unknown as Db;
    expect(() =>
      db.transaction(() => {
        const jobs = bulkWriter(asDb, 'jobs', JOB_COLUMNS);
        for (let i = 0; i < 100; i++) jobs.add(jobRow(i));
        const outbox = bulkWriter(asDb, 'outbox', OUTBOX);
        outbox.add(outboxRow(1, 999_999)); // no such job: FOREIGN KEY
      })(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.inTransaction).toBe(false);
    expect(direct().prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it('a rolled-back savepoint drops the rows queued after it, keeps those before', () => {
    const db = fkBridge();
    const asDb = db as unknown as Db;
    db.transaction(() => {
      const jobs = bulkWriter(asDb, 'jobs', JOB_COLUMNS);
      jobs.add(jobRow(0));
      expect(() =>
        db.transaction(() => {
          jobs.add(jobRow(1));
          throw new Error('inner');
        })(),
      ).toThrow('inner');
      jobs.add(jobRow(2));
    })();
    expect(db.prepare('SELECT job_id FROM jobs ORDER BY job_id').pluck().all()).toEqual([1, 3]);
  });

  it('on better-sqlite3 writes each row at once', () => {
    const db = direct();
    const jobs = bulkWriter(db, 'jobs', JOB_COLUMNS);
    jobs.add(jobRow(0));
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 1 });
    expect(() => jobs.add(jobRow(0))).toThrow(/UNIQUE/);
  });
});
