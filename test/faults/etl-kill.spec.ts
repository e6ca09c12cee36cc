/**
 * SIGKILL in the middle of an ETL load: a real child process loads 20 000 ERP clients into a SQLite (WAL) file
 * through core/etl `runEtl` — or through the bot's `POST /api/etl/erp` — and is killed while the batch's
 * transaction is open (at its 10 000th insert: the child prints "stopped 10000" and blocks, the parent kills it).
 * A fresh process then loads the same file: every row is there exactly once, complete, and etl_batches tells
 * the story (the killed batch started and never finished, with no counts; the reload finished with 20 000).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReference } from '../../core/etl/fixtures/reference.ts';
import type { EtlSummary } from '../../core/etl/index.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { spawnChild } from './child.ts';

const CHILD = 'test/faults/fixtures/etl-child.ts';
const ROWS = 20_000;
const STOP_AT = 10_000;
const NOW = '2026-12-01T08:00:00+01:00';
const TOKEN = 'faults-etl-token-0123456789';

let dir: string;
let csv: string;
let text: string;

/** 20 000 clients, ";" separated, decimal commas, French phone numbers: C100001 … C120000. */
function clientsCsv(n: number): string {
  const lines = ['source_ref;nom;prenom;type;segment;adresse;code_postal;ville;latitude;longitude;telephone'];
  for (let i = 1; i <= n; i++) {
    const phone = String(i).padStart(6, '0').replace(/(..)(..)(..)/, '$1 $2 $3');
    lines.push(`C${100_000 + i};Client ${i};Prénom;Particulier;Argent;${i} rue du Lac;74000;Annecy;45,${9000 + (i % 100)};6,${1200 + (i % 100)};06 12 ${phone}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-faults-etl-'));
  const seed = openDb(join(dir, 'seed.db'));
  seedReference(seed);
  seed.pragma('wal_checkpoint(TRUNCATE)');
  seed.close();
  for (const name of ['direct.db', 'http.db']) copyFileSync(join(dir, 'seed.db'), join(dir, name));
  text = clientsCsv(ROWS);
  csv = join(dir, 'clients.csv');
  writeFileSync(csv, text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface BatchRow {
  batch_id: number;
  file_name: string;
  finished_at: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_unchanged: number;
  rows_rejected: number;
}

/** What a fresh connection sees (the parent never holds one while a child runs). */
function inspect<T>(path: string, f: (db: Db) => T): T {
  const db = openDb(path);
  try {
    return f(db);
  } finally {
    db.close();
  }
}

const loadedClients = (db: Db): number => (db.prepare("SELECT COUNT(*) AS n FROM dim_clients WHERE source_ref LIKE 'C1%'").get() as { n: number }).n;

/** Every client of the file exactly once, each with every field of its line (no partial row). */
function expectEveryRowOnce(db: Db): void {
  const agg = db
    .prepare(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT source_ref) AS refs,
              SUM(nom = 'Client ' || (CAST(substr(source_ref, 2) AS INTEGER) - 100000)
                  AND adresse = (CAST(substr(source_ref, 2) AS INTEGER) - 100000) || ' rue du Lac'
                  AND prenom = 'Prénom' AND type = 'Particulier' AND segment = 'Argent' AND code_postal = '74000' AND ville = 'Annecy'
                  AND latitude BETWEEN 45.9 AND 46 AND longitude BETWEEN 6.12 AND 6.13 AND zone_id IS NOT NULL
                  AND telephone LIKE '+33612%') AS complete
         FROM dim_clients WHERE source_ref LIKE 'C1%'`,
    )
    .get() as { n: number; refs: number; complete: number };
  expect(agg).toEqual({ n: ROWS, refs: ROWS, complete: ROWS });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
}

describe('SIGKILL during an ETL load (runEtl, real child processes, SQLite WAL file)', () => {
  it(`killed at row ${STOP_AT}/${ROWS} inside the batch transaction → nothing of it visible; a fresh process reloads every row exactly once`, async () => {
    const path = join(dir, 'direct.db');
    const first = spawnChild(CHILD, ['direct', path, csv, NOW, String(STOP_AT)]);
    expect(await first.line('stopped ')).toBe(`stopped ${STOP_AT}`);
    const killed = await first.kill();
    expect(killed.signal).toBe('SIGKILL');
    expect(first.lines.some((l) => l.startsWith('summary '))).toBe(false);

    inspect(path, (db) => {
      expect(loadedClients(db)).toBe(0);
      // the batch row was written before the transaction: it says the load started and never finished
      expect(db.prepare('SELECT * FROM etl_batches').all()).toEqual([
        expect.objectContaining({ file_name: 'clients.csv', finished_at: null, rows_read: 0, rows_loaded: 0, rows_unchanged: 0, rows_rejected: 0 }),
      ]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM etl_rejects').get()).toEqual({ n: 0 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });

    const again = spawnChild(CHILD, ['direct', path, csv, NOW]);
    const summary = JSON.parse((await again.line('summary ')).slice('summary '.length)) as EtlSummary;
    expect((await again.exited).code).toBe(0);
    expect(summary).toMatchObject({ read: ROWS, loaded: ROWS, unchanged: 0, rejected: 0 });

    inspect(path, (db) => {
      expectEveryRowOnce(db);
      const batches = db.prepare('SELECT * FROM etl_batches ORDER BY batch_id').all() as BatchRow[];
      expect(batches).toHaveLength(2);
      expect(batches[0]).toMatchObject({ finished_at: null, rows_read: 0, rows_loaded: 0 });
      expect(batches[1]).toMatchObject({ batch_id: summary.batchId, finished_at: expect.any(String), rows_read: ROWS, rows_loaded: ROWS, rows_rejected: 0 });
    });
  }, 120_000);
});

describe('SIGKILL during POST /api/etl/erp (the bot’s route handler, bot/etl-route.ts, in a child process)', () => {
  it('the request dies with the process; nothing loaded; the same POST to the restarted bot loads every row once', async () => {
    const path = join(dir, 'http.db');
    const post = (url: string) =>
      fetch(`${url}/api/etl/erp?file=clients.csv&entity=clients`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/csv' }, body: text });

    const first = spawnChild(CHILD, ['http', path, TOKEN, NOW, String(STOP_AT)]);
    const url = (await first.line('listening ')).slice('listening '.length);
    const dying = post(url).then(
      (r) => `answered ${r.status}`,
      (e: unknown) => `failed: ${(e as Error).message}`,
    );
    await first.line('stopped ');
    expect((await first.kill()).signal).toBe('SIGKILL');
    expect(await dying).toMatch(/^failed/); // no answer: the client knows the load did not complete
    inspect(path, (db) => {
      expect(loadedClients(db)).toBe(0);
      expect(db.prepare('SELECT finished_at, rows_loaded FROM etl_batches').all()).toEqual([{ finished_at: null, rows_loaded: 0 }]);
    });

    const second = spawnChild(CHILD, ['http', path, TOKEN, NOW]);
    const url2 = (await second.line('listening ')).slice('listening '.length);
    const res = await post(url2);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ read: ROWS, loaded: ROWS, unchanged: 0, rejected: 0 });
    second.process.stdin!.end();
    expect((await second.exited).code).toBe(0);
    inspect(path, (db) => {
      expectEveryRowOnce(db);
      expect(db.prepare('SELECT COUNT(*) AS n FROM etl_batches WHERE finished_at IS NOT NULL AND rows_loaded = ?').get(ROWS)).toEqual({ n: 1 });
    });
  }, 120_000);
});
