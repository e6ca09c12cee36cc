import Holidays from 'date-holidays';
import { TZDate } from '@date-fns/tz';
import { addDays, format, getISOWeek, getISOWeekYear, parseISO } from 'date-fns';
import type { Db } from './db.ts';
import { JOURS } from './schema.ts';

/** The business time zone: every "today", date_id and window is in Europe/Paris. */
export const TIME_ZONE = 'Europe/Paris';

const holidays = new Holidays('FR');
const holidayCache = new Map<number, Map<string, string>>();

/** French public holidays (type "public") of a year, by ISO date. */
export function publicHolidays(year: number): Map<string, string> {
  let m = holidayCache.get(year);
  if (!m) {
    m = new Map(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => [h.date.slice(0, 10), h.name] as const),
    );
    holidayCache.set(year, m);
  }
  return m;
}

export function holidayName(isoDate: string): string | null {
  return publicHolidays(Number(isoDate.slice(0, 4))).get(isoDate) ?? null;
}

/** `YYYY-MM-DD` → `YYYYMMDD` as a number. */
export function dateId(isoDate: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`not an ISO date: ${isoDate}`);
  return Number(isoDate.replaceAll('-', ''));
}

/** The Europe/Paris calendar date of an instant. */
export function parisDate(instant: Date): string {
  return format(new TZDate(instant.getTime(), TIME_ZONE), 'yyyy-MM-dd');
}

/** Adds days to an ISO date (calendar arithmetic, no time zone involved). */
export function addDaysIso(isoDate: string, days: number): string {
  return format(addDays(parseISO(isoDate), days), 'yyyy-MM-dd');
}

export interface CalendarDay {
  date_id: number;
  date: string;
  annee: number;
  trimestre: number;
  mois: number;
  semaine: number;
  annee_iso: number;
  jour_semaine: (typeof JOURS)[number];
  jour_mois: number;
  est_ferie: 0 | 1;
  nom_ferie: string | null;
  est_weekend: 0 | 1;
}

export function calendarDay(isoDate: string): CalendarDay {
  const d = parseISO(isoDate);
  const dow = (d.getDay() + 6) % 7; // Monday = 0
  const name = holidayName(isoDate);
  return {
    date_id: dateId(isoDate),
    date: isoDate,
    annee: d.getFullYear(),
    trimestre: Math.floor(d.getMonth() / 3) + 1,
    mois: d.getMonth() + 1,
    semaine: getISOWeek(d),
    annee_iso: getISOWeekYear(d),
    jour_semaine: JOURS[dow]!,
    jour_mois: d.getDate(),
    est_ferie: name ? 1 : 0,
    nom_ferie: name,
    est_weekend: dow >= 5 ? 1 : 0,
  };
}

/** Makes sure `dim_temps` holds every day from `from` to `to` (inclusive). Idempotent. */
export function ensureCalendar(db: Db, from: string, to: string): number {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO dim_temps (date_id, date, annee, trimestre, mois, semaine, annee_iso, jour_semaine, jour_mois, est_ferie, nom_ferie, est_weekend)
     VALUES (@date_id, @date, @annee, @trimestre, @mois, @semaine, @annee_iso, @jour_semaine, @jour_mois, @est_ferie, @nom_ferie, @est_weekend)`,
  );
  let added = 0;
  db.transaction(() => {
    for (let day = from; day <= to; day = addDaysIso(day, 1)) added += insert.run(calendarDay(day)).changes;
  })();
  return added;
}
