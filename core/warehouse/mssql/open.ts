/**
 * Azure SQL / SQL Server as the warehouse: connection settings from the environment, the synchronous bridged
 * database, and the T-SQL migrations (the same MIGRATIONS as SQLite, rendered by ddl.ts for mssql).
 */
import { z } from 'zod';
import { migrationsTable } from '../ddl.ts';
import { MIGRATIONS, stepStatements } from '../migrations.ts';
import { BridgedDatabase } from './database.ts';

export interface MssqlSettings {
  /** the `mssql` config object: server, port, database, user, password, options */
  readonly config: Record<string, unknown>;
  /** where it came from, without the password (for logs) */
  readonly describe: string;
}

const nonEmpty = (s: string | undefined): s is string => s !== undefined && s.trim() !== '';

/**
 * `mssql://user:password@host[:port]/database[?encrypt=true&trustServerCertificate=true]` (also `sqlserver://`).
 * Azure SQL needs encrypt (the default here); a local container needs trustServerCertificate=true.
 */
export function parseMssqlUrl(url: string): MssqlSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('mssql: the URL is not valid (expected mssql://user:password@host:1433/database)');
  }
  if (u.protocol !== 'mssql:' && u.protocol !== 'sqlserver:') throw new Error(`mssql: unsupported URL scheme ${u.protocol} (expected mssql://)`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const parsed = z
    .object({
      server: z.string().min(1, 'host is missing'),
      port: z.coerce.number().int().min(1).max(65535),
      database: z.string().min(1, 'database name is missing (the path of the URL)'),
      user: z.string().min(1, 'user is missing'),
      password: z.string().min(1, 'password is missing'),
    })
    .safeParse({ server: u.hostname, port: u.port || '1433', database, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
  if (!parsed.success) throw new Error(`mssql: ${parsed.error.issues[0]?.message ?? 'invalid URL'}`);
  const flag = (name: string, dflt: boolean): boolean => {
    const v = u.searchParams.get(name);
    return v === null ? dflt : /^(1|true|yes)$/i.test(v);
  };
  const { server, port, database: db, user, password } = parsed.data;
  return {
    config: { server, port, database: db, user, password, options: { encrypt: flag('encrypt', true), trustServerCertificate: flag('trustServerCertificate', false) } },
    describe: `mssql://${server}:${port}/${db}`,
  };
}

/** `DATABASE_URL` (mssql:// or sqlserver://) or `SQL_SERVER` + `SQL_DATABASE` + `SQL_USER` + `SQL_PASSWORD` (the Bicep's app settings); null → SQLite. */
export function mssqlSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MssqlSettings | null {
  if (nonEmpty(env.DATABASE_URL) && /^(mssql|sqlserver):\/\//i.test(env.DATABASE_URL)) return parseMssqlUrl(env.DATABASE_URL);
  const names = ['SQL_SERVER', 'SQL_DATABASE', 'SQL_USER', 'SQL_PASSWORD'] as const;
  const set = names.filter((n) => nonEmpty(env[n]));
  if (set.length === 0) return null;
  if (set.length < names.length) throw new Error(`mssql: ${names.filter((n) => !nonEmpty(env[n])).join(', ')} missing (set all four SQL_* settings, or none for SQLite)`);
  const [host, port] = env.SQL_SERVER!.split(',');
  return {
    config: { server: host!.trim(), port: port ? Number(port) : 1433, database: env.SQL_DATABASE, user: env.SQL_USER, password: env.SQL_PASSWORD, options: { encrypt: true, trustServerCertificate: false } },
    describe: `mssql://${host!.trim()}/${env.SQL_DATABASE}`,
  };
}

export interface MssqlMigrateResult {
  readonly applied: number[];
  readonly version: number;
}

/** The T-SQL migrations, each version in its own transaction (CREATE OR ALTER VIEW alone in its batch). */
export function migrateMssql(db: BridgedDatabase): MssqlMigrateResult {
  db.execNative(migrationsTable('mssql'));
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      for (const step of m.steps) for (const s of stepStatements('mssql', step)) db.execNative(s);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  const version = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  return { applied, version };
}

/** Connects (synchronously, through the bridge) and migrates unless told not to. */
export function openMssql(settings: MssqlSettings, options: { migrate?: boolean; timeoutMs?: number } = {}): BridgedDatabase {
  const db = new BridgedDatabase({ backend: { kind: 'mssql', config: settings.config }, timeoutMs: options.timeoutMs });
  if (options.migrate ?? true) migrateMssql(db);
  return db;
}
