import Database from 'better-sqlite3';
import { BridgeSqlError } from '../warehouse/mssql/database.ts';

/** A SQLite constraint error in plain words. */
export function constraintReason(m: string): string {
  let why: string;
  if (/FOREIGN KEY/i.test(m)) why = 'a referenced row does not exist (foreign key)';
  else if (/^UNIQUE constraint failed: (.+)$/i.test(m)) why = `another row already has the same ${m.replace(/^UNIQUE constraint failed: /i, '')}`;
  else if (/^NOT NULL constraint failed: (.+)$/i.test(m)) why = `${m.replace(/^NOT NULL constraint failed: \w+\./i, '')} is required`;
  else if (/^CHECK constraint failed/i.test(m)) why = `a value is outside what the column allows (${m.replace(/^CHECK constraint failed:\s*/i, '')})`;
  else why = m;
  return `the database refused the row: ${why}`;
}

/**
 * The database unable to write at all (locked beyond the busy timeout, read-only, I/O error, full…): not a fault
 * of the row — the whole batch stops and rolls back, rather than a good row being rejected for a passing reason.
 */
function unavailable(code: string): boolean {
  return /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|FULL|CANTOPEN|CORRUPT|NOTADB|NOMEM|INTERRUPT|PROTOCOL)/.test(code);
}

/**
 * SQL Server errors that refuse one row's values, the transaction going on: constraint (547: foreign key,
 * CHECK), duplicate key (2601, 2627), NULL into NOT NULL (515), text too long (2628, 8152), arithmetic overflow
 * (220, 8115), conversion (241, 242, 245, 8114). Anything else (deadlock, timeout, a doomed transaction) stops
 * the batch.
 */
const SQLSERVER_ROW_ERRORS = new Set([547, 2601, 2627, 515, 2628, 8152, 220, 8115, 241, 242, 245, 8114]);

/** The reason a database error refuses the row it was writing, or null when the error is not the row's fault. */
export function refusedReason(e: unknown): string | null {
  if (e instanceof Database.SqliteError) return unavailable(e.code) ? null : constraintReason(e.message);
  if (e instanceof BridgeSqlError) {
    if (e.code?.startsWith('SQLITE_')) return unavailable(e.code) ? null : constraintReason(e.message); // the bridge's test backend
    if (e.number !== undefined && SQLSERVER_ROW_ERRORS.has(e.number)) return `the database refused the row: ${e.message}`;
  }
  return null;
}
