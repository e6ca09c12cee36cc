/**
 * The warehouse on a real SQL Server, run only when MSSQL_URL is set (see the README section "Azure SQL"):
 * a fresh database is created, migrated with the T-SQL migrations, the product scenario runs through the
 * synchronous bridge, then the database is dropped.
 *
 *   MSSQL_URL='mssql://sa:Sav-Local-1234@127.0.0.1:1433/master?trustServerCertificate=true' npx vitest run test/mssql
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, seedReference } from '../../core/etl/fixtures/reference.ts';
import { listJobs } from '../../core/jobs/queue.ts';
import type { Db } from '../../core/warehouse/db.ts';
import { AppLockError, withAppLock } from '../../core/warehouse/mssql/applock.ts';
import { bulkInsert, bulkWriter } from '../../core/warehouse/mssql/bulk.ts';
import { BridgedDatabase } from '../../core/warehouse/mssql/database.ts';
import { migrateMssql, openMssql, parseMssqlUrl, type MssqlSettings } from '../../core/warehouse/mssql/open.ts';
import { ETL_SCENARIOS, runScenario, SCENARIOS, scenarioContext } from '../../core/warehouse/mssql/scenario.ts';

const URL_ = process.env.MSSQL_URL;

describe.skipIf(!URL_)('the warehouse on SQL Server (MSSQL_URL)', () => {
  const name = `sav_it_${Date.now().toString(36)}`;
  let admin: BridgedDatabase;
  let settings: MssqlSettings;
  let db: BridgedDatabase;
  const asDb = (d: BridgedDatabase): Db => d as unknown as Db;

  beforeAll(() => {
    const server = parseMssqlUrl(URL_!);
    admin = new BridgedDatabase({ backend: { kind: 'mssql', config: server.config } });
    admin.execNative(`CREATE DATABASE [${name}]`);
    settings = { config: { ...server.config, database: name }, describe: name };
    db = openMssql(settings, { migrate: false, timeoutMs: 120_000 });
  }, 120_000);

  afterAll(() => {
    db?.close();
    if (admin) {
      admin.execNative(`ALTER DATABASE [${name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [${name}];`);
      admin.close();
    }
  });

  it('migrates a fresh database, idempotently', () => {
    const first = migrateMssql(db);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(migrateMssql(db).applied).toEqual([]);
  }, 120_000);

  it('runs the product scenario (demo, asks, KPIs, plan, churn, jobs, outbox, surveys, SMS)', async () => {
    await runScenario(scenarioContext(asDb(db)), SCENARIOS);
    expect((db.prepare('SELECT COUNT(*) AS n FROM dim_clients').get() as { n: number }).n).toBe(400);
    expect(listJobs(asDb(db), { kind: 'scenario.test' }).length).toBe(2);
  }, 600_000);

  it('loads every ETL source (in a second fresh database, on the ETL fixtures\' reference rows)', async () => {
    admin.execNative(`CREATE DATABASE [${name}_etl]`);
    const etl = openMssql({ config: { ...settings.config, database: `${name}_etl` }, describe: 'etl' });
    try {
      seedReference(asDb(etl));
      await runScenario(scenarioContext(asDb(etl)), ETL_SCENARIOS(fixture));
      expect((etl.prepare('SELECT COUNT(*) AS n FROM etl_batches').get() as { n: number }).n).toBeGreaterThanOrEqual(6);
      expect((etl.prepare("SELECT COUNT(*) AS n FROM fact_interventions WHERE source_ref IN ('I0001', 'I0002')").get() as { n: number }).n).toBe(2);
    } finally {
      etl.close();
      admin.execNative(`ALTER DATABASE [${name}_etl] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [${name}_etl];`);
    }
  }, 300_000);

  it('sp_getapplock: a second instance cannot take the scheduler lock while the first holds it', () => {
    const other = openMssql(settings, { migrate: false });
    try {
      const inside = withAppLock(asDb(db), 'sav-jobs', () => {
        expect(() => withAppLock(asDb(other), 'sav-jobs', () => 1, { timeoutMs: 0 })).toThrow(AppLockError);
        return 'ran';
      });
      expect(inside).toBe('ran');
      expect(withAppLock(asDb(other), 'sav-jobs', () => 2, { timeoutMs: 0 })).toBe(2);
    } finally {
      other.close();
    }
  });

  // datetimes as the app writes them: Date.toISOString() (UTC) and Paris wall time with its offset (parisIso)
  const JOB_COLUMNS = ['job_id', 'idempotency_key', 'kind', 'payload', 'status', 'due_at', 'run_after', 'max_lateness_ms', 'attempts', 'created_at', 'updated_at', 'finished_at'];
  const jobRow = (i: number): unknown[] => {
    const due = new Date(Date.UTC(2026, 0, 1) + i * 61_007).toISOString();
    const paris = `2026-${i % 2 ? '07' : '12'}-03T08:${String(i % 60).padStart(2, '0')}:00+0${i % 2 ? 2 : 1}:00`;
    return [1_000_000 + i, `bulk-it:${i}`, 'bulk.test', JSON.stringify({ n: i, s: 'é' }), 'pending', due, paris, i % 5 ? i : null, i % 4, due, due, i % 3 ? null : paris];
  };
  const readJobs = (from: number, to: number): unknown[][] =>
    db.prepare(`SELECT ${JOB_COLUMNS.join(', ')} FROM jobs WHERE job_id BETWEEN ? AND ? ORDER BY job_id`).raw().all(from, to) as unknown[][];

  it('bulk-loads 20 000 rows (explicit IDENTITY ids) and reads back exactly the values written, datetimes included', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => jobRow(i));
    const r = bulkInsert(asDb(db), 'jobs', JOB_COLUMNS, rows);
    expect(r).toEqual({ rows: 20_000, batches: 4 });
    expect(readJobs(1_000_000, 1_019_999)).toEqual(rows);
    // the identity goes on after the loaded ids
    const next = db.prepare("INSERT INTO jobs (idempotency_key, kind, payload, due_at, run_after, created_at, updated_at) VALUES ('bulk-it:next', 'bulk.test', '{}', ?, ?, ?, ?)").run(...Array<string>(4).fill('2026-12-01T06:30:00.000Z'));
    expect(next.lastInsertRowid).toBeGreaterThan(1_019_999);
  }, 300_000);

  it('a bulk load refused mid-way (duplicate key in the 3rd batch) leaves nothing', () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => jobRow(100_000 + i));
    rows[11_000]![1] = 'bulk-it:100005';
    expect(() => bulkInsert(asDb(db), 'jobs', JOB_COLUMNS, rows)).toThrow();
    expect(readJobs(1_100_000, 1_199_999)).toEqual([]);
  }, 300_000);

  it('bulkWriter: parents before children, reads its own writes, one transaction', () => {
    db.transaction(() => {
      const outbox = bulkWriter(asDb(db), 'outbox', ['idempotency_key', 'job_id', 'target', 'message', 'created_at', 'updated_at']);
      const jobs = bulkWriter(asDb(db), 'jobs', JOB_COLUMNS);
      for (let i = 0; i < 300; i++) {
        outbox.add([`bulk-it-out:${i}`, 1_200_000 + i, '{"userId":1}', '{"text":"x"}', '2026-12-01T06:30:00.000Z', '2026-12-01T06:30:00.000Z']);
        jobs.add(jobRow(200_000 + i));
      }
      expect((db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE idempotency_key LIKE 'bulk-it-out:%'").get() as { n: number }).n).toBe(300);
    })();
    expect(readJobs(1_200_000, 1_200_299)).toEqual(Array.from({ length: 300 }, (_, i) => jobRow(200_000 + i)));
  }, 300_000);

  it('values come back as better-sqlite3 gives them: BIT 0/1, DATE text, DECIMAL number, DATETIMEOFFSET as written', () => {
    const row = db.prepare(`SELECT CAST(1 AS BIT) AS b, CAST('2026-12-03' AS DATE) AS d, CAST(12.30 AS DECIMAL(12,2)) AS m, COUNT_BIG(*) AS n, CAST('2026-12-03T08:30:00+01:00' AS DATETIMEOFFSET(3)) AS paris, CAST('2026-12-01T06:30:00.120Z' AS DATETIMEOFFSET(3)) AS utc, N'{"a":1}' AS j`).get();
    expect(row).toEqual({ b: 1, d: '2026-12-03', m: 12.3, n: 1, paris: '2026-12-03T08:30:00+01:00', utc: '2026-12-01T06:30:00.120Z', j: '{"a":1}' });
    db.prepare("UPDATE jobs SET run_after = ? WHERE job_id = 1000000").run('2026-07-03T08:30:00+02:00');
    expect(db.prepare('SELECT run_after FROM jobs WHERE job_id = 1000000').pluck().get()).toBe('2026-07-03T08:30:00+02:00');
  });
});
