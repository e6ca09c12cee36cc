import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures/reference.ts';
import { locateJsonFault } from './json-locate.ts';
import { detectFormat, normalizeKey, parseInput, sniffDelimiter } from './parse.ts';
import { EtlError } from './types.ts';

describe('CSV parsing', () => {
  it('reads a French Excel export: BOM, ";" delimiter, CRLF, quoted fields, with file line numbers', () => {
    const text = fixture('erp-interventions.csv');
    expect(sniffDelimiter(text)).toBe(';');
    const p = parseInput('x.csv', text, 'csv');
    expect(p.columns?.[0]).toBe('source_ref'); // BOM gone
    expect(p.records.map((r) => r.line)).toEqual([2, 3, 5, 6, 7, 9, 10]); // I0002 spans lines 3–4; line 8 is empty
    expect(p.records[1]!.data.motif_reclamation).toBe('Client mécontent; "bruit" VMC\r\nrappeler');
    expect(p.records[0]!.data.montant_pieces).toBe('12,50');
    expect(p.records[4]!.error).toMatch(/wrong number of columns: expected 12 .* found 13/);
    expect(p.records[6]!.data.motif_reclamation).toBe("O'Brien; DROP TABLE dim_clients;--");
  });

  it('sniffs "," and tab, skips blank Excel lines, and normalises header names', () => {
    expect(sniffDelimiter('a,b;c,d\n1,2,3')).toBe(',');
    expect(sniffDelimiter('"x;y",b,c')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    const p = parseInput('x.csv', 'Réf Client,Heure d’arrivée\nC1,08:00\n,\n', 'csv');
    expect(p.columns).toEqual(['ref_client', 'heure_d_arrivee']);
    expect(p.records).toHaveLength(1);
    expect(normalizeKey(' Date-Intervention ')).toBe('date_intervention');
  });

  it('refuses an empty file as a whole', () => {
    expect(() => parseInput('x.csv', '\uFEFF  \r\n', 'csv')).toThrow(EtlError);
    expect(() => parseInput('x.json', '', 'json')).toThrow(/empty file/);
  });
});

describe('JSON parsing', () => {
  it('accepts an array, an object of arrays and NDJSON, with 1-based item numbers', () => {
    const arr = parseInput('p.json', '[{"A":1},{"b":2}]', 'json');
    expect(arr.records.map((r) => [r.line, r.data])).toEqual([
      [1, { a: 1 }],
      [2, { b: 2 }],
    ]);
    const obj = parseInput('erp.json', '{"clients":[{"x":1}],"devis":[{"y":1},{"y":2}],"exported":"2026-12-01"}', 'json');
    expect(obj.records.map((r) => `${r.group}:${r.line}`)).toEqual(['clients:1', 'devis:1', 'devis:2']);
    const nd = parseInput('m.ndjson', '{"a":1}\n\n{"a":2\n{"a":3}\n', 'json');
    expect(nd.records.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(nd.records[1]!.error).toMatch(/invalid JSON on line 3/);
    expect(parseInput('x.json', '[1]', 'json').records[0]!.error).toMatch(/not an object/);
  });

  it('gives the line, column and position of invalid JSON', () => {
    const text = fixture('invalid.json');
    try {
      parseInput('invalid.json', text, 'json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EtlError);
      expect((e as Error).message).toBe(`invalid JSON at line 3, column 26 (position ${text.indexOf('"segment"')}): expected "," or "}" after a property, found "\\""`);
    }
    expect(locateJsonFault('[1, 2')).toMatchObject({ position: 5, what: 'unexpected end of input' });
    expect(locateJsonFault('{"a": tru}')).toMatchObject({ position: 6 });
    expect(locateJsonFault('{"a": [1, 2.5e3, "x\\u00e9", null, false]}')).toBeNull();
  });

  it('detects the format from the extension, else the content', () => {
    expect(detectFormat('a.CSV', '[')).toBe('csv');
    expect(detectFormat('a.jsonl', 'x')).toBe('json');
    expect(detectFormat('body', '\uFEFF  [{}]')).toBe('json');
    expect(detectFormat('body', 'a;b')).toBe('csv');
    expect(detectFormat('a.csv', 'a;b', 'json')).toBe('json');
  });
});
