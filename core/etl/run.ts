import type { Db } from '../warehouse/db.ts';
import { BridgedDatabase } from '../warehouse/mssql/database.ts';
import { parisDate } from '../warehouse/calendar.ts';
import { refreshAggregates } from '../warehouse/aggregates.ts';
import { parisIso } from './fields.ts';
import { Batch } from './load.ts';
import { detectFormat, parseInput, type ParsedInput, type SourceRecord } from './parse.ts';
import { Refs } from './refs.ts';
import { refusedReason } from './refused.ts';
import { record, SetLoader, type Outcome } from './set-load.ts';
import type { EntitySpec, LoadContext, RecordGroup, RowResult } from './spec.ts';
import { routeErp } from './sources/erp.ts';
import { routeMobile } from './sources/mobile.ts';
import { routePortal } from './sources/portal.ts';
import { routeSurvey } from './sources/survey.ts';
import { EtlError, RowError, parseEtlSource, type EtlInput, type EtlOptions, type EtlSource, type EtlSummary } from './types.ts';

const ROUTES: Record<EtlSource, (parsed: ParsedInput, input: EtlInput) => RecordGroup[]> = {
  erp: routeErp,
  mobile: routeMobile,
  portal: routePortal,
  survey: routeSurvey,
};

/**
 * Loads one source file into the warehouse. Every row is validated; a bad row becomes an etl_rejects row
 * (line, reason, raw) and the batch goes on. Good rows are upserted on their natural key inside one
 * transaction, each in its own savepoint, so a constraint error on one row rejects that row only.
 * A problem with the whole input (invalid JSON, empty file, missing CSV columns, unknown ERP entity) is
 * recorded (etl_batches + an etl_rejects row at line 0 with the raw text) and thrown as an EtlError.
 * No file-system access: the caller hands the text.
 *
 * On the bridged database (Azure SQL) the rows of sources whose rows are one upsert each (ERP, portal, survey)
 * are written set-based — bulk load into a staging table, then one UPDATE/INSERT batch per chunk (set-load.ts) —
 * with the same statuses, counters and rejects; `options.setBased: false` keeps the row path there too.
 */
export function runEtl(db: Db, source: EtlSource, input: EtlInput, options: EtlOptions = {}): EtlSummary {
  const src = parseEtlSource(source);
  const clock = (): Date => options.now ?? new Date();
  if (input.format !== undefined && input.format !== 'csv' && input.format !== 'json') throw new EtlError(`unknown format "${String(input.format)}" (expected csv or json)`);
  const format = detectFormat(input.fileName, input.text, input.format);
  const batch = new Batch(db, src, input.fileName, format, () => parisIso(clock().getTime()));
  try {
    const parsed = parseInput(input.fileName, input.text, format);
    const groups = ROUTES[src](parsed, input);
    const ctx: LoadContext = { db, refs: new Refs(db) };
    const savepoint = db.transaction((rec: SourceRecord, spec: EntitySpec) => spec.load(ctx, rec.data)); // nested: a SAVEPOINT
    const multi = new Set(parsed.records.map((r) => r.group)).size > 1;
    const bridged = db as unknown;
    const setLoader =
      bridged instanceof BridgedDatabase && options.setBased !== false
        ? new SetLoader(ctx, bridged, batch, (rec, spec, prefix) => rowOutcome(ctx, savepoint, spec, rec, prefix), options.setChunk)
        : null;
    db.transaction(() => {
      for (const g of groups) {
        if (setLoader && g.spec.plan) setLoader.loadGroup(g.spec, g.records, multi);
        else for (const rec of g.records) loadRecord(ctx, savepoint, batch, g.spec, rec, multi);
      }
    })();
  } catch (e) {
    try {
      recordFailure(batch, e, input.text);
    } catch {
      // the database refuses even the failure record (locked, read-only…): the original error is the one to tell
    }
    throw e;
  }
  batch.finish();
  refreshAggregates(db, parisDate(clock()));
  return {
    batchId: batch.id,
    source: src,
    fileName: input.fileName,
    format,
    read: batch.read,
    loaded: batch.loaded,
    unchanged: batch.unchanged,
    rejected: batch.rejected,
    rejects: batch.rejects,
    warnings: batch.warnings,
  };
}

type Savepoint = (rec: SourceRecord, spec: EntitySpec) => RowResult;

function loadRecord(ctx: LoadContext, savepoint: Savepoint, batch: Batch, spec: EntitySpec, rec: SourceRecord, multi: boolean): void {
  batch.read++;
  const prefix = multi && rec.group !== undefined ? `[${rec.group}] ` : '';
  if (rec.error) return batch.reject(rec.line, prefix + rec.error, rec.raw);
  record(batch, rowOutcome(ctx, savepoint, spec, rec, prefix));
}

/** One record loaded in its own savepoint: its status, or its reject (a RowError, or a write the database refused). */
function rowOutcome(ctx: LoadContext, savepoint: Savepoint, spec: EntitySpec, rec: SourceRecord, prefix: string): Outcome {
  const base = { line: rec.line, raw: rec.raw, prefix };
  try {
    const result = savepoint(rec, spec);
    return { ...base, status: result.status, warnings: result.warnings };
  } catch (e) {
    ctx.refs.forget();
    if (e instanceof RowError) return { ...base, reject: e.message };
    const refused = refusedReason(e);
    if (refused === null) throw e;
    return { ...base, reject: refused };
  }
}

/** Whatever stopped the batch is recorded before it is thrown: nothing is lost. */
function recordFailure(batch: Batch, e: unknown, text: string): void {
  const reason = e instanceof EtlError ? e.message : `the load stopped: ${e instanceof Error ? e.message : String(e)}`;
  batch.rejected = 0;
  batch.read = batch.loaded = batch.unchanged = 0;
  batch.rejects.length = 0;
  batch.reject(0, reason, text);
  batch.finish();
  if (e instanceof EtlError) e.batchId = batch.id;
}
