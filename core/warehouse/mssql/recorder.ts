/**
 * A recording wrapper around a better-sqlite3 database: every SQL text the app prepares or executes goes
 * through it unchanged and is remembered, so a test can list the statements a scenario really issues
 * (dynamic SQL included) and check their T-SQL translation.
 */
import type { Db } from '../db.ts';

export interface RecordedStatement {
  readonly sql: string;
  readonly via: 'prepare' | 'exec' | 'pragma';
}

export interface Recorder {
  /** the wrapped database: use it exactly like the original */
  readonly db: Db;
  /** distinct statements in first-seen order */
  readonly statements: () => RecordedStatement[];
  /** start / stop recording (setup code of a test is not the app) */
  paused: boolean;
}

/** Wraps `db` (or adds to an existing statement set, to record several databases into one list). */
export function recordStatements(db: Db, into: Map<string, RecordedStatement> = new Map()): Recorder {
  const rec: Recorder = {
    db: undefined as unknown as Db,
    statements: () => [...into.values()],
    paused: false,
  };
  const note = (sql: string, via: RecordedStatement['via']): void => {
    if (!rec.paused && !into.has(`${via}\u0000${sql}`)) into.set(`${via}\u0000${sql}`, { sql, via });
  };
  const proxy = new Proxy(db, {
    // Not a better-sqlite3 connection to the code that asks (core/warehouse/version.ts, the churn worker): the
    // recording stands for Azure SQL, so the SQLite-only paths (data_version caches, worker threads on the file)
    // are not taken and their statements are not recorded as if SQL Server ran them.
    getPrototypeOf: () => Object.prototype,
    get(target, prop, receiver) {
      if (prop === 'prepare') return (sql: string) => (note(sql, 'prepare'), target.prepare(sql));
      if (prop === 'exec') return (sql: string) => (note(sql, 'exec'), target.exec(sql), receiver as Db);
      if (prop === 'pragma') return (sql: string, o?: { simple?: boolean }) => (note(sql, 'pragma'), target.pragma(sql, o));
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  (rec as { db: Db }).db = proxy;
  return rec;
}
