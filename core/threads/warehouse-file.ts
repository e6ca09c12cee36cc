import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../warehouse/db.ts';

/**
 * The SQLite file behind the connection, for a worker thread to open its own connection to it; null when the
 * work cannot move to another thread (':memory:', read-only, or the Azure SQL bridge, which is not a
 * better-sqlite3 connection) — the caller then runs it in this thread.
 */
export function warehouseFile(db: Db): string | null {
  if (!(db instanceof Database)) return null;
  if (db.memory || db.readonly || !db.name || db.name === ':memory:') return null;
  return resolve(db.name);
}
