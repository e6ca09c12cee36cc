/**
 * The SQL Server backend's value mapping, without a server: synthetic driver results (the values tedious
 * produces, with `mssql`'s column metadata types) → what better-sqlite3 returns for the same schema; and the
 * DATETIMEOFFSET / DATE wire format through tedious's own writer and reader, so an offset written by the app
 * (parameter or bulk load) comes back as the same text.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import { describe, expect, it } from 'vitest';
import { parisIso } from '../../../etl/fields.ts';
import { bulkTable, bulkValue, captureDateTimeOffsets, dateTimeOffsetValue, isoInOffset, OFFSET_MINUTES, sqliteRows, sqliteValue } from './backend-mssql.ts';
import type { BulkColumn } from './protocol.ts';

interface TdsType {
  name: string;
  generateParameterLength(p: { value: unknown; scale?: number }, o: { useUTC: boolean }): Buffer;
  generateParameterData(p: { value: unknown; scale?: number }, o: { useUTC: boolean }): Iterable<Buffer>;
}
const fromMssql = createRequire(createRequire(import.meta.url).resolve('mssql'));
const tediousMain = fromMssql.resolve('tedious');
const tedious = createRequire(tediousMain)(tediousMain) as { TYPES: Record<string, TdsType> };
const valueParser = createRequire(tediousMain)(join(dirname(tediousMain), 'value-parser.js')) as {
  readValue(buf: Buffer, offset: number, metadata: { type: TdsType; scale?: number }, options: { useUTC: boolean }): { value: unknown; offset: number };
};

/** A value as tedious sends it (length + data), then read back by tedious's row value reader. */
function wireRoundTrip(type: TdsType, value: unknown, scale?: number): unknown {
  const param = { value, scale };
  const buf = Buffer.concat([type.generateParameterLength(param, { useUTC: true }), ...type.generateParameterData(param, { useUTC: true })]);
  const r = valueParser.readValue(buf, 0, { type, scale }, { useUTC: true });
  expect(r.offset).toBe(buf.length);
  return r.value;
}

describe('sqliteValue: driver values → what better-sqlite3 returns', () => {
  it('BIT → 0/1, BIGINT text → number, DECIMAL money → number, NVARCHAR/JSON unchanged, NULL → null', () => {
    expect(sqliteValue(true, sql.Bit)).toBe(1);
    expect(sqliteValue(false, sql.Bit)).toBe(0);
    expect(sqliteValue('9007199254740991', sql.BigInt)).toBe(9_007_199_254_740_991);
    expect(sqliteValue(12n, sql.BigInt)).toBe(12);
    expect(sqliteValue(1234.5, sql.Decimal)).toBe(1234.5);
    expect(sqliteValue('1234.50', sql.Decimal)).toBe(1234.5);
    expect(sqliteValue('0.10', sql.Numeric)).toBe(0.1);
    expect(sqliteValue(42, sql.Int)).toBe(42);
    expect(sqliteValue(0.25, sql.Float)).toBe(0.25);
    expect(sqliteValue('{"a":[1,"é"]}', sql.NVarChar)).toBe('{"a":[1,"é"]}');
    expect(sqliteValue('1234', sql.NVarChar)).toBe('1234'); // text that looks numeric stays text
    expect(sqliteValue(null, sql.Int)).toBeNull();
    expect(sqliteValue(undefined, sql.NVarChar)).toBeNull();
  });

  it("DATE → 'YYYY-MM-DD'; DATETIME2 → toISOString()", () => {
    expect(sqliteValue(new Date(Date.UTC(2026, 11, 3)), sql.Date)).toBe('2026-12-03');
    expect(sqliteValue(new Date(Date.UTC(2024, 1, 29)), sql.Date)).toBe('2024-02-29');
    expect(sqliteValue(new Date('2026-12-03T07:30:00.120Z'), sql.DateTime2)).toBe('2026-12-03T07:30:00.120Z');
  });

  it('DATETIMEOFFSET → the text the app wrote: toISOString() at offset 0, Paris wall time + offset otherwise', () => {
    const at = (iso: string, offset: number | undefined): Date => {
      const d = new Date(iso);
      if (offset !== undefined) Object.defineProperty(d, OFFSET_MINUTES, { value: offset });
      return d;
    };
    expect(sqliteValue(at('2026-12-03T07:30:00.000Z', 60), sql.DateTimeOffset)).toBe('2026-12-03T08:30:00+01:00');
    expect(sqliteValue(at('2026-07-03T06:30:00.000Z', 120), sql.DateTimeOffset)).toBe('2026-07-03T08:30:00+02:00');
    expect(sqliteValue(at('2026-12-01T06:30:00.000Z', 0), sql.DateTimeOffset)).toBe('2026-12-01T06:30:00.000Z');
    expect(sqliteValue(at('2026-12-01T06:30:00.007Z', 0), sql.DateTimeOffset)).toBe('2026-12-01T06:30:00.007Z');
    expect(sqliteValue(at('2026-12-03T07:30:00.250Z', 60), sql.DateTimeOffset)).toBe('2026-12-03T08:30:00.250+01:00');
    expect(sqliteValue(at('2026-12-31T23:30:00.000Z', 60), sql.DateTimeOffset)).toBe('2027-01-01T00:30:00+01:00');
    expect(sqliteValue(at('2026-12-03T13:30:00.000Z', -330), sql.DateTimeOffset)).toBe('2026-12-03T08:00:00-05:30');
    // no offset captured (another tedious): the instant, as UTC text
    expect(sqliteValue(at('2026-12-03T07:30:00.000Z', undefined), sql.DateTimeOffset)).toBe('2026-12-03T07:30:00.000Z');
  });

  it('isoInOffset matches parisIso (the ETL and demo writer) for every hour around both DST changes', () => {
    for (const start of [Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 9, 24, 12)]) {
      for (let h = 0; h < 48; h++) {
        const ms = start + h * 3_600_000;
        const text = parisIso(ms);
        const offset = text.endsWith('+02:00') ? 120 : 60;
        expect(isoInOffset(new Date(ms), offset)).toBe(text);
      }
    }
  });

  it('sqliteRows keeps the column order of the metadata and maps each column by its type', () => {
    // the shape of an mssql recordset's `columns`: name → { index, name, type, … }
    const meta = {
      est_ferie: { index: 1, name: 'est_ferie', type: sql.Bit, nullable: false },
      date: { index: 0, name: 'date', type: sql.Date, nullable: false },
      montant: { index: 3, name: 'montant', type: sql.Decimal, precision: 12, scale: 2, nullable: true },
      n: { index: 2, name: 'n', type: sql.BigInt, nullable: false },
      heure: { index: 4, name: 'heure', type: sql.DateTimeOffset, scale: 3, nullable: true },
    };
    const heure = new Date('2026-12-03T07:30:00.000Z');
    Object.defineProperty(heure, OFFSET_MINUTES, { value: 60 });
    const out = sqliteRows([{ date: new Date(Date.UTC(2026, 11, 3)), est_ferie: false, n: '3', montant: 99.9, heure }, { date: new Date(Date.UTC(2026, 11, 25)), est_ferie: true, n: '0', montant: null, heure: null }], meta);
    expect(out.columns).toEqual(['date', 'est_ferie', 'n', 'montant', 'heure']);
    expect(out.rows).toEqual([
      { date: '2026-12-03', est_ferie: 0, n: 3, montant: 99.9, heure: '2026-12-03T08:30:00+01:00' },
      { date: '2026-12-25', est_ferie: 1, n: 0, montant: null, heure: null },
    ]);
  });
});

describe("DATETIMEOFFSET and DATE through tedious's wire format", () => {
  it('captureDateTimeOffsets wraps tedious\'s value reader (once)', () => {
    expect(captureDateTimeOffsets()).toBe(true);
    expect(captureDateTimeOffsets()).toBe(true);
    expect((valueParser.readValue as unknown as { savWrapped?: boolean }).savWrapped).toBe(true);
  });

  it.each([
    '2026-12-03T08:30:00+01:00', // parisIso, winter
    '2026-07-03T08:30:00+02:00', // parisIso, summer
    '2026-12-01T06:30:00.000Z', // Date.toISOString()
    '2026-12-01T06:30:00.123Z',
    '2026-12-03T08:30:00.250+01:00',
    '2026-12-03T03:00:00-05:00',
    '2026-03-29T03:00:00+02:00', // the first summer hour
  ])('%s written (bulk value) and read back is the same text', (text) => {
    captureDateTimeOffsets();
    const sent = dateTimeOffsetValue(text);
    expect(sent.getTime()).toBe(Date.parse(text));
    const read = wireRoundTrip(tedious.TYPES.DateTimeOffset!, sent, 3);
    expect(read).toBeInstanceOf(Date);
    expect(sqliteValue(read, sql.DateTimeOffset)).toBe(text);
  });

  it('a DATE written from YYYY-MM-DD reads back as the same text', () => {
    for (const d of ['2026-12-03', '2024-02-29', '1999-01-01']) {
      const read = wireRoundTrip(tedious.TYPES.Date!, bulkValue({ name: 'date', type: 'date', nullable: false }, d));
      expect(sqliteValue(read, sql.Date)).toBe(d);
    }
  });

  it('a datetime without offset is taken at +00:00, as SQL Server converts such text', () => {
    expect(sqliteValue(wireRoundTrip(tedious.TYPES.DateTimeOffset!, dateTimeOffsetValue('2026-12-03 08:30'), 3), sql.DateTimeOffset)).toBe('2026-12-03T08:30:00.000Z');
    expect(() => dateTimeOffsetValue('03/12/2026')).toThrow(/not an ISO 8601 datetime/);
  });
});

describe('bulkTable: the mssql Table of a bulk load', () => {
  const cols: BulkColumn[] = [
    { name: 'job_id', type: 'int', nullable: false, identity: true },
    { name: 'kind', type: 'text', nullable: false, maxLength: 64 },
    { name: 'payload', type: 'json', nullable: false },
    { name: 'montant', type: 'money', nullable: true },
    { name: 'actif', type: 'bool', nullable: false },
    { name: 'jour', type: 'date', nullable: false },
    { name: 'due_at', type: 'datetime', nullable: true },
  ];

  it('types the columns as the T-SQL DDL does and converts the values for the driver', () => {
    const t = bulkTable('jobs', cols, [[1, 'k', '{"a":1}', 12.5, 1, '2026-12-03', '2026-12-03T08:30:00+01:00'], [2, 'k2', '[]', null, 0, '2026-12-04', null]]);
    expect(t.path).toBe('[jobs]');
    expect((t as unknown as { declare(): string }).declare()).toBe(
      'create table [jobs] ([job_id] int not null, [kind] nvarchar (64) not null, [payload] nvarchar (MAX) not null, [montant] decimal (12, 2) null, [actif] bit not null, [jour] date not null, [due_at] datetimeoffset (3) null)',
    );
    expect(t.create).toBe(false);
    const types = t.columns.map((col) => {
      const c = col as unknown as { name: string; type: { declaration: string }; length?: number; precision?: number; scale?: number; nullable: boolean };
      return [c.name, c.type.declaration, c.length, c.precision, c.scale, c.nullable];
    });
    expect(types).toEqual([
      ['job_id', 'int', undefined, undefined, undefined, false],
      ['kind', 'nvarchar', 64, undefined, undefined, false],
      ['payload', 'nvarchar', sql.MAX, undefined, undefined, false],
      ['montant', 'decimal', undefined, 12, 2, true],
      ['actif', 'bit', undefined, undefined, undefined, false],
      ['jour', 'date', undefined, undefined, undefined, false],
      ['due_at', 'datetimeoffset', undefined, undefined, 3, true],
    ]);
    const [first, second] = t.rows as unknown as unknown[][];
    expect(first!.slice(0, 5)).toEqual([1, 'k', '{"a":1}', 12.5, true]);
    expect((first![5] as Date).toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect((first![6] as Date).getTime()).toBe(Date.parse('2026-12-03T07:30:00Z'));
    expect((first![6] as Date).getTimezoneOffset()).toBe(-60);
    expect(second).toEqual([2, 'k2', '[]', null, false, expect.any(Date), null]);
  });

  it('refuses values the column cannot hold, naming the column', () => {
    expect(() => bulkTable('jobs', cols, [[1, 'k', '{}', null, 2, '2026-12-03', null]])).toThrow('actif: 2 is not 0/1');
    expect(() => bulkTable('jobs', cols, [['x', 'k', '{}', null, 1, '2026-12-03', null]])).toThrow('job_id: "x" is not a number');
    expect(() => bulkTable('jobs', cols, [[1, 'k', '{}', null, 1, '2026-02-30', null]])).toThrow('not a valid date: 2026-02-30');
  });
});
