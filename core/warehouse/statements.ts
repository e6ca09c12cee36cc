/**
 * Prepared statements cached per connection: `stmt(db, sql)` prepares a SQL text once per database object and
 * hands back the same statement afterwards (preparing costs more than running the small queries of a chat turn).
 *
 * A cached statement is shared: never toggle `.pluck()`, `.raw()`, `.expand()` or `.safeIntegers()` on it (that
 * changes it for every caller) — use `stmt(db, sql, 'pluck')` for a plucked one, cached under its own key; and do
 * not run a statement again while one of its `.iterate()` loops is open. A closed connection's statements throw
 * as `db.prepare` would; the cache goes with the connection object (WeakMap).
 */
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

export type Statement = Database.Statement<unknown[], unknown>;

/** How the cached statement returns rows: as objects (default), the first column only, or arrays. */
export type StatementMode = 'rows' | 'pluck' | 'raw';

const caches = new WeakMap<object, Map<string, Statement>>();

export function stmt(db: Db, sql: string, mode: StatementMode = 'rows'): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = mode === 'rows' ? sql : `${mode}\u0000${sql}`;
  let s = cache.get(key);
  if (!s) {
    s = db.prepare<unknown[], unknown>(sql);
    if (mode === 'pluck') s.pluck(true);
    else if (mode === 'raw') s.raw(true);
    cache.set(key, s);
  }
  return s;
}
