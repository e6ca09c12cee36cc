/**
 * ETL rows, every source, CSV and JSON: arbitrary rows with the real column names (so they reach row validation)
 * and arbitrary values (unicode, quotes, separators, numbers of every kind, dates in every shape, empties,
 * nested JSON), plus arbitrary whole inputs. Whatever comes in, runEtl either returns a summary that accounts
 * for every row (read = loaded + unchanged + rejected, each reject recorded in etl_rejects with a line and a
 * reason), or throws an EtlError recorded in etl_batches with its reason — never another exception.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtlError, runEtl, type EtlSource } from '../../core/etl/index.ts';
import { fixture, seedReference } from '../../core/etl/fixtures/reference.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';

const NOW = new Date('2026-12-04T10:00:00+01:00');
let db: Db;

beforeAll(() => {
  db = openDb(':memory:');
  seedReference(db);
});
afterAll(() => db?.close());

const csvHeader = (name: string): string[] => fixture(name).replace(/^\uFEFF/, '').split(/\r?\n/)[0]!.split(/[;,]/);
const jsonKeys = (name: string, group?: string): string[] => {
  const v = JSON.parse(fixture(name)) as unknown;
  const list = (Array.isArray(v) ? v : (v as Record<string, unknown[]>)[group ?? '']) as Record<string, unknown>[];
  return [...new Set(list.flatMap((r) => Object.keys(r)))];
};

interface Target {
  source: EtlSource;
  entity?: string;
  columns: string[];
}

let targets: Target[] = [];
beforeAll(() => {
  targets = [
    { source: 'erp', entity: 'interventions', columns: csvHeader('erp-interventions.csv') },
    { source: 'erp', entity: 'clients', columns: jsonKeys('erp-clients.json', 'clients') },
    { source: 'mobile', columns: jsonKeys('mobile.json') },
    { source: 'portal', columns: jsonKeys('portal.json') },
    { source: 'survey', columns: csvHeader('survey.csv') },
  ];
});

/** A field value as exports get them wrong. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'NULL', 'null', 'N/A', '-', '0', '-1', '1e309', 'NaN', '12,50', '1 234,56', '1.234,56', '03/12/2026',
    '31/02/2026', '2026-12-03', '2026-12-03T08:30:00+01:00', '2026-13-45T99:99', '03/12/2026 08:30', '24:00', 'oui', 'non', 'yes', 'true', 'false',
    'C000001', 'C000002', 'C999999', '1', '2', '99', 'luc.dupont@sav.example', 'DEP_TABLEAU', 'ENT_VMC', 'sms', 'check_in', 'check_out', 'Après-midi',
    'Particulier', 'Professionnel', 'Or', '"', '""', ';', ',', '\n', '\r\n', '\t', '\u0000', '\uFEFF', '=cmd|/C calc!A0', "'; DROP TABLE dim_clients;--",
    'x'.repeat(5000)) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

const jsonValue = fc.oneof(
  { weight: 4, arbitrary: value },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [1, 2], { a: { b: 1 } }) },
);

/** Rows: mostly the real columns (some dropped, some extra), arbitrary values. */
const rows = (columns: string[]) =>
  fc.array(
    fc.record(Object.fromEntries(columns.map((c) => [c, jsonValue])) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] }),
    { minLength: 1, maxLength: 6 },
  );

const csvCell = (v: unknown, sep: string): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function toCsv(columns: string[], data: Record<string, unknown>[], sep: string): string {
  return [columns.join(sep), ...data.map((r) => columns.map((c) => csvCell(r[c], sep)).join(sep))].join('\n');
}

function batchCount(): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM etl_batches').get() as { n: number }).n;
}

/** The contract, for one input. */
function check(source: EtlSource, input: { fileName: string; text: string; format?: 'csv' | 'json'; entity?: string }): void {
  const before = batchCount();
  let summary;
  try {
    summary = runEtl(db, source, input, { now: NOW });
  } catch (e) {
    if (!(e instanceof EtlError)) throw new Error(`expected an EtlError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    if (e.message.length < 10 || e.batchId === null) throw new Error(`EtlError without a clear reason or batch: ${e.message}`);
    const rec = db.prepare('SELECT line, reason FROM etl_rejects WHERE batch_id = ?').all(e.batchId) as { line: number; reason: string }[];
    if (rec.length !== 1 || rec[0]!.line !== 0 || rec[0]!.reason !== e.message) throw new Error(`the failure is not recorded: ${JSON.stringify(rec)}`);
    return;
  }
  if (batchCount() !== before + 1) throw new Error('no etl_batches row for the load');
  if (summary.read !== summary.loaded + summary.unchanged + summary.rejected) throw new Error(`rows lost: ${JSON.stringify(summary)}`);
  const rejects = db.prepare('SELECT line, reason FROM etl_rejects WHERE batch_id = ?').all(summary.batchId) as { line: number; reason: string }[];
  if (rejects.length !== summary.rejected) throw new Error(`${summary.rejected} rejected but ${rejects.length} etl_rejects rows`);
  for (const r of rejects) if (!(r.line >= 1) || r.reason.trim().length < 5) throw new Error(`a reject without line or reason: ${JSON.stringify(r)}`);
}

describe('ETL on arbitrary rows', () => {
  it('CSV rows with the real columns, every source (; and ,)', () => {
    fc.assert(
      fc.property(
        fc.nat().chain((i) => {
          const t = targets[i % targets.length]!;
          return fc.tuple(fc.constant(t), rows(t.columns), fc.constantFrom(';', ','), fc.subarray(t.columns, { minLength: 1 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }));
        }),
        ([t, data, sep, cols, extra]) => {
          const columns = [...cols, ...extra.filter((e) => e.trim() !== '' && !e.includes(sep) && !/["\r\n]/.test(e))];
          check(t.source, { fileName: `${t.source}.csv`, text: toCsv(columns, data, sep), ...(t.entity ? { entity: t.entity } : {}) });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('JSON rows with the real keys, every source (array, {entity: [...]}, NDJSON)', () => {
    fc.assert(
      fc.property(
        fc.nat().chain((i) => {
          const t = targets[i % targets.length]!;
          return fc.tuple(fc.constant(t), rows(t.columns), fc.constantFrom('array', 'grouped', 'ndjson'));
        }),
        ([t, data, shape]) => {
          const text = shape === 'array' ? JSON.stringify(data) : shape === 'grouped' ? JSON.stringify({ [t.entity ?? 'items']: data }) : data.map((r) => JSON.stringify(r)).join('\n');
          check(t.source, { fileName: shape === 'ndjson' ? `${t.source}.ndjson` : `${t.source}.json`, text, ...(t.entity ? { entity: t.entity } : {}) });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('the real fixture files with one field of one row replaced by anything', () => {
    const files: { source: EtlSource; name: string; entity?: string }[] = [
      { source: 'erp', name: 'erp-clients.json' },
      { source: 'mobile', name: 'mobile.json' },
      { source: 'portal', name: 'portal.json' },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.nat(), fc.nat(), jsonValue, (f, i, k, v) => {
        const doc = JSON.parse(fixture(f.name)) as unknown;
        const list = (Array.isArray(doc) ? doc : Object.values(doc as Record<string, unknown[]>)[0]) as Record<string, unknown>[];
        const row = list[i % list.length]!;
        const keys = Object.keys(row);
        row[keys[k % keys.length]!] = v;
        check(f.source, { fileName: f.name, text: JSON.stringify(doc) });
      }),
      { numRuns: 60 },
    );
  });

  it('arbitrary whole inputs (any text, any JSON), any source and format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EtlSource>('erp', 'mobile', 'portal', 'survey'),
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 3 })),
        fc.constantFrom<'csv' | 'json' | undefined>('csv', 'json', undefined),
        fc.constantFrom(undefined, 'clients', 'contrats', 'interventions', 'devis', 'nope', '__proto__'),
        (source, text, format, entity) => {
          check(source, { fileName: 'upload', text, ...(format ? { format } : {}), ...(entity && source === 'erp' ? { entity } : {}) });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the properties did load rows and reject rows (they reach the validation, not only the parser)', () => {
    const t = db.prepare('SELECT SUM(rows_loaded) AS loaded, SUM(rows_rejected) AS rejected FROM etl_batches').get() as { loaded: number; rejected: number };
    expect(t.rejected).toBeGreaterThan(50);
    expect(t.loaded).toBeGreaterThan(0);
  });
});
