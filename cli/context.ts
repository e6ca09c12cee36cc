import { dbPath, openDb, type Db } from '../core/warehouse/index.ts';

/** A wrong flag or argument: exit code 2 with a one-line message. */
export class UsageError extends Error {}

/** Parses an integer flag, or throws a UsageError naming the flag. */
export function intFlag(name: string, value: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`--${name} expects an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Opens the app database (`SAV_DB` or data/sav.db), migrated. */
export function openAppDb(): Db {
  return openDb(dbPath());
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
