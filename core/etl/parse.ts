import { parse as parseCsvText } from 'csv-parse/sync';
import { locateJsonFault } from './json-locate.ts';
import { EtlError, type EtlFormat } from './types.ts';

/** One record of the input, before validation. */
export interface SourceRecord {
  /** CSV: the file line where the record starts (header = 1); JSON: 1-based index in its array (NDJSON: file line) */
  readonly line: number;
  /** field values by normalised name (see `normalizeKey`) */
  readonly data: Record<string, unknown>;
  /** the record as received, as JSON text */
  readonly raw: string;
  /** JSON object form `{ "<group>": [...] }`: the key of the array (the ERP entity) */
  readonly group?: string;
  /** the record cannot be read at all (wrong column count, not an object…) */
  readonly error?: string;
}

export interface ParsedInput {
  readonly format: EtlFormat;
  readonly records: SourceRecord[];
  /** CSV: the normalised header; JSON: null */
  readonly columns: string[] | null;
}

/** `Heure d'arrivée ` → `heure_d_arrivee`: lower case, no accents, separators as `_`. */
export function normalizeKey(key: string): string {
  return key
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function detectFormat(fileName: string, text: string, format?: EtlFormat): EtlFormat {
  if (format) return format;
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

export function parseInput(fileName: string, text: string, format: EtlFormat): ParsedInput {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new EtlError(`empty file "${fileName}"`);
  return format === 'csv' ? parseCsv(text) : parseJson(fileName, body);
}

// ───────────────────────────── CSV ─────────────────────────────

/** The delimiter used most in the header line outside quotes: `;` (French Excel), `,` or tab. */
export function sniffDelimiter(text: string): string {
  const body = text.replace(/^\uFEFF/, '');
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const c of body) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

interface CsvRow {
  record: string[];
  info: { bytes: number };
}

function parseCsv(text: string): ParsedInput {
  let rows: CsvRow[];
  try {
    rows = parseCsvText(text, {
      bom: true,
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as CsvRow[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new EtlError(`unreadable CSV${err.lines ? ` near line ${err.lines}` : ''}: ${err.message}`);
  }
  // csv-parse's own line counter counts a CRLF inside quotes twice: compute the start line from byte offsets.
  const bytes = Buffer.from(text, 'utf8');
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  const startLine = (end: number): number => {
    while (pos < end && (bytes[pos] === 0x0a || bytes[pos] === 0x0d)) {
      if (bytes[pos] === 0x0a) line++;
      pos++;
    }
    const start = line;
    for (; pos < end; pos++) if (bytes[pos] === 0x0a) line++;
    return start;
  };
  const [head, ...rest] = rows;
  if (!head) throw new EtlError('empty file: no header row');
  startLine(head.info.bytes);
  const header = head.record.map(normalizeKey);
  if (header.every((h) => h === '')) throw new EtlError('the header row (line 1) is empty');
  const records: SourceRecord[] = [];
  for (const row of rest) {
    const at = startLine(row.info.bytes);
    const values = row.record;
    if (values.every((v) => v.trim() === '')) continue; // Excel's trailing ";;;;" lines
    const data: Record<string, unknown> = {};
    const original: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h !== '') data[h] = values[i] ?? '';
      original[head.record[i] ?? h] = values[i] ?? '';
    });
    if (values.length !== header.length) {
      records.push({
        line: at,
        data,
        raw: JSON.stringify(values),
        error: `wrong number of columns: expected ${header.length} (as in the header), found ${values.length}${values.length > header.length ? ' (an unquoted delimiter inside a value?)' : ''}`,
      });
      continue;
    }
    records.push({ line: at, data, raw: JSON.stringify(original) });
  }
  return { format: 'csv', records, columns: header };
}

// ───────────────────────────── JSON ─────────────────────────────

function record(line: number, item: unknown, group?: string): SourceRecord {
  const raw = JSON.stringify(item) ?? 'undefined';
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { line, data: {}, raw, group, error: `item ${line} is not an object: ${raw.slice(0, 80)}` };
  }
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) data[normalizeKey(k)] = v;
  return { line, data, raw, group };
}

function looksLikeNdjson(fileName: string, body: string): boolean {
  if (/\.(ndjson|jsonl)$/i.test(fileName)) return true;
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2 || !lines[0]!.trim().startsWith('{')) return false;
  try {
    JSON.parse(lines[0]!);
    return true;
  } catch {
    return false;
  }
}

function parseNdjson(body: string): ParsedInput {
  const records: SourceRecord[] = [];
  body.split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      records.push(record(i + 1, JSON.parse(text)));
    } catch {
      const fault = locateJsonFault(text);
      records.push({ line: i + 1, data: {}, raw: JSON.stringify(text), error: `invalid JSON on line ${i + 1}${fault ? `, column ${fault.column}: ${fault.what}` : ''}` });
    }
  });
  return { format: 'json', records, columns: null };
}

function parseJson(fileName: string, body: string): ParsedInput {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    if (looksLikeNdjson(fileName, body)) return parseNdjson(body);
    const fault = locateJsonFault(body);
    throw new EtlError(
      fault
        ? `invalid JSON at line ${fault.line}, column ${fault.column} (position ${fault.position}): ${fault.what}`
        : `invalid JSON: ${(e as Error).message}`,
    );
  }
  if (Array.isArray(value)) return { format: 'json', records: value.map((item, i) => record(i + 1, item)), columns: null };
  if (value !== null && typeof value === 'object') {
    const groups = Object.entries(value).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
    if (groups.length === 0) return { format: 'json', records: [record(1, value)], columns: null };
    return { format: 'json', records: groups.flatMap(([key, items]) => items.map((item, i) => record(i + 1, item, key))), columns: null };
  }
  throw new EtlError(`expected a JSON array of objects (or an object of arrays), found ${JSON.stringify(value)}`);
}
