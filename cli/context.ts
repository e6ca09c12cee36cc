import { dbPath, openWarehouse, type Db } from '../core/warehouse/index.ts';

/** A wrong flag or argument: exit code 2 with a one-line message. */
export class UsageError extends Error {}

/** Parses an integer flag, or throws a UsageError naming the flag. */
export function intFlag(name: string, value: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`--${name} expects an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/**
 * Opens the app database (`SAV_DB` or data/sav.db), migrated; on an empty machine it fills it with the demo
 * data first (unless `demo: false`, as `sav demo` and `sav db` need), saying so on stderr; `today` is the demo's
 * "today" (default: the real one), so `sav ask --now <day>` on an empty machine gets that day's planned tours.
 */
export async function openAppDb(options: { demo?: boolean; today?: string } = {}): Promise<Db> {
  // SQLite (SAV_DB) by default; Azure SQL when DATABASE_URL or SQL_* are set
  const db = openWarehouse(process.env);
  if (options.demo ?? true) {
    // loaded on demand: the generator (and its name lists) is heavy, and most commands never need it
    const { ensureDemoData } = await import('../core/warehouse/demo/index.ts');
    const filled = ensureDemoData(db, options.today ? { today: options.today } : {});
    if (filled) process.stderr.write(`sav: empty warehouse ${dbPath()}: filled with demo data (seed ${filled.seed}, today ${filled.today}, ${filled.rows.dim_clients ?? 0} clients)\n`);
  }
  return db;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
