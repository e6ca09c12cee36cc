import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrationsTable } from './ddl.ts';
import { MIGRATIONS, stepStatements } from './migrations.ts';
import { mssqlSettingsFromEnv, openMssql } from './mssql/open.ts';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'data/sav.db';

/** The database file the app and every `sav` command use: `SAV_DB`, else `data/sav.db`. */
export function dbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SAV_DB && env.SAV_DB.trim() !== '' ? env.SAV_DB : DEFAULT_DB_PATH;
}

export interface OpenOptions {
  readonly readonly?: boolean;
  /** run pending migrations (default true unless readonly) */
  readonly migrate?: boolean;
}

/** Opens (and creates) the embedded SQLite warehouse: WAL, foreign keys, busy timeout, migrated. */
export function openDb(path: string = dbPath(), options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (options.migrate ?? !options.readonly) migrate(db);
  return db;
}

/**
 * The warehouse the app runs on: Azure SQL when `DATABASE_URL` (mssql://…) or the four `SQL_*` settings are
 * set (a synchronous bridge with the same API, core/warehouse/mssql/), else the SQLite file (`SAV_DB`).
 */
export function openWarehouse(env: NodeJS.ProcessEnv = process.env, options: OpenOptions = {}): Db {
  const mssql = mssqlSettingsFromEnv(env);
  if (mssql) return openMssql(mssql, { migrate: options.migrate ?? !options.readonly }) as unknown as Db;
  return openDb(dbPath(env), options);
}

export interface MigrateResult {
  readonly applied: number[];
  readonly version: number;
}

/** Applies pending migrations in order, each in its own transaction. Idempotent. */
export function migrate(db: Db): MigrateResult {
  db.exec(migrationsTable('sqlite'));
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      for (const step of m.steps) {
        if (step.kind === 'addColumn') {
          const cols = db.prepare(`PRAGMA table_info("${step.table}")`).all() as { name: string }[];
          if (cols.some((c) => c.name === step.column.name)) continue;
        }
        for (const sql of stepStatements('sqlite', step)) db.exec(sql);
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  const version = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  return { applied, version };
}
