/**
 * KPI periods: a month `YYYY-MM` or an ISO week `YYYY-Www`, as a date range (Europe/Paris calendar dates,
 * inclusive), with the previous period and the same period a year earlier for comparisons.
 */
import { addDays, addMonths, addWeeks, format, getISOWeek, getISOWeekYear, getISOWeeksInYear, parseISO, setISOWeek, startOfISOWeek, endOfMonth } from 'date-fns';
import { dateId } from '../warehouse/calendar.ts';

export type PeriodKind = 'month' | 'week';

export interface Period {
  /** `YYYY-MM` or `YYYY-Www` */
  readonly key: string;
  readonly kind: PeriodKind;
  /** first day, YYYY-MM-DD */
  readonly from: string;
  /** last day, YYYY-MM-DD (inclusive) */
  readonly to: string;
  /** dim_temps keys of `from` and `to` */
  readonly fromId: number;
  readonly toId: number;
}

/** A period text that is neither YYYY-MM nor YYYY-Www, or not a real month/week. */
export class PeriodError extends Error {}

const iso = (d: Date): string => format(d, 'yyyy-MM-dd');

function make(kind: PeriodKind, key: string, start: Date, end: Date): Period {
  const from = iso(start);
  const to = iso(end);
  return Object.freeze({ key, kind, from, to, fromId: dateId(from), toId: dateId(to) });
}

/**
 * Periods are pure functions of their text, asked again and again by every dashboard (trends over 12 or 13
 * periods): computed once each, kept frozen. Bounded, though a process meets a few hundred at most.
 */
const memo = new Map<string, Period>();
function remember(key: string, compute: () => Period): Period {
  let p = memo.get(key);
  if (!p) {
    p = compute();
    if (memo.size >= 10_000) memo.clear();
    memo.set(key, p);
  }
  return p;
}

function month(year: number, m: number): Period {
  const start = new Date(year, m - 1, 1);
  return make('month', format(start, 'yyyy-MM'), start, endOfMonth(start));
}

function weekOf(day: Date): Period {
  const start = startOfISOWeek(day);
  return make('week', `${getISOWeekYear(start)}-W${String(getISOWeek(start)).padStart(2, '0')}`, start, addDays(start, 6));
}

/** `2026-11` → November 2026; `2026-W48` → Monday 23 to Sunday 29 November 2026. */
export function parsePeriod(key: string): Period {
  const text = String(key).trim();
  // errors are not kept: a bad key throws every time
  return memo.get(`p|${text}`) ?? remember(`p|${text}`, () => parseNew(key, text));
}

function parseNew(key: string, text: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const mm = Number(m[2]);
    if (mm < 1 || mm > 12) throw new PeriodError(`période « ${key} » : mois ${m[2]} hors de 01–12`);
    return month(Number(m[1]), mm);
  }
  const w = /^(\d{4})-W(\d{2})$/.exec(text);
  if (w) {
    const year = Number(w[1]);
    const n = Number(w[2]);
    const weeks = getISOWeeksInYear(new Date(year, 0, 4));
    if (n < 1 || n > weeks) throw new PeriodError(`période « ${key} » : l’année ${year} a les semaines 01 à ${weeks}`);
    return weekOf(setISOWeek(new Date(year, 0, 4), n));
  }
  throw new PeriodError(`période « ${key} » : attendu AAAA-MM (mois, ex. 2026-11) ou AAAA-Sww (semaine ISO, ex. 2026-W48)`);
}

/** The month or ISO week that contains a day. */
export function periodOf(day: string, kind: PeriodKind): Period {
  return remember(`o|${kind}|${day}`, () => {
    const d = parseISO(day);
    return kind === 'month' ? month(d.getFullYear(), d.getMonth() + 1) : weekOf(d);
  });
}

/** The period `n` steps later (negative: earlier), same kind. */
export function shiftPeriod(p: Period, n: number): Period {
  return remember(`s|${p.kind}|${p.from}|${n}`, () => {
    const start = parseISO(p.from);
    return p.kind === 'month' ? periodOf(iso(addMonths(start, n)), 'month') : weekOf(addWeeks(start, n));
  });
}

export const previousPeriod = (p: Period): Period => shiftPeriod(p, -1);

/** Year over year: the same month a year earlier; the same ISO week number of the previous ISO year (53 → 52). */
export function yearAgo(p: Period): Period {
  if (p.kind === 'month') return shiftPeriod(p, -12);
  const [year, week] = [Number(p.key.slice(0, 4)) - 1, Number(p.key.slice(6))];
  const weeks = getISOWeeksInYear(new Date(year, 0, 4));
  return weekOf(setISOWeek(new Date(year, 0, 4), Math.min(week, weeks)));
}

/** The `n` periods ending with `p` (oldest first). */
export function trailing(p: Period, n: number): Period[] {
  return Array.from({ length: n }, (_, i) => shiftPeriod(p, i - n + 1));
}

/** The month that contains the period's last day (a week's trend is drawn by month). */
export const monthOfPeriod = (p: Period): Period => periodOf(p.to, 'month');

/** The 12 months ending with the period's month, as one range (rolling year). */
export function rollingYear(p: Period): { from: string; to: string; fromId: number; toId: number } {
  const last = monthOfPeriod(p);
  const first = shiftPeriod(last, -11);
  return { from: first.from, to: last.to, fromId: first.fromId, toId: last.toId };
}

/** Today's month as a key. */
export const currentMonthKey = (today: string): string => today.slice(0, 7);
