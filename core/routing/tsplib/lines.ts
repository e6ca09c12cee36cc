import { TsplibError } from './types.ts';

/** One meaningful line of a TSPLIB file: its 1-based number and its trimmed text. */
export interface Line {
  readonly no: number;
  readonly text: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEADER = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/;
const KEYWORD = /^([A-Za-z_][A-Za-z0-9_]*)\s*:?$/;

/** Splits a file into trimmed non-blank lines, with their numbers (LF, CRLF or CR). */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!.trim();
    if (t !== '') out.push({ no: i + 1, text: t });
  }
  return out;
}

/** A keyword line starts with a letter (`NAME : x`, `NODE_COORD_SECTION`, `EOF`); data lines start with a number. */
export function isKeywordLine(line: Line): boolean {
  return /^[A-Za-z_]/.test(line.text);
}

/** `KEY : value`, `KEY: value` or `KEY :value` → [KEY uppercased, value trimmed]; `XXX_SECTION` and `EOF` give value ''. */
export function parseKeyword(line: Line): [string, string] | null {
  const h = HEADER.exec(line.text);
  if (h) return [h[1]!.toUpperCase(), h[2]!.trim()];
  const k = KEYWORD.exec(line.text);
  if (!k) return null;
  const key = k[1]!.toUpperCase();
  // A bare word is only a section start or EOF; anything else is garbage, not a keyword.
  return key === 'EOF' || key.endsWith('_SECTION') ? [key, ''] : null;
}

/** A finite number in integer, decimal or scientific notation, or a TsplibError naming the line. */
export function parseNumber(token: string, line: Line, file: string): number {
  if (!NUMBER.test(token)) throw new TsplibError(`${file}: line ${line.no}: bad number "${token}"`);
  return Number(token);
}

/** The whitespace-separated tokens of a data line. */
export function tokens(line: Line): string[] {
  return line.text.split(/\s+/);
}
