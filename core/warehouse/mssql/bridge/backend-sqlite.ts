/**
 * The bridge's test backend: better-sqlite3 in the worker, so the bridge's mechanics (blocking calls, results,
 * errors, transactions, savepoints, large results, timeouts) are tested without a SQL Server. Statements are
 * SQLite with @name parameters. `sav_test_delay(ms)` in a statement makes the answer come `ms` later (a slow
 * server, for the timeout test).
 */
import Database from 'better-sqlite3';
import type { Backend, BoundParam, QueryResult } from './protocol.ts';

export function openSqliteBackend(path: string, init?: string): Backend {
  const db = new Database(path);
  db.function('sav_test_delay', (ms: unknown) => ms);
  if (init) db.exec(init);
  const bind = (params: readonly BoundParam[]): Record<string, unknown> => Object.fromEntries(params.map((p) => [p.name, typeof p.value === 'boolean' ? Number(p.value) : p.value]));
  const delay = async (sql: string): Promise<void> => {
    const m = /sav_test_delay\((\d+)\)/.exec(sql);
    if (m) await new Promise((r) => setTimeout(r, Number(m[1])));
  };
  return {
    async query(sql, params, mode): Promise<QueryResult> {
      await delay(sql);
      const stmt = db.prepare(sql);
      if (stmt.reader) {
        const rows = stmt.all(bind(params)) as Record<string, unknown>[];
        return { rows, columns: stmt.columns().map((c) => c.name), changes: 0, lastInsertRowid: null };
      }
      const info = stmt.run(bind(params));
      return { rows: [], columns: [], changes: info.changes, lastInsertRowid: mode === 'run' ? Number(info.lastInsertRowid) : null };
    },
    async exec(sql) {
      await delay(sql);
      db.exec(sql);
    },
    async begin() {
      db.exec('BEGIN IMMEDIATE');
    },
    async commit() {
      db.exec('COMMIT');
    },
    async rollback() {
      db.exec('ROLLBACK');
    },
    async savepoint(name) {
      db.exec(`SAVEPOINT "${name}"`);
    },
    async release(name) {
      db.exec(`RELEASE "${name}"`);
    },
    async rollbackTo(name) {
      db.exec(`ROLLBACK TO "${name}"`);
      db.exec(`RELEASE "${name}"`);
    },
    async bulk(table, columns, rows) {
      const q = (id: string): string => `"${id.replace(/"/g, '""')}"`;
      const stmt = db.prepare(`INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      // inside the caller's transaction (bulkInsert always opens one); alone, this batch is atomic by itself
      const load = db.transaction(() => {
        for (const r of rows) stmt.run(r.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
      });
      load();
      return rows.length;
    },
    async close() {
      db.close();
    },
  };
}
