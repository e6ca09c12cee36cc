/**
 * Fast calendar arithmetic on day numbers (days since 1970-01-01, pure calendar dates, no time zone),
 * used in the generator's hot loops instead of Date objects, plus the Europe/Paris offset of a day.
 */
import { tzOffset } from '@date-fns/tz';
import { TIME_ZONE } from '../calendar.ts';

const MS_PER_DAY = 86_400_000;

export function dayNum(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

const isoCache = new Map<number, string>();

export function isoOf(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoCache.size < 100_000) isoCache.set(day, s);
  }
  return s;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Monday-based week index (same value for every day of an ISO week). */
export function weekIndex(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** 1..12 */
export function monthOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** The same calendar day `years` later (29 February → 28 February). */
export function addYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const dd = Math.min(d.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return Date.UTC(y, m, dd) / MS_PER_DAY;
}

/** The same day `months` earlier (clamped to the end of the month). */
export function subMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() - months;
  const y = Math.floor(total / 12);
  const m = total - y * 12;
  const dd = Math.min(d.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return Date.UTC(y, m, dd) / MS_PER_DAY;
}

const offsetCache = new Map<number, string>();

/** The Europe/Paris UTC offset during working hours of that day: '+01:00' or '+02:00'. */
export function parisOffset(day: number): string {
  let s = offsetCache.get(day);
  if (s === undefined) {
    const minutes = tzOffset(TIME_ZONE, new Date(day * MS_PER_DAY + 12 * 3_600_000));
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    s = `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    offsetCache.set(day, s);
  }
  return s;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** minutes since midnight → 'HH:MM' */
export function hhmm(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** A Paris local time of a day as ISO 8601 with offset: `2026-03-04T08:35:00+01:00`. */
export function parisDateTime(day: number, minutes: number): string {
  return `${isoOf(day)}T${hhmm(minutes)}:00${parisOffset(day)}`;
}

/** A Paris local time of a day as a UTC instant, the way the app stores instants (`Date.toISOString()`). */
export function parisInstant(day: number, minutes: number): string {
  const off = parisOffset(day);
  const offsetMin = (off[0] === '-' ? -1 : 1) * (Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6)));
  return new Date((day * 1440 + minutes - offsetMin) * 60_000).toISOString();
}
