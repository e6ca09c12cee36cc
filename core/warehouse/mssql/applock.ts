/**
 * A database-wide lock around a short write transaction, for work that must run once across app instances
 * (the scheduler's claim of due jobs, the outbox reservation).
 * - SQLite: BEGIN IMMEDIATE (the database's write lock; another process waits up to busy_timeout).
 * - SQL Server: a transaction that first takes `sp_getapplock` (Exclusive, owned by the transaction, released
 *   by its commit or rollback); another instance waits up to `timeoutMs`, then gets an error.
 */
import type { Db } from '../db.ts';
import { BridgedDatabase } from './database.ts';

export const APPLOCK_SQL =
  "DECLARE @granted INT; EXEC @granted = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @timeoutMs; " +
  "IF @granted < 0 THROW 51000, 'sp_getapplock: lock not granted (timeout or deadlock)', 1;";

export class AppLockError extends Error {
  constructor(readonly resource: string) {
    super(`application lock ${resource} not granted`);
    this.name = 'AppLockError';
  }
}

export function withAppLock<T>(db: Db, resource: string, fn: () => T, options: { timeoutMs?: number } = {}): T {
  if (resource.length === 0 || resource.length > 255) throw new RangeError('withAppLock: the resource name must be 1–255 characters');
  const bridged = db as unknown;
  if (bridged instanceof BridgedDatabase && bridged.dialect === 'mssql') {
    return bridged.transaction(() => {
      try {
        bridged.queryNative(APPLOCK_SQL, { resource, timeoutMs: options.timeoutMs ?? 10_000 });
      } catch (e) {
        if (e instanceof Error && /lock not granted/.test(e.message)) throw new AppLockError(resource);
        throw e;
      }
      return fn();
    })();
  }
  return db.transaction(fn).immediate();
}
