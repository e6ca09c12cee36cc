/**
 * Set-based upserts for bulk loads (the ETL on Azure SQL): rows are bulk-loaded into a session temp staging
 * table that has the target's columns (types from schema.ts), then ONE batch updates the rows whose values
 * differ and inserts the missing ones, and answers which rows it wrote. Same semantics as the row path's
 * `upsert()` (core/etl/load.ts), row for row:
 *
 * - a value `undefined` leaves the stored value as it is (and takes the column's default on insert);
 *   `null` on a NOT NULL column that has a default counts as `undefined`;
 * - `insertDefaults` fill a value that is `undefined` or `null`, on insert only;
 * - a row equal to the stored one (NULL-safe, text compared exactly: case and trailing spaces count) is not
 *   written, and not reported: the caller counts it `unchanged`;
 * - the primary key is never updated; an IDENTITY key is the server's; an integer key that is not IDENTITY
 *   (dim_clients.client_id, SQLite's rowid) is the given one, else MAX + 1, + 2… in staging order.
 *
 * What each staged row carries per column: its value and a mode (`MODE`), so one fixed staging layout per table
 * serves every row whatever columns it defines. Every statement is identifiers and constants of this code only:
 * values travel in the bulk load, never in the SQL text.
 *
 * Two dialects: `mssql` (T-SQL: `#etl_stage_<table>`, UPDATE … OUTPUT INTO a table variable, INSERT … SELECT …
 * ORDER BY so IDENTITY values follow the staging order, like the row path's) and `sqlite` (the bridge's
 * better-sqlite3 test backend: a TEMP table, UPDATE … FROM … RETURNING, INSERT … SELECT … RETURNING), so the
 * whole mechanism is tested without a SQL Server.
 */
import { sqlType } from '../ddl.ts';
import type { Column } from '../schema.ts';
import { table as schemaTable } from '../schema.ts';
import type { BulkColumn } from './bridge/protocol.ts';

export type SetDialect = 'mssql' | 'sqlite';

/** How a staged value is applied, per column. */
export const MODE = {
  /** not given: update keeps the stored value; insert takes the column default (or NULL) */
  unset: 0,
  /** given (possibly NULL): update and insert write it */
  set: 1,
  /** not given, with an insert default: update keeps the stored value; insert writes the staged default */
  insertOnly: 2,
  /** given as NULL, with an insert default: update writes NULL; insert writes the staged default */
  nullOrDefault: 3,
} as const;

export interface StageLayout {
  readonly table: string;
  /** the natural key the rows are matched on (unique) */
  readonly key: string;
  readonly pk: string;
  /** identity: IDENTITY, never staged; rowid: an integer key, given or MAX + n; given: must be given */
  readonly pkMode: 'identity' | 'rowid' | 'given';
  /** the staged target columns, schema order (an IDENTITY key left out) */
  readonly columns: readonly Column[];
  /** the staging table as the bulk load names it: `#etl_stage_<table>` (mssql), `etl_stage_<table>` (sqlite) */
  readonly stage: string;
  /** the bulk load's columns: `__line`, then per column its value and `__m_<column>` */
  readonly bulkColumns: readonly BulkColumn[];
}

export class StageRefusedError extends Error {
  override readonly name = 'StageRefusedError';
}

const layouts = new Map<string, StageLayout>();

const modeColumn = (c: string): string => `__m_${c}`;

/** The staging layout of `tableName` matched on `key` (cached). */
export function stageLayout(tableName: string, key: string, dialect: SetDialect): StageLayout {
  const id = `${dialect}\u0000${tableName}\u0000${key}`;
  const hit = layouts.get(id);
  if (hit) return hit;
  const t = schemaTable(tableName);
  if (!/^[a-z_][a-z0-9_]*$/.test(t.name)) throw new Error(`stage: unsafe table name ${t.name}`);
  const pkCol = t.columns.find((c) => c.pk);
  if (!pkCol) throw new Error(`stage: ${tableName} has no primary key`);
  const keyCol = t.columns.find((c) => c.name === key);
  if (!keyCol || !(keyCol.pk || keyCol.unique)) throw new Error(`stage: ${tableName}.${key} is not a unique column`);
  const pkMode = pkCol.pk === 'auto' ? 'identity' : pkCol.type === 'int' ? 'rowid' : 'given';
  const columns = t.columns.filter((c) => !(c.pk === 'auto'));
  const bulkColumns: BulkColumn[] = [{ name: '__line', type: 'int', nullable: false }];
  for (const c of columns) {
    bulkColumns.push({ name: c.name, type: c.type, nullable: true, ...(c.maxLength ? { maxLength: c.maxLength } : {}) });
    bulkColumns.push({ name: modeColumn(c.name), type: 'int', nullable: false });
  }
  const layout: StageLayout = { table: t.name, key, pk: pkCol.name, pkMode, columns, stage: `${dialect === 'mssql' ? '#' : ''}etl_stage_${t.name}`, bulkColumns };
  layouts.set(id, layout);
  return layout;
}

export interface StagedRow {
  /** values in bulkColumns order after `__line` */
  readonly values: readonly unknown[];
  /** the key value (as written) */
  readonly key: string | number;
  /** the primary key when the row gives it (rowid / given tables) */
  readonly pk: unknown;
}

/**
 * One row of `upsert()` as staged values: the same rules as upsert (see the header). Throws as upsert does for
 * an unknown column or a missing key, and StageRefusedError for a row that gives an IDENTITY key (the caller
 * loads such a row by the row path).
 */
export function stageRow(layout: StageLayout, row: Record<string, unknown>, insertDefaults: Record<string, unknown> = {}): StagedRow {
  const t = schemaTable(layout.table);
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  const given = new Map<string, unknown>();
  for (const [name, v] of Object.entries(row)) {
    const col = byName.get(name);
    if (!col) throw new Error(`upsert: ${layout.table} has no column ${name}`);
    if (v === undefined || (v === null && !col.nullable && col.default !== undefined)) continue;
    given.set(name, typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }
  const key = given.get(layout.key);
  if (key === undefined || key === null) throw new Error(`upsert: ${layout.table}.${layout.key} is required`);
  if (typeof key !== 'string' && typeof key !== 'number') throw new Error(`upsert: ${layout.table}.${layout.key} must be text or a number`);
  if (layout.pkMode === 'identity' && given.has(layout.pk)) throw new StageRefusedError(`${layout.table}.${layout.pk} is generated by the server`);
  const values: unknown[] = [];
  for (const c of layout.columns) {
    const hasDefault = Object.hasOwn(insertDefaults, c.name) && insertDefaults[c.name] !== undefined && insertDefaults[c.name] !== null;
    const dflt = hasDefault ? (typeof insertDefaults[c.name] === 'boolean' ? (insertDefaults[c.name] ? 1 : 0) : insertDefaults[c.name]) : null;
    if (given.has(c.name)) {
      const v = given.get(c.name);
      if (v === null && hasDefault) values.push(dflt, MODE.nullOrDefault);
      else values.push(v, MODE.set);
    } else if (hasDefault) values.push(dflt, MODE.insertOnly);
    else values.push(null, MODE.unset);
  }
  return { values, key, pk: given.get(layout.pk) };
}

// ───────────────────────────── SQL ─────────────────────────────

const bracket = (id: string): string => `[${id.replace(/]/g, ']]')}]`;
const dquote = (id: string): string => `"${id.replace(/"/g, '""')}"`;

/** The T-SQL type of a column: the target's, as ddl.ts declares it. */
export const tsqlType = (c: Pick<Column, 'type' | 'maxLength'>): string => sqlType('mssql', c);
const sqliteType = (c: Pick<Column, 'type'>): string => sqlType('sqlite', c);
const isText = (c: Column): boolean => c.type === 'text' || c.type === 'json';

/** The column's schema default as a literal of the dialect (T-SQL strings as N'…'), or NULL. */
function defaultLiteral(c: Column, dialect: SetDialect): string {
  if (c.default === undefined) return 'NULL';
  const d = String(c.default);
  if (!/^(-?\d+(\.\d+)?|'(?:[^']|'')*')$/.test(d)) throw new Error(`stage: ${c.name} has a default that is not a constant: ${d}`);
  return dialect === 'mssql' && d.startsWith("'") ? `N${d}` : d;
}

/** Creates the staging table when the session lacks it, and empties it: one exec before each bulk load. */
export function stageDdl(layout: StageLayout, dialect: SetDialect): string {
  if (dialect === 'mssql') {
    const cols = [
      '[__line] INT NOT NULL',
      ...layout.columns.flatMap((c) => [`${bracket(c.name)} ${tsqlType(c)}${isText(c) ? ' COLLATE DATABASE_DEFAULT' : ''} NULL`, `${bracket(modeColumn(c.name))} INT NOT NULL`]),
    ];
    const s = bracket(layout.stage);
    return `IF OBJECT_ID(N'tempdb..${layout.stage}') IS NULL CREATE TABLE ${s} (${cols.join(', ')});\nTRUNCATE TABLE ${s};`;
  }
  const cols = ['"__line" INTEGER NOT NULL', ...layout.columns.flatMap((c) => [`${dquote(c.name)} ${sqliteType(c)}`, `${dquote(modeColumn(c.name))} INTEGER NOT NULL`])];
  return `CREATE TEMP TABLE IF NOT EXISTS ${dquote(layout.stage)} (${cols.join(', ')});\nDELETE FROM ${dquote(layout.stage)};`;
}

/** NULL-safe "the stored value differs from the staged one"; T-SQL text compared exactly (binary, length). */
function differs(c: Column, dialect: SetDialect): string {
  if (dialect === 'sqlite') return `t.${dquote(c.name)} IS NOT s.${dquote(c.name)}`;
  const t = `[t].${bracket(c.name)}`;
  const s = `[s].${bracket(c.name)}`;
  const ne = isText(c) ? `${t} COLLATE Latin1_General_100_BIN2 <> ${s} COLLATE Latin1_General_100_BIN2 OR DATALENGTH(${t}) <> DATALENGTH(${s})` : `${t} <> ${s}`;
  return `${t} IS NULL AND ${s} IS NOT NULL OR ${t} IS NOT NULL AND ${s} IS NULL OR ${ne}`;
}

/** The statements that apply the staged rows: ONE batch on mssql, UPDATE then INSERT on sqlite. Each answers rows { id, k }: the primary key and the key of every row written. */
export function applySql(layout: StageLayout, dialect: SetDialect): string[] {
  const q = dialect === 'mssql' ? bracket : dquote;
  const t = (c: string): string => (dialect === 'mssql' ? `[t].${q(c)}` : `t.${q(c)}`);
  const s = (c: string): string => (dialect === 'mssql' ? `[s].${q(c)}` : `s.${q(c)}`);
  const updatable = layout.columns.filter((c) => c.name !== layout.pk);
  const set = updatable.map((c) => `${q(c.name)} = CASE ${s(modeColumn(c.name))} WHEN ${MODE.set} THEN ${s(c.name)} WHEN ${MODE.nullOrDefault} THEN NULL ELSE ${t(c.name)} END`).join(', ');
  const changed = updatable
    .map((c) => `(${s(modeColumn(c.name))} = ${MODE.set} AND (${differs(c, dialect)}) OR ${s(modeColumn(c.name))} = ${MODE.nullOrDefault} AND ${t(c.name)} IS NOT NULL)`)
    .join(' OR ');
  const givenModes = `(${MODE.set}, ${MODE.insertOnly}, ${MODE.nullOrDefault})`;
  const insertValue = (c: Column): string => {
    if (c.name === layout.key) return s(c.name);
    const v = `CASE WHEN ${s(modeColumn(c.name))} IN ${givenModes} THEN ${s(c.name)} ELSE ${defaultLiteral(c, dialect)} END`;
    if (c.name === layout.pk && layout.pkMode === 'rowid' && dialect === 'mssql') {
      // SQLite gives an INTEGER PRIMARY KEY left NULL the rowid MAX + 1; here: MAX + n, in staging order
      const explicit = `${s(modeColumn(c.name))} IN ${givenModes} AND ${s(c.name)} IS NOT NULL`;
      return `COALESCE(CASE WHEN ${explicit} THEN ${s(c.name)} END, [m].[mx] + ROW_NUMBER() OVER (PARTITION BY CASE WHEN ${explicit} THEN 1 ELSE 0 END ORDER BY ${s('__line')}))`;
    }
    return v;
  };
  const insertCols = layout.columns.map((c) => q(c.name)).join(', ');
  const insertVals = layout.columns.map(insertValue).join(', ');
  const stage = q(layout.stage);
  const target = dialect === 'mssql' ? `[dbo].${q(layout.table)}` : q(layout.table);
  if (dialect === 'sqlite') {
    return [
      `UPDATE ${target} AS t SET ${set} FROM ${stage} AS s WHERE t.${q(layout.key)} = s.${q(layout.key)} AND (${changed}) RETURNING ${q(layout.pk)} AS id, ${q(layout.key)} AS k`,
      `INSERT INTO ${target} (${insertCols}) SELECT ${insertVals} FROM ${stage} AS s WHERE NOT EXISTS (SELECT 1 FROM ${target} AS x WHERE x.${q(layout.key)} = s.${q(layout.key)}) ORDER BY s."__line" RETURNING ${q(layout.pk)} AS id, ${q(layout.key)} AS k`,
    ];
  }
  const keyCol = layout.columns.find((c) => c.name === layout.key)!;
  const maxPk =
    layout.pkMode === 'rowid'
      ? ` CROSS JOIN (SELECT COALESCE(MAX([v]), 0) AS [mx] FROM (SELECT MAX(${q(layout.pk)}) AS [v] FROM ${target} WITH (UPDLOCK, HOLDLOCK) UNION ALL SELECT MAX(${q(layout.pk)}) FROM ${stage}) AS [n]) AS [m]`
      : '';
  return [
    [
      `DECLARE @etl_out TABLE ([id] BIGINT NULL, [k] ${tsqlType(keyCol)} NULL);`,
      `UPDATE [t] SET ${set} OUTPUT [inserted].${q(layout.pk)}, [s].${q(layout.key)} INTO @etl_out ([id], [k]) FROM ${target} AS [t] INNER JOIN ${stage} AS [s] ON [t].${q(layout.key)} = [s].${q(layout.key)} WHERE ${changed};`,
      `INSERT INTO ${target} (${insertCols}) OUTPUT [inserted].${q(layout.pk)}, [inserted].${q(layout.key)} INTO @etl_out ([id], [k]) SELECT ${insertVals} FROM ${stage} AS [s]${maxPk} WHERE NOT EXISTS (SELECT 1 FROM ${target} AS [x] WITH (UPDLOCK, HOLDLOCK) WHERE [x].${q(layout.key)} = [s].${q(layout.key)}) ORDER BY [s].[__line];`,
      'SELECT [id], [k] FROM @etl_out;',
    ].join('\n'),
  ];
}

/** What a reader of logs or of the statements snapshot sees of a bulk load into the stage (it is no SQL text: TDS bulk copy). */
export function describeBulk(layout: StageLayout, dialect: SetDialect): string {
  const cols = layout.bulkColumns.map((c) => `${c.name} ${dialect === 'mssql' ? tsqlType(c) : sqliteType(c)}`);
  return `INSERT BULK ${dialect === 'mssql' ? bracket(layout.stage) : dquote(layout.stage)} (${cols.join(', ')})`;
}

/** A key as the database matches it: SQL Server's default collation ignores case and trailing spaces. Two staged rows with the same match key go in different rounds. */
export function matchKey(k: string | number): string {
  return typeof k === 'number' ? `#${k}` : k.toLowerCase().replace(/ +$/, '');
}
