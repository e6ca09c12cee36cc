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
});
