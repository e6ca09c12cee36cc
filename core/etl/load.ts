import type { Statement } from 'better-sqlite3';
import type { Db } from '../warehouse/db.ts';
import { table, type Column } from '../warehouse/schema.ts';
import type { EtlFormat, EtlLineNote, EtlSource } from './types.ts';

export type RowStatus = 'loaded' | 'unchanged';

export interface UpsertResult {
  readonly status: RowStatus;
  /** the primary key of the row */
  readonly id: number;
}

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, cached per database. */
export function stmt(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

function same(stored: unknown, value: unknown): boolean {
  if (typeof stored === 'number' && typeof value === 'number') return Math.abs(stored - value) < 1e-9;
  return stored === value;
}

const columnsCache = new Map<string, { pk: string; columns: Map<string, Column> }>();

function columnsOf(tableName: string): { pk: string; columns: Map<string, Column> } {
  let c = columnsCache.get(tableName);
  if (!c) {
    const t = table(tableName);
    c = { pk: t.columns.find((x) => x.pk)!.name, columns: new Map(t.columns.map((x) => [x.name, x])) };
    columnsCache.set(tableName, c);
  }
  return c;
}

/**
 * Inserts or updates one row found by `key` (a unique column, usually `source_ref`). Values `undefined`
 * are left as stored (or defaulted on insert); `null` on a NOT NULL column with a default is treated the
 * same way. `insertDefaults` fill what is missing on insert only (an update leaves it as stored).
 * Compares with the stored row: nothing different → `unchanged`, no write.
 */
export function upsert(db: Db, tableName: string, key: string, row: Record<string, unknown>, insertDefaults: Record<string, unknown> = {}): UpsertResult {
  const { pk, columns } = columnsOf(tableName);
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(row)) {
    const col = columns.get(name);
    if (!col) throw new Error(`upsert: ${tableName} has no column ${name}`);
    if (v === undefined || (v === null && !col.nullable && col.default !== undefined)) continue;
    values[name] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  if (values[key] === undefined || values[key] === null) throw new Error(`upsert: ${tableName}.${key} is required`);
  const existing = stmt(db, `SELECT * FROM "${tableName}" WHERE "${key}" = ?`).get(values[key]) as Record<string, unknown> | undefined;
  const cols = Object.keys(values);
  if (!existing) {
    for (const [name, v] of Object.entries(insertDefaults)) if (values[name] === undefined || values[name] === null) values[name] = v;
    cols.splice(0, cols.length, ...Object.keys(values));
    const info = stmt(db, `INSERT INTO "${tableName}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
      ...cols.map((c) => values[c]),
    );
    return { status: 'loaded', id: Number(values[pk] ?? info.lastInsertRowid) };
  }
  const id = Number(existing[pk]);
  const changed = cols.filter((c) => c !== pk && !same(existing[c], values[c]));
  if (changed.length === 0) return { status: 'unchanged', id };
  stmt(db, `UPDATE "${tableName}" SET ${changed.map((c) => `"${c}" = ?`).join(', ')} WHERE "${pk}" = ?`).run(...changed.map((c) => values[c]), id);
  return { status: 'loaded', id };
}

/** At most this much of the input is kept in etl_rejects.raw when the whole input is refused. */
export const MAX_RAW_CHARS = 1_000_000;
const MAX_NOTES = 20;

/** The etl_batches row of one load and its counters; rejects go to etl_rejects as they come. */
export class Batch {
  readonly id: number;
  read = 0;
  loaded = 0;
  unchanged = 0;
  rejected = 0;
  readonly rejects: EtlLineNote[] = [];
  readonly warnings: EtlLineNote[] = [];

  constructor(
    private readonly db: Db,
    readonly source: EtlSource,
    readonly fileName: string,
    readonly format: EtlFormat,
    private readonly now: () => string,
  ) {
    this.id = Number(
      db
        .prepare('INSERT INTO etl_batches (source, file_name, format, started_at) VALUES (?, ?, ?, ?)')
        .run(source, fileName.slice(0, 260), format, now()).lastInsertRowid,
    );
  }

  reject(line: number, reason: string, raw: string): void {
    this.rejected++;
    const r = reason.length > 2000 ? `${reason.slice(0, 1997)}...` : reason;
    if (this.rejects.length < MAX_NOTES) this.rejects.push({ line, reason: r });
    stmt(this.db, 'INSERT INTO etl_rejects (batch_id, source, file_name, line, reason, raw, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      this.id,
      this.source,
      this.fileName.slice(0, 260),
      line,
      r,
      raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw,
      this.now(),
    );
  }

  warn(line: number, reason: string): void {
    if (this.warnings.length < MAX_NOTES) this.warnings.push({ line, reason });
  }

  finish(): void {
    stmt(this.db, 'UPDATE etl_batches SET finished_at = ?, rows_read = ?, rows_loaded = ?, rows_unchanged = ?, rows_rejected = ? WHERE batch_id = ?').run(
      this.now(),
      this.read,
      this.loaded,
      this.unchanged,
      this.rejected,
      this.id,
    );
  }
}
