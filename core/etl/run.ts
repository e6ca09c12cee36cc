import Database from 'better-sqlite3';
import type { Db } from '../warehouse/db.ts';
import { parisDate } from '../warehouse/calendar.ts';
import { refreshAggregates } from '../warehouse/aggregates.ts';
import { parisIso } from './fields.ts';
import { Batch } from './load.ts';
import { detectFormat, parseInput, type ParsedInput, type SourceRecord } from './parse.ts';
import { Refs } from './refs.ts';
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

/** A database constraint error in plain words. */
function constraintReason(m: string): string {
  let why: string;
  if (/FOREIGN KEY/i.test(m)) why = 'a referenced row does not exist (foreign key)';
  else if (/^UNIQUE constraint failed: (.+)$/i.test(m)) why = `another row already has the same ${m.replace(/^UNIQUE constraint failed: /i, '')}`;
  else if (/^NOT NULL constraint failed: (.+)$/i.test(m)) why = `${m.replace(/^NOT NULL constraint failed: \w+\./i, '')} is required`;
  else if (/^CHECK constraint failed/i.test(m)) why = `a value is outside what the column allows (${m.replace(/^CHECK constraint failed:\s*/i, '')})`;
  else why = m;
  return `the database refused the row: ${why}`;
}

/**
 * Loads one source file into the warehouse. Every row is validated; a bad row becomes an etl_rejects row
 * (line, reason, raw) and the batch goes on. Good rows are upserted on their natural key inside one
 * transaction, each in its own savepoint, so a constraint error on one row rejects that row only.
 * A problem with the whole input (invalid JSON, empty file, missing CSV columns, unknown ERP entity) is
 * recorded (etl_batches + an etl_rejects row at line 0 with the raw text) and thrown as an EtlError.
 * No file-system access: the caller hands the text.
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
    db.transaction(() => {
      for (const g of groups) for (const rec of g.records) loadRecord(ctx, savepoint, batch, g.spec, rec, multi);
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
  try {
    const result = savepoint(rec, spec);
    if (result.status === 'loaded') batch.loaded++;
    else batch.unchanged++;
    for (const w of result.warnings ?? []) batch.warn(rec.line, prefix + w);
  } catch (e) {
    ctx.refs.forget();
    if (e instanceof RowError) batch.reject(rec.line, prefix + e.message, rec.raw);
    else if (e instanceof Database.SqliteError && !unavailable(e)) batch.reject(rec.line, prefix + constraintReason(e.message), rec.raw);
    else throw e;
  }
}

/**
 * The database unable to write at all (locked beyond the busy timeout, read-only, I/O error, full…): not a fault
 * of the row — the whole batch stops and rolls back, rather than a good row being rejected for a passing reason.
 */
function unavailable(e: InstanceType<typeof Database.SqliteError>): boolean {
  return /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|FULL|CANTOPEN|CORRUPT|NOTADB|NOMEM|INTERRUPT|PROTOCOL)/.test(e.code);
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
