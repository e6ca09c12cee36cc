/**
 * The ETL's set-based load on the bridged database (Azure SQL): instead of a SELECT and an INSERT/UPDATE per
 * row (two round trips each, plus the savepoint), the valid rows of a group are staged and written in chunks:
 * per chunk, one exec (staging table created if missing, emptied), one bulk load (TDS bulk copy) into it, one
 * batch that updates the rows that differ and inserts the new ones (core/warehouse/mssql/merge.ts), all in a
 * savepoint. Statuses, counters, rejects and warnings are the row path's, in the same order:
 *
 * - each record is validated and resolved as before (`spec.plan`); a RowError is its reject;
 * - a row whose key is already staged, or a lookup naming a staged row (a renewal naming the contract before
 *   it in the same file), writes the stage first: rows are applied in file order, as the row path does;
 * - the rows the batch wrote are `loaded`, the other staged rows `unchanged`;
 * - when the database refuses the chunk (a duplicate id, a value a CHECK refuses…), the savepoint is rolled back
 *   and the chunk's rows are written one by one, each in its own savepoint: the bad row is rejected with the
 *   server's message, the good ones load.
 */
import type { Db } from '../warehouse/db.ts';
import { BridgeSqlError, type BridgedDatabase } from '../warehouse/mssql/database.ts';
import { applySql, describeBulk, matchKey, stageDdl, stageLayout, stageRow, StageRefusedError, type SetDialect, type StagedRow, type StageLayout } from '../warehouse/mssql/merge.ts';
import { upsert, type Batch, type RowStatus } from './load.ts';
import type { SourceRecord } from './parse.ts';
import { refusedReason } from './refused.ts';
import type { EntitySpec, LoadContext, PlannedRow } from './spec.ts';
import { RowError } from './types.ts';

/** Rows per bulk load and UPDATE/INSERT batch. */
export const DEFAULT_SET_CHUNK = 5_000;
/** From this many records in a group, the reference tables are read at once rather than looked up value by value. */
export const PRELOAD_REFS_AT = 500;

/** What became of one record, recorded in the batch in record order. */
export type Outcome = { readonly line: number; readonly raw: string; readonly prefix: string } & (
  | { readonly reject: string }
  | { readonly status: RowStatus; readonly warnings?: readonly string[] }
);

export function record(batch: Batch, o: Outcome): void {
  if ('reject' in o) return batch.reject(o.line, o.prefix + o.reject, o.raw);
  if (o.status === 'loaded') batch.loaded++;
  else batch.unchanged++;
  for (const w of o.warnings ?? []) batch.warn(o.line, o.prefix + w);
}

/** A statement of the set-based load, in the dialect sent and as T-SQL (for the statements snapshot). */
export interface SetStatement {
  readonly kind: 'stage' | 'bulk' | 'apply';
  readonly table: string;
  readonly sent: string;
  readonly mssql: string;
}

let listener: ((s: SetStatement) => void) | null = null;

/** Calls `fn` with every statement the set-based load sends until the returned function is called. */
export function traceSetStatements(fn: (s: SetStatement) => void): () => void {
  listener = fn;
  return () => {
    if (listener === fn) listener = null;
  };
}

export interface SetLoadStats {
  /** chunks written by bulk load + one UPDATE/INSERT batch */
  chunks: number;
  /** chunks the database refused, written row by row instead */
  fallbacks: number;
}

interface Staged {
  readonly rec: SourceRecord;
  readonly prefix: string;
  readonly plan: PlannedRow;
  readonly row: StagedRow;
}

type Entry = Outcome | { readonly staged: number };

/** The id SQLite would give a row inserted without its integer key (SQL Server, row by row after a refused chunk). */
export const nextIdSql = (layout: StageLayout): string => `SELECT COALESCE(MAX("${layout.pk}"), 0) + 1 AS id FROM "${layout.table}"`;

/** One set-based load (one runEtl): groups of records, in order. */
export class SetLoader {
  readonly stats: SetLoadStats = { chunks: 0, fallbacks: 0 };
  private readonly dialect: SetDialect;
  private layout: StageLayout | null = null;
  private staged: Staged[] = [];
  private keys = new Set<string>();
  private entries: Entry[] = [];

  constructor(
    private readonly ctx: LoadContext,
    private readonly db: BridgedDatabase,
    private readonly batch: Batch,
    /** one record by the row path, in its own savepoint (rows a stage cannot take) */
    private readonly rowPath: (rec: SourceRecord, spec: EntitySpec, prefix: string) => Outcome,
    private readonly chunk = DEFAULT_SET_CHUNK,
  ) {
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`setChunk: a whole number of rows, at least 1 (got ${chunk})`);
    this.dialect = db.dialect;
  }

  /** Loads the records of one spec (which has `plan`). */
  loadGroup(spec: EntitySpec, records: readonly SourceRecord[], multi: boolean): void {
    const refs = this.ctx.refs;
    refs.pending = (table, value) => {
      if (!this.layout || this.layout.table !== table || !this.names(value)) return false;
      this.flush();
      return true;
    };
    try {
      if (records.length >= PRELOAD_REFS_AT) refs.preload();
      for (const rec of records) this.add(spec, rec, multi && rec.group !== undefined ? `[${rec.group}] ` : '');
      this.flush();
    } finally {
      refs.pending = null;
    }
  }

  /** A staged row has this key (or this id). */
  private names(value: string): boolean {
    if (this.keys.has(matchKey(value))) return true;
    return /^\d+$/.test(value) && this.staged.some((s) => s.row.pk !== undefined && s.row.pk !== null && String(s.row.pk) === value);
  }

  private add(spec: EntitySpec, rec: SourceRecord, prefix: string): void {
    this.batch.read++;
    const base = { line: rec.line, raw: rec.raw, prefix };
    if (rec.error) return void this.entries.push({ ...base, reject: rec.error });
    let plan: PlannedRow;
    try {
      plan = spec.plan!(this.ctx, rec.data);
    } catch (e) {
      if (e instanceof RowError) return void this.entries.push({ ...base, reject: e.message });
      const refused = refusedReason(e); // a write while resolving (a calendar day) refused
      if (refused === null) throw e;
      this.ctx.refs.forget();
      return void this.entries.push({ ...base, reject: refused });
    }
    const layout = stageLayout(plan.table, plan.key, this.dialect);
    if (this.layout !== layout) {
      this.flush();
      this.layout = layout;
    }
    let row: StagedRow;
    try {
      row = stageRow(layout, plan.row, plan.insertDefaults);
    } catch (e) {
      if (!(e instanceof StageRefusedError)) throw e;
      this.flush();
      return void this.entries.push(this.rowPath(rec, spec, prefix));
    }
    const k = matchKey(row.key);
    if (this.keys.has(k)) this.flush(); // the same key again: after the first is written, as the row path would
    this.keys.add(k);
    this.entries.push({ staged: this.staged.length });
    this.staged.push({ rec, prefix, plan, row });
    if (this.staged.length >= this.chunk) this.flush();
  }

  /** Writes what is staged, then records every outcome so far in record order. */
  flush(): void {
    const staged = this.staged;
    const entries = this.entries;
    const layout = this.layout;
    this.staged = [];
    this.entries = [];
    this.keys = new Set();
    const outcomes = staged.length > 0 && layout ? this.write(layout, staged) : [];
    for (const e of entries) record(this.batch, 'staged' in e ? outcomes[e.staged]! : e);
  }

  private write(layout: StageLayout, staged: readonly Staged[]): Outcome[] {
    const db = this.db;
    let written: Set<string>;
    try {
      written = db.transaction(() => {
        const ddl = stageDdl(layout, this.dialect);
        this.trace('stage', layout, ddl, () => stageDdl(stageLayout(layout.table, layout.key, 'mssql'), 'mssql'));
        db.execNative(ddl);
        this.trace('bulk', layout, describeBulk(layout, this.dialect), () => describeBulk(stageLayout(layout.table, layout.key, 'mssql'), 'mssql'));
        db.bulk(
          layout.stage,
          layout.bulkColumns,
          staged.map((s, i) => [i, ...s.row.values]),
        );
        const keys = new Set<string>();
        const statements = applySql(layout, this.dialect);
        this.trace('apply', layout, statements.join(';\n'), () => applySql(stageLayout(layout.table, layout.key, 'mssql'), 'mssql').join(';\n'));
        for (const sql of statements) for (const r of db.queryNative(sql, {}).rows) keys.add(matchKey(r.k as string | number));
        return keys;
      })();
    } catch (e) {
      if (!(e instanceof BridgeSqlError)) throw e;
      this.stats.fallbacks++;
      return staged.map((s) => this.one(layout, s));
    }
    this.stats.chunks++;
    return staged.map((s) => ({ line: s.rec.line, raw: s.rec.raw, prefix: s.prefix, status: written.has(matchKey(s.row.key)) ? 'loaded' : 'unchanged', warnings: s.plan.warnings }));
  }

  /** One staged row by the row path (its own savepoint), after its chunk was refused. */
  private one(layout: StageLayout, s: Staged): Outcome {
    const base = { line: s.rec.line, raw: s.rec.raw, prefix: s.prefix };
    const db = this.db as unknown as Db;
    try {
      const status = db.transaction(() => {
        let row = s.plan.row;
        if (this.dialect === 'mssql' && layout.pkMode === 'rowid' && (row[layout.pk] === undefined || row[layout.pk] === null)) {
          // SQL Server has no rowid: the id SQLite would give (the row path's INSERT names it)
          const next = db.prepare(nextIdSql(layout)).get() as { id: number };
          row = { ...row, [layout.pk]: next.id };
        }
        return upsert(db, s.plan.table, s.plan.key, row, s.plan.insertDefaults).status;
      })();
      return { ...base, status, warnings: s.plan.warnings };
    } catch (e) {
      const refused = refusedReason(e);
      if (refused === null) throw e;
      return { ...base, reject: refused };
    }
  }

  private trace(kind: SetStatement['kind'], layout: StageLayout, sent: string, mssql: () => string): void {
    if (listener) listener({ kind, table: layout.table, sent, mssql: mssql() });
  }
}
