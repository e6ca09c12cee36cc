/**
 * The warehouse on a real SQL Server, run only when MSSQL_URL is set (see the README section "Azure SQL"):
 * a fresh database is created, migrated with the T-SQL migrations, the product scenario runs through the
 * synchronous bridge, then the database is dropped.
 *
 *   MSSQL_URL='mssql://sa:Sav-Local-1234@127.0.0.1:1433/master?trustServerCertificate=true' npx vitest run test/mssql
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runEtl, type EtlSource } from '../../core/etl/index.ts';
import type { EtlInput } from '../../core/etl/types.ts';
import { fixture, insertIntervention, seedReference } from '../../core/etl/fixtures/reference.ts';
import { ensureCalendar } from '../../core/warehouse/calendar.ts';
import { openDb } from '../../core/warehouse/db.ts';
import type { Request } from '../../core/warehouse/mssql/bridge/protocol.ts';
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

  it('set-based ETL (bulk load + UPDATE/INSERT batch): the same summaries and rows as the row path on SQLite, and few round trips', () => {
    admin.execNative(`CREATE DATABASE [${name}_set]`);
    const server = openMssql({ config: { ...settings.config, database: `${name}_set` }, describe: 'set' });
    const lite = openDb(':memory:');
    try {
      const seed = (d: Db): void => {
        seedReference(d);
        insertIntervention(d, 'I0001', '2026-12-03', 1, 1);
      };
      seed(asDb(server));
      seed(lite);
      const row = { type: 'Particulier', segment: 'Bronze', adresse: '1 rue', code_postal: '74000', ville: 'Annecy', latitude: 45.9, longitude: 6.12 };
      const contrats = JSON.stringify([
        { source_ref: 'K1', client: 'C000001', formule: 'Confort', date_debut: '2025-01-01', date_fin: '2025-12-31', montant_annuel: 189.5, statut: 'renouvele' },
        { source_ref: 'K2', client: 'C000010', formule: 'Confort', date_debut: '2026-01-01', date_fin: '2026-12-31', montant_annuel: 199, statut: 'actif', contrat_precedent: 'K1' },
      ]);
      const refused = JSON.stringify([
        { ...row, source_ref: 'C000050', nom: 'Avant' },
        { ...row, source_ref: 'C000051', client_id: 1, nom: 'Doublon' },
        { ...row, source_ref: 'C000052', nom: 'Après', prenom: 'Élodie' },
      ]);
      const csv = fixture('erp-interventions.csv');
      const loads: [EtlSource, EtlInput][] = [
        ['erp', { fileName: 'export.json', text: fixture('erp-clients.json') }],
        ['erp', { fileName: 'c.json', text: contrats, entity: 'contrats' }],
        ['erp', { fileName: 'interventions.csv', text: csv }],
        ['erp', { fileName: 'interventions.csv', text: csv }],
        ['erp', { fileName: 'interventions.csv', text: csv.replace('03/12/2026 10:15;90;12,50', '03/12/2026 10:45;90;14,50').replace('O\'Brien', "o'brien") }],
        ['erp', { fileName: 'clients.json', text: refused, entity: 'clients' }],
        ['portal', { fileName: 'portal.json', text: fixture('portal.json') }],
        ['portal', { fileName: 'portal.json', text: fixture('portal.json') }],
        ['survey', { fileName: 'survey.csv', text: fixture('survey.csv') }],
      ];
      const now = new Date('2026-12-04T10:00:00+01:00');
      const a = loads.map(([source, input]) => runEtl(lite, source, input, { now }));
      const b = loads.map(([source, input]) => runEtl(asDb(server), source, input, { now }));
      expect(b).toEqual(a);
      for (const [t, cols] of [
        ['dim_clients', 'client_id, source_ref, nom, prenom, telephone, email, langue, sms_opt_out, zone_id'],
        ['fact_contrats', 'contrat_id, source_ref, client_id, contrat_precedent_id, montant_annuel, date_debut'],
        ['fact_interventions', 'intervention_id, source_ref, heure_arrivee, heure_depart, duree_min, ecart_min, montant_total, motif_reclamation, conforme'],
        ['portal_requests', 'request_id, source_ref, statut, creneau, date_demande'],
        ['fact_satisfaction', 'satisfaction_id, source_ref, nps, professionnel, suggestion'],
      ] as const) {
        const sql = `SELECT ${cols} FROM ${t} ORDER BY 1`;
        expect(server.prepare(sql).all(), t).toEqual(lite.prepare(sql).all());
      }

      // 2 000 interventions: one bulk load and one UPDATE/INSERT batch, not two statements per row
      ensureCalendar(asDb(server), '2026-11-01', '2026-11-30'); // a warehouse's calendar runs ahead
      const ops: string[] = [];
      const call = server.call.bind(server);
      const spy = vi.spyOn(server, 'call').mockImplementation((req: Request, timeoutMs?: number) => (ops.push(req.op), call(req, timeoutMs)));
      const lines = ['source_ref;date_intervention;client_ref;technicien;type_code;montant_mo'];
      for (let i = 0; i < 2_000; i++) lines.push(`M${i};${String((i % 28) + 1).padStart(2, '0')}/11/2026;C00000${(i % 2) + 1};${(i % 2) + 1};DEP_TABLEAU;${i % 90},50`);
      expect(runEtl(asDb(server), 'erp', { fileName: 'interventions.csv', text: lines.join('\n') }, { now })).toMatchObject({ read: 2_000, loaded: 2_000 });
      spy.mockRestore();
      expect(ops.filter((o) => o === 'bulk')).toHaveLength(1);
      expect(ops.length).toBeLessThan(60);
    } finally {
      lite.close();
      server.close();
      admin.execNative(`ALTER DATABASE [${name}_set] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [${name}_set];`);
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
