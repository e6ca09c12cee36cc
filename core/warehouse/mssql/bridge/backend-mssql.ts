/**
 * The bridge's SQL Server backend: `mssql` (tedious) with ONE connection (pool of size 1), so a transaction
 * and every statement inside it run on the same session.
 *
 * Values come back as better-sqlite3 gives them for the same schema (`sqliteValue`, below):
 *
 * | SQL Server column (driver value)            | returned                                                        |
 * |---------------------------------------------|-----------------------------------------------------------------|
 * | NULL                                        | null                                                            |
 * | BIT (boolean)                               | 1 / 0                                                           |
 * | INT, SMALLINT, TINYINT, FLOAT, REAL         | the number                                                      |
 * | BIGINT (string), COUNT_BIG, SCOPE_IDENTITY  | a number                                                        |
 * | DECIMAL/NUMERIC (money), MONEY              | a number (12.34)                                                |
 * | DATE (Date at UTC midnight)                 | 'YYYY-MM-DD'                                                    |
 * | DATETIMEOFFSET (Date + the offset it holds) | the ISO text the app wrote: offset 0 → `Date.toISOString()`     |
 * |                                             | (`2026-12-01T06:30:00.000Z`); another offset → the wall time in |
 * |                                             | that offset (`2026-12-03T08:30:00+01:00`, `.mmm` only if ≠ 0)   |
 * | DATETIME2, DATETIME, SMALLDATETIME          | `toISOString()` (the schema has none; only expressions)         |
 * | NVARCHAR (text, JSON)                       | the string, unchanged                                           |
 * | VARBINARY                                   | the Buffer                                                      |
 *
 * The app writes datetimes two ways: `Date.toISOString()` (UTC, ms, `Z`: jobs, outbox, survey states, SMS)
 * and Paris wall time with its offset, no ms (`parisIso`: ETL, demo). Both round-trip exactly: parameters are
 * sent as NVARCHAR, so the server keeps the offset; tedious drops the offset when it reads a DATETIMEOFFSET,
 * so `captureDateTimeOffsets` wraps its value reader to keep it on the Date (`OFFSET_MINUTES`).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import type { Backend, BoundParam, BulkColumn, QueryResult, Row } from './protocol.ts';

/** Property (non-enumerable) of a Date read from a DATETIMEOFFSET column: its offset in minutes east of UTC. */
export const OFFSET_MINUTES = Symbol.for('sav.mssql.offsetMinutes');

type DatedOffset = Date & { [OFFSET_MINUTES]?: number };
type ReadValue = (buf: Buffer, offset: number, metadata: { type: { name: string } }, options: unknown) => { value: unknown; offset: number };

let captured: boolean | null = null;

/**
 * tedious reads a DATETIMEOFFSET's offset and throws it away. Its row parsers call `readValue` through the
 * value-parser module's exports object, so wrapping that export keeps the offset (the last two bytes of the
 * value, signed minutes) on the Date. Idempotent; false when this tedious has no such export (then offsets
 * are lost and datetimes come back as UTC `toISOString()` text).
 */
export function captureDateTimeOffsets(): boolean {
  if (captured !== null) return captured;
  try {
    const fromMssql = createRequire(createRequire(import.meta.url).resolve('mssql'));
    const tediousMain = fromMssql.resolve('tedious');
    const parser = createRequire(tediousMain)(join(dirname(tediousMain), 'value-parser.js')) as { readValue?: ReadValue & { savWrapped?: true } };
    const original = parser.readValue;
    if (typeof original !== 'function') return (captured = false);
    if (original.savWrapped) return (captured = true);
    const wrapped: ReadValue & { savWrapped?: true } = (buf, offset, metadata, options) => {
      const r = original(buf, offset, metadata, options);
      if (metadata.type.name === 'DateTimeOffset' && r.value instanceof Date) {
        Object.defineProperty(r.value, OFFSET_MINUTES, { value: buf.readInt16LE(r.offset - 2), enumerable: false });
      }
      return r;
    };
    wrapped.savWrapped = true;
    parser.readValue = wrapped;
    return (captured = true);
  } catch {
    return (captured = false);
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A Date as ISO text in the given offset: offset 0 → toISOString(); else wall time + `±HH:MM` (ms only if ≠ 0). */
export function isoInOffset(d: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0) return d.toISOString();
  const w = new Date(d.getTime() + offsetMinutes * 60_000);
  const ms = w.getUTCMilliseconds();
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}` +
    `${ms ? `.${pad(ms, 3)}` : ''}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const NUMERIC_TYPES: readonly unknown[] = [sql.BigInt, sql.Decimal, sql.Numeric, sql.Money, sql.SmallMoney];

/** One driver value → what better-sqlite3 returns for the same column (table in the header). `type` is the `mssql` column type (recordset.columns[name].type). */
export function sqliteValue(v: unknown, type: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    if (type === sql.Date) return v.toISOString().slice(0, 10);
    const offset = (v as DatedOffset)[OFFSET_MINUTES];
    return type === sql.DateTimeOffset && offset !== undefined ? isoInOffset(v, offset) : v.toISOString();
  }
  if (typeof v === 'string' && NUMERIC_TYPES.includes(type)) return Number(v);
  return v;
}

/** Driver rows (recordset + its column metadata) → plain rows with sqlite values and the column order. */
export function sqliteRows(set: readonly Row[] | undefined, meta: Record<string, { type?: unknown; index: number }>): { rows: Row[]; columns: string[] } {
  const columns = Object.entries(meta)
    .sort((a, b) => a[1].index - b[1].index)
    .map(([name]) => name);
  const rows = (set ?? []).map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = sqliteValue(v, meta[k]?.type);
    return out;
  });
  return { rows, columns };
}

/** The T-SQL type a JavaScript parameter value is sent as. */
function typeOf(v: unknown): sql.ISqlType | (() => sql.ISqlType) {
  if (v === null || v === undefined) return sql.NVarChar(4000);
  if (typeof v === 'number') return (Number.isInteger(v) ? (Math.abs(v) <= 2_147_483_647 ? sql.Int : sql.BigInt) : sql.Float) as () => sql.ISqlType;
  if (typeof v === 'bigint') return sql.BigInt as () => sql.ISqlType;
  if (typeof v === 'boolean') return sql.Bit as () => sql.ISqlType;
  if (Buffer.isBuffer(v)) return sql.VarBinary(sql.MAX);
  if (v instanceof Date) return sql.DateTimeOffset(3);
  if (typeof v === 'string') return v.length <= 4000 ? sql.NVarChar(4000) : sql.NVarChar(sql.MAX);
  throw new TypeError(`mssql: cannot bind a value of type ${typeof v}`);
}

// ───────────────────────────── bulk load ─────────────────────────────

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO 8601 text → a Date that tedious writes as DATETIMEOFFSET with the text's own offset: tedious sends the
 * UTC date and time, then `-value.getTimezoneOffset()` as the offset, so this Date answers the text's offset
 * there. No offset in the text → +00:00 (what SQL Server does converting such text).
 */
export function dateTimeOffsetValue(s: string): Date {
  const m = ISO_DATETIME.exec(s.trim());
  if (!m) throw new TypeError(`not an ISO 8601 datetime: ${JSON.stringify(s.slice(0, 40))}`);
  const [, y, mo, d, h, mi, sec, frac, off] = m;
  let minutes = 0;
  if (off && off.toUpperCase() !== 'Z') {
    const digits = off.replace(':', '');
    minutes = (off[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0), ms);
  const date = new Date(wall - minutes * 60_000);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a valid datetime: ${JSON.stringify(s.slice(0, 40))}`);
  Object.defineProperty(date, 'getTimezoneOffset', { value: () => -minutes, enumerable: false });
  return date;
}

/** 'YYYY-MM-DD' → the Date tedious writes as that DATE (the connection uses UTC). */
function dateValue(s: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new TypeError(`not a YYYY-MM-DD date: ${JSON.stringify(s.slice(0, 40))}`);
  const d = new Date(`${s}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new TypeError(`not a valid date: ${s}`);
  return d;
}

/** The driver type and the value to hand it, for one column of a bulk load. */
export function bulkColumnType(c: BulkColumn): sql.ISqlType | (() => sql.ISqlType) {
  switch (c.type) {
    case 'int':
      return sql.Int as () => sql.ISqlType;
    case 'real':
      return sql.Float as () => sql.ISqlType;
    case 'money':
      return sql.Decimal(12, 2);
    case 'bool':
      return sql.Bit as () => sql.ISqlType;
    case 'date':
      return sql.Date as () => sql.ISqlType;
    case 'datetime':
      return sql.DateTimeOffset(3);
    case 'json':
      return sql.NVarChar(sql.MAX);
    case 'text':
      return c.maxLength ? sql.NVarChar(c.maxLength) : sql.NVarChar(sql.MAX);
  }
}

export function bulkValue(c: BulkColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (c.type) {
    case 'bool':
      if (v === 0 || v === 1 || typeof v === 'boolean') return Boolean(v);
      throw new TypeError(`${c.name}: ${String(v)} is not 0/1`);
    case 'date':
      return dateValue(String(v));
    case 'datetime':
      return v instanceof Date ? v : dateTimeOffsetValue(String(v));
    case 'int':
    case 'real':
    case 'money':
      if (typeof v === 'bigint') return Number(v);
      if (typeof v !== 'number') throw new TypeError(`${c.name}: ${JSON.stringify(v)} is not a number`);
      return v;
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

/** The `mssql` Table of one bulk batch: columns typed from the schema, values converted. */
export function bulkTable(name: string, columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]): sql.Table {
  const t = new sql.Table(name);
  t.create = false;
  for (const c of columns) t.columns.add(c.name, bulkColumnType(c), { nullable: c.nullable });
  for (const r of rows) t.rows.add(...(columns.map((c, i) => bulkValue(c, r[i])) as (string | number | boolean | Date | null)[]));
  return t;
}

export async function openMssqlBackend(config: Record<string, unknown>): Promise<Backend> {
  captureDateTimeOffsets();
  const options = (config.options ?? {}) as Record<string, unknown>;
  const pool = new sql.ConnectionPool({
    ...(config as unknown as sql.config),
    pool: { min: 1, max: 1 },
    options: { ...options, useUTC: true, enableArithAbort: true },
  } as sql.config);
  await pool.connect();
  let tx: sql.Transaction | null = null;
  const request = (): sql.Request => (tx ? new sql.Request(tx) : new sql.Request(pool));

  return {
    async query(text, params: readonly BoundParam[], mode, identity): Promise<QueryResult> {
      const r = request();
      for (const p of params) r.input(p.name, typeOf(p.value), p.value === undefined ? null : p.value);
      const batch = mode === 'run' && identity ? `${text}\nSELECT CAST(SCOPE_IDENTITY() AS BIGINT) AS [__rowid];` : text;
      const res = await r.query(batch);
      const sets = (res.recordsets as unknown as sql.IRecordSet<Row>[]) ?? [];
      let lastInsertRowid: number | null = null;
      let counted = res.rowsAffected ?? [];
      let rowsSets = sets;
      if (mode === 'run' && identity) {
        const idSet = sets[sets.length - 1];
        const id = idSet?.[0]?.__rowid;
        lastInsertRowid = id === null || id === undefined ? null : Number(id);
        rowsSets = sets.slice(0, -1);
        counted = counted.slice(0, -1);
      }
      const set = rowsSets[rowsSets.length - 1];
      const { rows, columns } = sqliteRows(set, (set?.columns ?? {}) as Record<string, { type?: unknown; index: number }>);
      const changes = mode === 'run' ? counted.reduce((a, b) => a + b, 0) : 0;
      return { rows, columns, changes, lastInsertRowid };
    },
    async exec(text) {
      await request().batch(text);
    },
    async bulk(table, columns, rows) {
      if (rows.length === 0) return 0;
      const t = bulkTable(table, columns, rows);
      // Constraints checked (FK, CHECK) and NULLs kept as sent, as an INSERT would. An IDENTITY column in the
      // column list keeps the values sent: INSERT BULK takes them as they come (SqlBulkCopy's KeepIdentity is
      // only that column selection); SET IDENTITY_INSERT does not apply to bulk loads.
      const r = await request().bulk(t, { checkConstraints: true, keepNulls: true, fireTriggers: true });
      return r.rowsAffected;
    },
    async begin() {
      tx = new sql.Transaction(pool);
      await tx.begin(sql.ISOLATION_LEVEL.READ_COMMITTED);
    },
    async commit() {
      const t = tx;
      tx = null;
      await t?.commit();
    },
    async rollback() {
      const t = tx;
      tx = null;
      if (t) await t.rollback().catch(() => undefined); // already rolled back by the server (XACT_ABORT, deadlock victim)
    },
    async savepoint(name) {
      await request().batch(`SAVE TRANSACTION [${name}]`);
    },
    async release() {
      // T-SQL has no RELEASE SAVEPOINT: the savepoint simply stays until the outer commit
    },
    async rollbackTo(name) {
      await request().batch(`ROLLBACK TRANSACTION [${name}]`);
    },
    async close() {
      await pool.close();
    },
  };
}
