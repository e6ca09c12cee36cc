/**
 * Cron expressions → due instants, in a time zone (Europe/Paris by default). The expression is parsed and
 * matched by node-cron (`parse`, and a never-started task's `match(date)`), so the scheduler in bot/ and
 * this helper read cron the same way; this file only walks the calendar to find the next match.
 */
import { TZDate } from '@date-fns/tz';
import cron from 'node-cron';
import { TIME_ZONE } from '../warehouse/calendar.ts';

/** What the scheduler needs from a cron expression: does an instant match it, and its minutes and hours. */
interface Matcher {
  /** minute-level match (day of month, month, day of week, hour, minute) */
  match(date: Date): boolean;
  /** day-level match, at local midnight */
  matchDay(midnight: Date): boolean;
  hours: number[];
  minutes: number[];
}

const cache = new Map<string, Matcher>();

/** A never-started node-cron task, used only for its matcher (destroyed at once: out of node-cron's registry). */
function cronMatcher(pattern: string, timezone: string): (date: Date) => boolean {
  const task = cron.createTask(pattern, () => undefined, { timezone });
  void task.destroy();
  return (date) => task.match(date);
}

/** Throws an Error naming the bad field when the expression is not a valid 5-field (or 6 with seconds = 0) cron. */
export function validateCron(expression: string): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new Error(`cron "${expression}": expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`);
  }
  if (fields.length === 6 && fields[0] !== '0') throw new Error(`cron "${expression}": the seconds field must be 0 (the scheduler ticks every minute)`);
  const check = cron.validateDetailed(expression.trim());
  if (!check.valid) {
    const e = check.errors[0];
    throw new Error(`cron "${expression}": ${e ? `${e.field}: ${e.message}` : 'invalid expression'}`);
  }
}

function matcher(expression: string, timezone: string): Matcher {
  const key = `${timezone}|${expression}`;
  const cached = cache.get(key);
  if (cached) return cached;
  validateCron(expression);
  const fields = expression.trim().split(/\s+/);
  const five = fields.length === 6 ? fields.slice(1) : fields;
  const parsed = cron.parse(five.join(' '));
  const m: Matcher = {
    match: cronMatcher(`0 ${five.join(' ')}`, timezone),
    matchDay: cronMatcher(`0 0 0 ${five.slice(2).join(' ')}`, timezone),
    hours: [...parsed.hour].sort((a, b) => a - b),
    minutes: [...parsed.minute].sort((a, b) => a - b),
  };
  cache.set(key, m);
  return m;
}

/** Five years of days: enough for any expression that matches at all (29 February on a given weekday aside). */
const MAX_DAYS = 5 * 366;

/** The first instant strictly after `after` that the cron expression matches in `timezone`, or null within 5 years. */
export function nextOccurrence(expression: string, after: Date, timezone: string = TIME_ZONE): Date | null {
  const m = matcher(expression, timezone);
  const start = new TZDate(after.getTime(), timezone);
  for (let d = 0; d < MAX_DAYS; d++) {
    const y = start.getFullYear();
    const mo = start.getMonth();
    const day = start.getDate() + d;
    if (!m.matchDay(new Date(new TZDate(y, mo, day, 0, 0, 0, timezone).getTime()))) continue;
    for (const h of m.hours) {
      for (const min of m.minutes) {
        const candidate = new Date(new TZDate(y, mo, day, h, min, 0, timezone).getTime());
        if (candidate.getTime() > after.getTime() && m.match(candidate)) return candidate;
      }
    }
  }
  return null;
}

/** Every occurrence in (from, to], oldest first, at most `max` of them. */
export function occurrencesBetween(expression: string, from: Date, to: Date, timezone: string = TIME_ZONE, max = 1000): Date[] {
  const out: Date[] = [];
  let cursor = from;
  while (out.length < max) {
    const next = nextOccurrence(expression, cursor, timezone);
    if (!next || next.getTime() > to.getTime()) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

/** The local date (YYYY-MM-DD) and time (HH:MM) of an instant in a time zone. */
export function localParts(instant: Date, timezone: string = TIME_ZONE): { date: string; time: string } {
  const z = new TZDate(instant.getTime(), timezone);
  const p = (n: number): string => String(n).padStart(2, '0');
  return { date: `${z.getFullYear()}-${p(z.getMonth() + 1)}-${p(z.getDate())}`, time: `${p(z.getHours())}:${p(z.getMinutes())}` };
}
