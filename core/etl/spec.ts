import type { z } from 'zod';
import type { Db } from '../warehouse/db.ts';
import { table } from '../warehouse/schema.ts';
import { applyAliases, describeIssues } from './fields.ts';
import { upsert, type RowStatus } from './load.ts';
import type { SourceRecord } from './parse.ts';
import type { Refs } from './refs.ts';
import { EtlError, RowError } from './types.ts';

export interface LoadContext {
  readonly db: Db;
  readonly refs: Refs;
}

export interface RowResult {
  readonly status: RowStatus;
  /** corrections made to the row (it is still loaded) */
  readonly warnings?: readonly string[];
}

/** One row validated and resolved, as the upsert it becomes (nothing written yet). */
export interface PlannedRow {
  readonly table: string;
  /** the natural key (a unique column) */
  readonly key: string;
  /** values by column: `undefined` = leave as stored (see upsert()) */
  readonly row: Record<string, unknown>;
  /** values filled on insert only */
  readonly insertDefaults?: Record<string, unknown>;
  /** corrections made to the row (it is still loaded) */
  readonly warnings?: readonly string[];
}

/** How one kind of row is validated and loaded. */
export interface EntitySpec {
  readonly name: string;
  /** fields a CSV header must have (a field or one of its aliases) */
  readonly required: readonly string[];
  /** other accepted column names per field */
  readonly aliases: Readonly<Record<string, readonly string[]>>;
  /** validates, resolves and writes one row (the row path) */
  load(ctx: LoadContext, data: Record<string, unknown>): RowResult;
  /**
   * Rows that are ONE upsert each and nothing else: validates and resolves one row without writing it, so a
   * set-based load (the bridged database: bulk load + one UPDATE/INSERT per table) can write many at once.
   * Throws RowError as load does. Absent: the spec has other effects (mobile events) and loads row by row.
   */
  plan?(ctx: LoadContext, data: Record<string, unknown>): PlannedRow;
}

/** A spec whose rows are one upsert each: `load` is its `plan` then upsert(). */
export function upsertSpec(def: Omit<EntitySpec, 'load' | 'plan'> & { plan(this: EntitySpec, ctx: LoadContext, data: Record<string, unknown>): PlannedRow }): EntitySpec {
  const spec: EntitySpec = {
    ...def,
    plan: (ctx, data) => def.plan.call(spec, ctx, data),
    load(ctx, data) {
      const p = def.plan.call(spec, ctx, data);
      const { status } = upsert(ctx.db, p.table, p.key, p.row, p.insertDefaults);
      return p.warnings ? { status, warnings: p.warnings } : { status };
    },
  };
  return spec;
}

export interface RecordGroup {
  readonly spec: EntitySpec;
  readonly records: readonly SourceRecord[];
}

/** Validates a row with its zod schema (after renaming aliases); every problem becomes one RowError. */
export function validate<S extends z.ZodType>(spec: EntitySpec, schema: S, data: Record<string, unknown>): z.output<S> {
  const r = schema.safeParse(applyAliases(data, spec.aliases));
  if (!r.success) throw new RowError(describeIssues(r.error));
  return r.data;
}

/** A CSV whose header lacks a required field is refused as a whole (every row would be rejected). */
export function checkColumns(spec: EntitySpec, columns: readonly string[] | null): void {
  if (!columns) return;
  const have = new Set(columns);
  const missing = spec.required.filter((f) => !have.has(f) && !(spec.aliases[f] ?? []).some((a) => have.has(a)));
  if (missing.length === 0) return;
  const names = missing.map((f) => [f, ...(spec.aliases[f] ?? [])].join(' or '));
  throw new EtlError(`the CSV header lacks required column(s) for ${spec.name}: ${names.join('; ')} (found: ${columns.filter((c) => c !== '').join(', ')})`);
}

/** One group holding every record (mobile, portal, survey). */
export function singleGroup(spec: EntitySpec, records: readonly SourceRecord[], columns: readonly string[] | null): RecordGroup[] {
  checkColumns(spec, columns);
  return [{ spec, records }];
}

/** The allowed values of a column, as schema.ts declares them. */
export function valuesOf(tableName: string, column: string): readonly string[] {
  const values = table(tableName).columns.find((c) => c.name === column)?.values;
  if (!values) throw new Error(`${tableName}.${column} has no list of values`);
  return values;
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `undefined` and `null` both mean "not known" here. */
export const known = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;
