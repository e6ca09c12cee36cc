/**
 * Reading a tabular CSV for the generic path: BOM stripped, delimiter sniffed from the header (`;`, `,` or
 * tab), quotes handled by csv-parse. A malformed file is a CsvError naming the line.
 */
import { parse } from 'csv-parse/sync';

export class CsvError extends Error {}

export interface CsvTable {
  readonly header: string[];
  /** data rows, each with header.length cells (trimmed) */
  readonly rows: string[][];
  /** file line (1-based, header = 1) of each data row */
  readonly lines: number[];
  readonly delimiter: string;
}

/** The delimiter used most in the header line outside quotes. */
export function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]!++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

export function readCsv(text: string, name = 'CSV'): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new CsvError(`${name} : fichier vide`);
  const delimiter = sniffDelimiter(body);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter, info: true, skip_empty_lines: true, relax_quotes: false, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new CsvError(`${name} : CSV illisible${e.lines ? ` ligne ${e.lines}` : ''} — ${e.message ?? String(err)}`);
  }
  const first = records[0];
  if (!first) throw new CsvError(`${name} : fichier vide`);
  const header = first.record.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === '') throw new CsvError(`${name} : la colonne ${j + 1} de l’en-tête n’a pas de nom`);
    if (seen.has(h)) throw new CsvError(`${name} : la colonne « ${h} » apparaît deux fois dans l’en-tête`);
    seen.add(h);
  });
  if (records.length < 2) throw new CsvError(`${name} : aucune ligne de données après l’en-tête`);
  return { header, rows: records.slice(1).map((r) => r.record), lines: records.slice(1).map((r) => r.info.lines), delimiter };
}
