import { z } from 'zod';
import { TZDate } from '@date-fns/tz';
import { TIME_ZONE, parisDate } from '../warehouse/calendar.ts';

/**
 * zod field types for source rows. CSV gives strings, JSON gives strings, numbers or booleans: each
 * field coerces what it accepts and says in plain words what is wrong with what it does not.
 * `req(x)` refuses a missing or blank value; `opt(x)` gives `undefined` when the field is absent
 * (the stored value is left as is) and `null` when it is blank (the stored value is cleared).
 * A field is one zod transform (not a chain of preprocess/pipe): rows come by thousands.
 */

class Bad {
  constructor(readonly message: string) {}
}

/** How a field reads a present, non-blank value (strings come trimmed). */
export type FieldParser<T> = (v: unknown) => T | Bad;

const show = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v).slice(0, 80) : typeof v === 'string' ? JSON.stringify(v) : String(v));

/** undefined stays undefined (absent), '' and null become null (blank), strings are trimmed. */
function blank(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  return v;
}

function run<T>(parse: FieldParser<T>, v: unknown, ctx: z.core.$RefinementCtx<unknown>): T {
  const r = parse(v);
  if (r instanceof Bad) {
    ctx.addIssue({ code: 'custom', message: r.message, input: v });
    return z.NEVER;
  }
  return r;
}

export function req<T>(parse: FieldParser<T>) {
  return z.unknown().transform((raw, ctx): T => {
    const v = blank(raw);
    if (v === undefined || v === null) {
      ctx.addIssue({ code: 'custom', message: 'is required', input: raw });
      return z.NEVER;
    }
    return run(parse, v, ctx);
  });
}

export function opt<T>(parse: FieldParser<T>) {
  return z
    .unknown()
    .transform((raw, ctx): T | null => {
      const v = blank(raw);
      return v === undefined || v === null ? null : run(parse, v, ctx);
    })
    .optional(); // an absent key stays absent
}

const field = <T>(parse: FieldParser<T>): FieldParser<T> => parse;

// ───────────────────────────── scalars ─────────────────────────────

export function text(max: number) {
  return field((v) => {
    if (typeof v !== 'string' && typeof v !== 'number') return new Bad(`must be text, got ${show(v)}`);
    const s = String(v);
    return s.length > max ? new Bad(`is longer than ${max} characters (${s.length})`) : s;
  });
}

/** A free text cut to `max` characters (the loader notes a warning; see `overlong`). */
export function cutText(max: number) {
  return field((v) => (typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, max) : new Bad(`must be text, got ${show(v)}`)));
}

export function overlong(data: Record<string, unknown>, limits: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [name, max] of Object.entries(limits)) {
    const v = data[name];
    if (typeof v === 'string' && v.trim().length > max) out.push(`${name}: cut to ${max} characters (was ${v.trim().length})`);
  }
  return out;
}

/** `12,50`, `1 234,5`, `12.5`, `12,50 €`, or a JSON number. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.replace(/[\s\u00a0\u202f€]/g, '');
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return null;
  return Number(s.replace(',', '.'));
}

export function num(opts: { min?: number; max?: number; int?: boolean } = {}) {
  return field((v) => {
    const n = toNumber(v);
    if (n === null) return new Bad(`${show(v)} is not a number`);
    if (opts.int && !Number.isInteger(n)) return new Bad(`must be a whole number, got ${show(v)}`);
    if (opts.min !== undefined && opts.max !== undefined && (n < opts.min || n > opts.max)) return new Bad(`must be between ${opts.min} and ${opts.max}, got ${n}`);
    if (opts.min !== undefined && n < opts.min) return new Bad(`must be at least ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) return new Bad(`must be at most ${opts.max}, got ${n}`);
    return n;
  });
}

export const int = (opts: { min?: number; max?: number } = {}) => num({ ...opts, int: true });

const TRUE = new Set(['true', '1', 'oui', 'o', 'yes', 'y', 'vrai', 'x']);
const FALSE = new Set(['false', '0', 'non', 'n', 'no', 'faux']);

/** true/false, oui/non, yes/no, vrai/faux, 1/0 → 1 | 0 (the warehouse stores booleans as integers). */
export function bool() {
  return field((v): 0 | 1 | Bad => {
    if (typeof v === 'boolean') return v ? 1 : 0;
    const s = String(v).trim().toLowerCase();
    if (TRUE.has(s)) return 1;
    if (FALSE.has(s)) return 0;
    return new Bad(`${show(v)} is not a yes/no value (expected oui/non, true/false or 1/0)`);
  });
}

const fold = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_]+/g, '-');

/** One of `values`, matched without regard to case, accents, spaces or underscores; gives the canonical spelling. */
export function oneOf<const T extends string>(values: readonly T[]) {
  const byFold = new Map(values.map((v) => [fold(v), v] as const));
  return field((v): T | Bad => byFold.get(fold(String(v))) ?? new Bad(`${show(v)} is not one of ${values.join(', ')}`));
}

// ───────────────────────────── dates ─────────────────────────────

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= MIN_YEAR && y <= MAX_YEAR && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `03/12/2026` (French day first), `2026-12-03`, or an ISO datetime (its Paris date) → `YYYY-MM-DD`. */
export function parseDate(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return validDay(+m[1]!, +m[2]!, +m[3]!) ? t : null;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return validDay(+m[3]!, +m[2]!, +m[1]!) ? `${m[3]}-${pad(+m[2]!)}-${pad(+m[1]!)}` : null;
  const dt = parseDateTime(t);
  return dt ? parisDate(new Date(dt)) : null;
}

const HOUR = 3_600_000;
const offsetCache = new Map<number, number>();

/** The Europe/Paris UTC offset in minutes (60 or 120) at an instant; cached per hour (TZDate is slow). */
function parisOffset(ms: number): number {
  const hour = Math.floor(ms / HOUR);
  let o = offsetCache.get(hour);
  if (o === undefined) {
    o = -new TZDate(hour * HOUR, TIME_ZONE).getTimezoneOffset();
    offsetCache.set(hour, o);
  }
  return o;
}

/** An instant as ISO 8601 in Paris wall time with its offset: `2026-12-03T08:30:00+01:00`. */
export function parisIso(ms: number): string {
  const o = parisOffset(ms);
  const w = new Date(ms + o * 60_000);
  const date = `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  return `${date}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}+${pad(Math.floor(o / 60))}:${pad(o % 60)}`;
}

/**
 * ISO 8601 with an offset (`2026-12-03T08:30:00+01:00`, `…Z`), or a local time in Europe/Paris
 * (`2026-12-03 08:30`, `03/12/2026 08:30`, or a date alone = midnight) → ISO with the Paris offset.
 */
export function parseDateTime(s: string): string | null {
  const t = s.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/i.exec(t);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  let y: number, mo: number, d: number, h: number, mi: number, sec: number, offset: string | undefined;
  if (iso) [y, mo, d, h, mi, sec, offset] = [+iso[1]!, +iso[2]!, +iso[3]!, +iso[4]!, +iso[5]!, +(iso[6] ?? 0), iso[7]];
  else if (fr) [y, mo, d, h, mi, sec] = [+fr[3]!, +fr[2]!, +fr[1]!, +(fr[4] ?? 0), +(fr[5] ?? 0), +(fr[6] ?? 0)];
  else if (day) [y, mo, d, h, mi, sec] = [+day[1]!, +day[2]!, +day[3]!, 0, 0, 0];
  else return null;
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
  let instant: number;
  if (offset) {
    const sign = offset[0] === '-' ? -1 : 1;
    const minutes = offset.toUpperCase() === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(-2)));
    if (Math.abs(minutes) > 14 * 60) return null;
    instant = wall - minutes * 60_000;
  } else {
    // a Paris wall time: try the offset of the instant it would be, then correct once (DST changes)
    const first = wall - parisOffset(wall) * 60_000;
    instant = wall - parisOffset(first) * 60_000;
  }
  return parisIso(instant);
}

export function date() {
  return field((v) => parseDate(String(v)) ?? new Bad(`${show(v)} is not a valid date (expected DD/MM/YYYY or YYYY-MM-DD, years ${MIN_YEAR}–${MAX_YEAR})`));
}

export function datetime() {
  return field((v) => parseDateTime(String(v)) ?? new Bad(`${show(v)} is not a valid date and time (expected ISO 8601 such as 2026-12-03T08:30:00+01:00, or DD/MM/YYYY HH:MM)`));
}

// ───────────────────────────── contact ─────────────────────────────

/** E.164 (`+33612345678`); French national numbers (`06 12 34 56 78`) are converted. */
export function phone() {
  return field((v) => {
    let s = String(v).replace(/[\s.\-()]/g, '');
    if (s.startsWith('00')) s = `+${s.slice(2)}`;
    if (/^0[1-9]\d{8}$/.test(s)) s = `+33${s.slice(1)}`;
    return /^\+[1-9]\d{6,14}$/.test(s) ? s : new Bad(`${show(v)} is not a phone number in E.164 form (e.g. +33612345678)`);
  });
}

export function email() {
  return field((v) => {
    const s = String(v).trim().toLowerCase();
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && s.length <= 160 ? s : new Bad(`${show(v)} is not an e-mail address`);
  });
}

/** A reference to another row (source_ref, id, code or e-mail), resolved by the loader. */
export function reference() {
  return field((v) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : new Bad(`${show(v)} is not a reference`)));
}

// ───────────────────────────── rows ─────────────────────────────

/** `field: why; other: why` — every problem of the row at once. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'row'}: ${i.message}`).join('; ');
}

/**
 * Renames aliases to their canonical field name (`date_intervention` → `date`): the first alias present
 * wins when the canonical name itself is absent.
 */
export function applyAliases(data: Record<string, unknown>, aliases: Record<string, readonly string[]>): Record<string, unknown> {
  const out = { ...data };
  const given = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
  for (const [name, alts] of Object.entries(aliases)) {
    if (given(out[name])) continue;
    const hit = alts.find((a) => given(out[a])) ?? (out[name] === undefined ? alts.find((a) => out[a] !== undefined) : undefined);
    if (hit) out[name] = out[hit];
  }
  return out;
}
