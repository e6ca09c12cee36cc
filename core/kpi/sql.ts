/**
 * What every KPI query shares: the scope (period, zone, technician), the named SQL parameters, prepared
 * statements cached per database, and safe ratios.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../warehouse/db.ts';
import type { Period } from './period.ts';

/** A date range (inclusive), as dates and as dim_temps keys. */
export type Range = Pick<Period, 'from' | 'to' | 'fromId' | 'toId'>;

/** Who the figures are about: everything, one zone, one technician (or both). */
export interface Filter {
  readonly zoneId: number | null;
  readonly technicienId: number | null;
}

export const ALL: Filter = { zoneId: null, technicienId: null };

/** A dashboard request: the period, the filter and today (for snapshots such as "to plan", "J-30"). */
export interface KpiScope extends Filter {
  readonly period: Period;
  /** YYYY-MM-DD, Europe/Paris */
  readonly today: string;
}

/** The named parameters every query may use: @from @to @fromId @toId @zone @tech. */
export function params(range: Range, filter: Filter, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { from: range.from, to: range.to, fromId: range.fromId, toId: range.toId, zone: filter.zoneId, tech: filter.technicienId, ...extra };
}

/** `AND` clauses restricting a fact alias to the filter's zone and technician. */
export const whereScope = (alias: string, zoneColumn = 'zone_id', techColumn = 'technicien_id'): string =>
  `(@zone IS NULL OR ${alias}.${zoneColumn} = @zone) AND (@tech IS NULL OR ${alias}.${techColumn} = @tech)`;

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, prepared once per database. */
export function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/**
 * Query results are memoised per database while the data does not change: the key is the query and its
 * parameters, the stamp is SQLite's `data_version` (commits by other connections) and `total_changes()` (writes by
 * this one). A month's figures are computed once, then every card, trend and comparison that needs them reuses them.
 */
interface Memo {
  stamp: string;
  results: Map<string, unknown>;
}
const memos = new WeakMap<Db, Memo>();
const MAX_MEMO = 5000;

function memo<T>(db: Db, sql: string, p: Record<string, unknown>, run: () => T): T {
  const stamp = `${String(db.pragma('data_version', { simple: true }))}:${String((stmt(db, 'SELECT total_changes() AS n').get() as { n: number }).n)}`;
  let m = memos.get(db);
  if (!m || m.stamp !== stamp || m.results.size > MAX_MEMO) memos.set(db, (m = { stamp, results: new Map() }));
  const key = `${sql}\u0000${JSON.stringify(p)}`;
  if (m.results.has(key)) return m.results.get(key) as T;
  const value = run();
  m.results.set(key, value);
  return value;
}

/** Runs a query that returns one row (memoised: treat the result as read-only). */
export function row<T>(db: Db, sql: string, p: Record<string, unknown>): T {
  return memo(db, sql, p, () => stmt(db, sql).get(p) as T);
}

/** Runs a query that returns rows (memoised: treat the result as read-only). */
export function rows<T>(db: Db, sql: string, p: Record<string, unknown>): T[] {
  return memo(db, sql, p, () => stmt(db, sql).all(p) as T[]);
}

/** num / den, or null when there is nothing to divide by. */
export const ratio = (num: number | null | undefined, den: number | null | undefined): number | null =>
  den !== null && den !== undefined && den > 0 ? (num ?? 0) / den : null;

/** The smaller of two ISO dates. */
export const minDate = (a: string, b: string): string => (a < b ? a : b);

/** `YYYYMM` (date_id / 100) → `YYYY-MM`. */
export const ymKey = (ym: number): string => `${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}`;
