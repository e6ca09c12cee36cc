import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, openWarehouse, type Db } from '../db.ts';
import { APPLOCK_SQL, withAppLock } from './applock.ts';
import { mssqlSettingsFromEnv, parseMssqlUrl } from './open.ts';

let dir: string;
let a: Db;
let b: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-lock-'));
  a = openDb(join(dir, 'w.db'));
  b = openDb(join(dir, 'w.db'));
  b.pragma('busy_timeout = 0');
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('withAppLock on SQLite (two connections to one WAL file, as two app instances)', () => {
  it('holds the write lock for the whole function: the other instance cannot take it meanwhile', () => {
    const seen = withAppLock(a, 'sav-jobs', () => {
      a.prepare("INSERT INTO jobs (idempotency_key, kind, payload, status, due_at, run_after, attempts, max_attempts, created_at, updated_at) VALUES ('k', 'x', 'null', 'pending', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', 0, 3, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')").run();
      expect(() => withAppLock(b, 'sav-jobs', () => 1)).toThrow(/database is locked/);
      return 'ran';
    });
    expect(seen).toBe('ran');
    expect(withAppLock(b, 'sav-jobs', () => b.prepare('SELECT COUNT(*) AS n FROM jobs').get())).toEqual({ n: 1 });
  });

  it('rolls back when the function throws', () => {
    expect(() =>
      withAppLock(a, 'sav-jobs', () => {
        a.prepare("INSERT INTO outbox (idempotency_key, target, message, status, attempts, created_at, updated_at) VALUES ('o', 'null', '{}', 'pending', 0, 'x', 'x')").run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(a.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('uses sp_getapplock, exclusive, owned by the transaction, on SQL Server', () => {
    expect(APPLOCK_SQL).toMatch(/sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @timeoutMs/);
    expect(APPLOCK_SQL).toMatch(/IF @granted < 0 THROW/);
  });
});

describe('choosing the warehouse from the environment', () => {
  it('is SQLite without settings, mssql with DATABASE_URL or the four SQL_* settings', () => {
    expect(mssqlSettingsFromEnv({})).toBeNull();
    expect(mssqlSettingsFromEnv({ DATABASE_URL: 'file:x.db' })).toBeNull();
    const u = mssqlSettingsFromEnv({ DATABASE_URL: 'mssql://sav:p%40ss@db.example:14330/sav?trustServerCertificate=true' })!;
    expect(u.config).toEqual({ server: 'db.example', port: 14330, database: 'sav', user: 'sav', password: 'p@ss', options: { encrypt: true, trustServerCertificate: true } });
    expect(u.describe).not.toContain('p@ss');
    const e = mssqlSettingsFromEnv({ SQL_SERVER: 'sav.database.windows.net', SQL_DATABASE: 'sav', SQL_USER: 'app', SQL_PASSWORD: 'x' })!;
    expect(e.config).toMatchObject({ server: 'sav.database.windows.net', port: 1433, database: 'sav', options: { encrypt: true } });
  });

  it('refuses half a configuration and bad URLs with a clear message', () => {
    expect(() => mssqlSettingsFromEnv({ SQL_SERVER: 'h', SQL_DATABASE: 'd' })).toThrow(/SQL_USER, SQL_PASSWORD missing/);
    expect(() => parseMssqlUrl('mssql://u:p@h:1433/')).toThrow(/database name is missing/);
    expect(() => parseMssqlUrl('postgres://u:p@h/d')).toThrow(/unsupported URL scheme/);
  });

  it('openWarehouse opens the SQLite file when nothing points at SQL Server', () => {
    const w = openWarehouse({ SAV_DB: join(dir, 'other.db') });
    expect(w.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: expect.any(Number) });
    w.close();
  });
});
