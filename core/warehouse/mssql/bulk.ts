/**
 * Bulk insert on either warehouse, all or nothing:
 * - SQLite (better-sqlite3): one prepared INSERT run for every row inside one transaction (a savepoint when
 *   the caller already has one open) — the fastest way SQLite has.
 * - Azure SQL (the bridged database): the driver's bulk load (`mssql` Table + `request.bulk()`, TDS bulk copy,
 *   constraints checked, NULLs kept), `batchSize` rows per round trip, every batch inside one transaction.
 * A bad row (wrong length, a value the column refuses, a constraint) throws; nothing of the call stays.
 *
 * Columns are typed from the warehouse schema (schema.ts), so the T-SQL types of the load are the table's.
 * Values are given as the app stores them in SQLite: numbers, text, 0/1 (true/false accepted), 'YYYY-MM-DD',
 * ISO 8601 datetimes (their offset is kept on SQL Server), JSON as text, null.
 */
import { z } from 'zod';
import type { Db } from '../db.ts';
import { table as schemaTable } from '../schema.ts';
import type { BulkColumn } from './bridge/protocol.ts';
import { BridgedDatabase } from './database.ts';

export const DEFAULT_BULK_BATCH = 5_000;

export interface BulkOptions {
  /** rows per round trip on SQL Server (default 5 000); SQLite ignores it */
  readonly batchSize?: number;
}

export interface BulkResult {
  readonly rows: number;
  /** round trips to the server (0 on SQLite) */
  readonly batches: number;
}

const argsSchema = z.object({
  table: z.string().min(1),
  columns: z
    .array(z.string().min(1))
    .min(1, 'bulkInsert: at least one column')
    .refine((c) => new Set(c).size === c.length, 'bulkInsert: a column is named twice'),
  batchSize: z.number().int().min(1).max(1_000_000),
});

/** The columns of a bulk load, typed from the schema; an unknown table or column is an error. */
export function bulkColumns(tableName: string, columns: readonly string[]): BulkColumn[] {
  const t = schemaTable(tableName);
  return columns.map((name) => {
    const c = t.columns.find((x) => x.name === name);
    if (!c) throw new Error(`bulkInsert: ${tableName} has no column ${name}`);
    return { name, type: c.type, nullable: c.nullable === true, ...(c.maxLength ? { maxLength: c.maxLength } : {}), ...(c.pk === 'auto' ? { identity: true } : {}) };
  });
}

const ranks = new Map<string, number>();

/** 0 for a table without foreign keys, else 1 + the highest rank of the tables it references (self-references aside). */
export function fkRank(tableName: string, seen: ReadonlySet<string> = new Set()): number {
  const known = ranks.get(tableName);
  if (known !== undefined) return known;
  if (seen.has(tableName)) return 0; // a cycle: no order to honour
  const parents = schemaTable(tableName)
    .columns.map((c) => c.references?.split('.')[0])
    .filter((p): p is string => p !== undefined && p !== tableName);
  const rank = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => fkRank(p, new Set([...seen, tableName]))));
  ranks.set(tableName, rank);
  return rank;
}

function checkRow(row: unknown, width: number, index: number, tableName: string): readonly unknown[] {
  if (!Array.isArray(row) || row.length !== width) {
    throw new RangeError(`bulkInsert ${tableName}: row ${index} has ${Array.isArray(row) ? row.length : 'no'} values, ${width} expected`);
  }
  return row as readonly unknown[];
}

const quote = (id: string): string => `"${id.replace(/"/g, '""')}"`;
const insertSql = (t: string, cols: readonly BulkColumn[]): string => `INSERT INTO ${quote(t)} (${cols.map((c) => quote(c.name)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;

const asSqlite = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);

/**
 * Inserts `rows` (values in `columns` order) into `tableName`, in one transaction: all rows or none.
 * Returns how many rows went in and in how many round trips.
 */
export function bulkInsert(db: Db, tableName: string, columns: readonly string[], rows: Iterable<readonly unknown[]>, options: BulkOptions = {}): BulkResult {
  const args = argsSchema.parse({ table: tableName, columns: [...columns], batchSize: options.batchSize ?? DEFAULT_BULK_BATCH });
  const cols = bulkColumns(args.table, args.columns);
  const bridged = db as unknown;

  if (bridged instanceof BridgedDatabase) {
    return bridged.transaction((): BulkResult => {
      let batch: (readonly unknown[])[] = [];
      let total = 0;
      let batches = 0;
      let index = 0;
      const flush = (): void => {
        if (batch.length === 0) return;
        total += bridged.bulk(args.table, cols, batch);
        batches++;
        batch = [];
      };
      for (const row of rows) {
        batch.push(checkRow(row, cols.length, index++, args.table).map(asSqlite));
        if (batch.length >= args.batchSize) flush();
      }
      flush();
      return { rows: total, batches };
    })();
  }

  const stmt = db.prepare(insertSql(args.table, cols));
  return db.transaction((): BulkResult => {
    let index = 0;
    for (const row of rows) {
      stmt.run(checkRow(row, cols.length, index, args.table).map(asSqlite));
      index++;
    }
    return { rows: index, batches: 0 };
  })();
}

export interface BulkWriter {
  /** one row, values in the writer's column order */
  add(row: readonly unknown[]): void;
  /** sends what is queued (the bridge also does before any other statement and at commit) */
  flush(): void;
}

/**
 * A row-at-a-time writer for loads that interleave rows of several tables with other statements (the demo
 * generator): on SQLite, a prepared INSERT run per row; on the bridge, rows queued and sent by bulk load in
 * batches, before any other statement of the connection, in the order added. Same checks as bulkInsert;
 * on the bridge a refused row surfaces at the next statement or at the end of the enclosing transaction
 * (which then rolls back), not at `add`.
 */
export function bulkWriter(db: Db, tableName: string, columns: readonly string[], options: BulkOptions = {}): BulkWriter {
  const args = argsSchema.parse({ table: tableName, columns: [...columns], batchSize: options.batchSize ?? DEFAULT_BULK_BATCH });
  const cols = bulkColumns(args.table, args.columns);
  const bridged = db as unknown;
  let index = 0;
  if (bridged instanceof BridgedDatabase) {
    return {
      add: (row) => bridged.queueBulk(args.table, cols, checkRow(row, cols.length, index++, args.table).map(asSqlite), args.batchSize, fkRank(args.table)),
      flush: () => bridged.flushQueue(),
    };
  }
  const stmt = db.prepare(insertSql(args.table, cols));
  // the demo adds ~100 000 rows this way: map only the rows that hold a boolean or undefined
  const needsMapping = (row: readonly unknown[]): boolean => row.some((v) => v === undefined || typeof v === 'boolean');
  return {
    add: (row) => {
      const checked = checkRow(row, cols.length, index++, args.table);
      stmt.run(needsMapping(checked) ? checked.map(asSqlite) : checked);
    },
    flush: () => undefined,
  };
}
