/**
 * The synchronous bridge's mechanics without a SQL Server: the same worker protocol, with better-sqlite3 as
 * the backend inside the worker (statements in SQLite syntax, parameters renamed as for T-SQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listJobs } from '../../jobs/queue.ts';
import { openDb, type Db } from '../db.ts';
import { BridgedDatabase, BridgeSqlError, BridgeTimeoutError } from './database.ts';
import { runScenario, SCENARIOS, scenarioContext } from './scenario.ts';

let dir: string;
let path: string;
const open = (timeoutMs?: number): BridgedDatabase => new BridgedDatabase({ backend: { kind: 'sqlite', path }, timeoutMs });
const opened: BridgedDatabase[] = [];
const track = (d: BridgedDatabase): BridgedDatabase => (opened.push(d), d);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-bridge-'));
  path = join(dir, 'w.db');
});
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('BridgedDatabase over the worker protocol (better-sqlite3 test backend)', () => {
  it('answers synchronously: run, get, all, pluck, iterate, positional and named parameters', () => {
    const db = track(open());
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)');
    const ins = db.prepare('INSERT INTO t (name, score) VALUES (?, ?)');
    expect(ins.run('a', 1.5)).toEqual({ changes: 1, lastInsertRowid: 1 });
    expect(ins.run(['b', null])).toEqual({ changes: 1, lastInsertRowid: 2 });
    db.prepare('INSERT INTO t (name, score) VALUES (@name, @score)').run({ name: 'c', score: 3 });
    expect(db.prepare('SELECT name, score FROM t WHERE id = ?').get(1)).toEqual({ name: 'a', score: 1.5 });
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(99)).toBeUndefined();
    expect(db.prepare('SELECT name FROM t ORDER BY id').pluck().all()).toEqual(['a', 'b', 'c']);
    expect([...db.prepare('SELECT id FROM t WHERE score IS NOT NULL ORDER BY id').pluck().iterate()]).toEqual([1, 3]);
    expect(db.prepare('UPDATE t SET score = 0 WHERE score IS NOT NULL').run().changes).toBe(2);
    expect(() => db.prepare('SELECT * FROM t WHERE id = @id').get({})).toThrow(/Missing named parameter "id"/);
    expect(() => db.prepare('SELECT * FROM t WHERE id = ?').get(1, 2)).toThrow(/Too many parameter values/);
  });

  it('reports database errors as BridgeSqlError and stays usable', () => {
    const db = track(open());
    db.exec('CREATE TABLE u (k TEXT PRIMARY KEY)');
    db.prepare('INSERT INTO u (k) VALUES (?)').run('x');
    let err: unknown;
    try {
      db.prepare('INSERT INTO u (k) VALUES (?)').run('x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BridgeSqlError);
    expect((err as BridgeSqlError).message).toMatch(/UNIQUE constraint failed: u\.k/);
    expect((err as BridgeSqlError).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(() => db.prepare('SELECT * FROM no_such_table').all()).toThrow(/no such table/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM u').get()).toEqual({ n: 1 });
  });

  it('commits a transaction, rolls it back on a throw, and nests with savepoints', () => {
    const db = track(open());
    db.exec('CREATE TABLE v (x INTEGER)');
    const ins = db.prepare('INSERT INTO v (x) VALUES (?)');
    const count = (): number => db.prepare('SELECT COUNT(*) AS n FROM v').pluck().get() as number;
    expect(db.transaction((a: number) => (ins.run(a), ins.run(a + 1), 'done')).immediate(1)).toBe('done');
    expect(count()).toBe(2);
    expect(() =>
      db.transaction(() => {
        ins.run(3);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(count()).toBe(2);
    expect(db.inTransaction).toBe(false);
    db.transaction(() => {
      ins.run(10);
      expect(db.inTransaction).toBe(true);
      expect(() =>
        db.transaction(() => {
          ins.run(11);
          throw new Error('inner');
        })(),
      ).toThrow('inner');
      db.transaction(() => ins.run(12))();
    })();
    expect(db.prepare('SELECT x FROM v ORDER BY x').pluck().all()).toEqual([1, 2, 10, 12]);
    // another connection sees the committed rows only
    const other = openDb(path, { migrate: false });
    expect(other.prepare('SELECT COUNT(*) AS n FROM v').get()).toEqual({ n: 4 });
    other.close();
  });

  it('carries large results (100 000 rows) through the port', () => {
    const db = track(open());
    db.exec("CREATE TABLE big AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i, 'row number ' || i AS label FROM n");
    const t0 = performance.now();
    const rows = db.prepare('SELECT i, label FROM big ORDER BY i').all() as { i: number; label: string }[];
    const ms = performance.now() - t0;
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toEqual({ i: 100_000, label: 'row number 100000' });
    expect(ms).toBeLessThan(10_000);
  });

  it('times out a call that does not answer, resets the connection (open transaction rolled back), then works again', () => {
    const db = track(open(300));
    db.exec('CREATE TABLE w (x INTEGER)');
    const begin = Date.now();
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO w (x) VALUES (1)').run();
        db.prepare('SELECT sav_test_delay(5000) AS d').get();
      })(),
    ).toThrow(BridgeTimeoutError);
    expect(Date.now() - begin).toBeLessThan(4_000);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM w').get()).toEqual({ n: 0 });
    db.prepare('INSERT INTO w (x) VALUES (2)').run();
    expect(db.prepare('SELECT x FROM w').pluck().all()).toEqual([2]);
  });

  it('runs the app unchanged: jobs, outbox and conversation references through the bridge', async () => {
    openDb(path).close(); // migrated schema
    const db = track(open());
    const steps = SCENARIOS.filter(([name]) => ['jobs queue', 'outbox', 'conversation refs'].includes(name));
    expect(steps).toHaveLength(3);
    await runScenario(scenarioContext(db as unknown as Db), steps);
    expect(listJobs(db as unknown as Db).map((j) => [j.key, j.status])).toEqual(
      expect.arrayContaining([
        ['scenario:1', 'done'],
        ['scenario:2', expect.any(String)],
      ]),
    );
    const direct = openDb(path, { migrate: false });
    expect(direct.prepare("SELECT status FROM outbox WHERE idempotency_key = 'msg:1'").pluck().get()).toBe('sent');
    direct.close();
  });
});
