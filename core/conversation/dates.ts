import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, differenceInCalendarDays, format, getISOWeekYear, getISOWeeksInYear, setISOWeek, startOfISOWeek } from 'date-fns';
import { fold, sameWord, tokenize } from './text.ts';

/**
 * Dates and periods in what people type, French and English, resolved in Europe/Paris from `now`.
 *
 * Rules (each tested in dates.spec.ts):
 * - "aujourd'hui/today", "demain/tomorrow", "après-demain", "hier/yesterday", "avant-hier": relative days.
 * - A weekday ("lundi", "monday", "ce lundi") is the next such day, today if today is that day.
 *   "lundi prochain" / "prochain lundi" / "next monday" is the next such day strictly after today: the same
 *   day as "lundi" except when today is a Monday, then it is a week later.
 *   "lundi dernier" / "last monday" is the latest such day strictly before today.
 * - A day and month without a year ("le 3 décembre", "3/12", "December 3") is in the current year, or in
 *   the next one when that would be more than 183 days ago ("le 3 janvier" said in December = next January).
 * - A month name alone ("novembre", "in November") is the latest such month, the current one included
 *   ("janvier" said in December 2026 = 2026-01); a year after it is used ("novembre 2025").
 * - "cette semaine/semaine prochaine/semaine dernière", "S49", "semaine 49", "week 49" are ISO weeks; a week
 *   number is the nearest such week to today ("S2" said in December = week 2 of next year);
 *   "ce mois/mois dernier/mois prochain" are months.
 */
export const TIME_ZONE = 'Europe/Paris';

export interface DateEntities {
  /** YYYY-MM-DD */
  date?: string;
  /** YYYY-MM or YYYY-Www */
  period?: string;
}

const MONTHS: readonly (readonly string[])[] = [
  ['janvier', 'january', 'janv', 'jan'],
  ['fevrier', 'february', 'fevr', 'fev', 'feb'],
  ['mars', 'march', 'mar'],
  ['avril', 'april', 'avr', 'apr'],
  ['mai', 'may'],
  ['juin', 'june', 'jun'],
  ['juillet', 'july', 'juil', 'jul'],
  ['aout', 'august', 'aug'],
  ['septembre', 'september', 'sept', 'sep'],
  ['octobre', 'october', 'oct'],
  ['novembre', 'november', 'nov'],
  ['decembre', 'december', 'dec'],
];
/** Month words that are too short or too ambiguous to stand alone ("may I…", "mar" = mardi). */
const WEAK_MONTH_WORDS = new Set(['janv', 'jan', 'fevr', 'fev', 'feb', 'mar', 'avr', 'apr', 'may', 'jun', 'juil', 'jul', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec']);

/** date-fns day numbers: 0 = Sunday. */
const WEEKDAYS: readonly (readonly [number, readonly string[]])[] = [
  [1, ['lundi', 'monday']],
  [2, ['mardi', 'tuesday']],
  [3, ['mercredi', 'wednesday']],
  [4, ['jeudi', 'thursday']],
  [5, ['vendredi', 'friday']],
  [6, ['samedi', 'saturday']],
  [0, ['dimanche', 'sunday']],
];

const RELATIVE_DAYS: readonly (readonly [number, readonly string[][]])[] = [
  [2, [['apres', 'demain'], ['day', 'after', 'tomorrow'], ['apresdemain'], ['apres', 'dem'], ['apredemain']]],
  [-2, [['avant', 'hier'], ['day', 'before', 'yesterday'], ['avanthier']]],
  [0, [['aujourd'], ['aujourdhui'], ['auj'], ['ajd'], ['today'], ['tonight'], ['ce', 'soir'], ['ce', 'matin'], ['cet', 'apres', 'midi'], ['this', 'morning'], ['this', 'afternoon'],
    ['cet', 'aprem'], ['cet', 'aprm'], ['this', 'evening']]],
  [1, [['demain'], ['tomorrow'], ['tmrw'], ['tmr'], ['dem1'], ['dem'], ['dmn'], ['2main'], ['lendemain']]],
  [-1, [['hier'], ['yesterday']]],
];

/** Words that mean "today" only when nothing more precise is said ("la journée de demain" is tomorrow). */
const TODAY_FALLBACK: readonly string[][] = [['du', 'jour'], ['la', 'journee'], ['ce', 'jour'], ['aprem'], ['for', 'the', 'day']];

const WEEK_PHRASES: readonly (readonly [number, readonly string[][]])[] = [
  [1, [['semaine', 'prochaine'], ['prochaine', 'semaine'], ['next', 'week'], ['semaine', 'suivante'], ['semaine', 'd', 'apres'], ['semaine', 'pro'], ['sem', 'pro'],
    ['sem', 'prochaine'], ['sem', 'proch'], ['semaine', 'proch'], ['sem', 'suivante']]],
  [-1, [['semaine', 'derniere'], ['derniere', 'semaine'], ['semaine', 'passee'], ['semaine', 'precedente'], ['last', 'week'], ['previous', 'week'], ['past', 'week'],
    ['sem', 'derniere'], ['sem', 'passee'], ['sem', 'der']]],
  [0, [['cette', 'semaine'], ['cette', 'sem'], ['this', 'week'], ['semaine', 'en', 'cours'], ['current', 'week'], ['de', 'la', 'semaine'], ['la', 'semaine'], ['this', 'weeks'], ['the', 'week']]],
];
const WEEK_WORDS = ['semaine', 'week', 'weekly', 'hebdo', 'hebdomadaire'];

const MONTH_PHRASES: readonly (readonly [number, readonly string[][]])[] = [
  [1, [['mois', 'prochain'], ['prochain', 'mois'], ['next', 'month'], ['mois', 'suivant'], ['mois', 'pro']]],
  [-1, [['mois', 'dernier'], ['dernier', 'mois'], ['mois', 'passe'], ['mois', 'precedent'], ['last', 'month'], ['previous', 'month'], ['past', 'month']]],
  [0, [['ce', 'mois'], ['du', 'mois'], ['this', 'month'], ['mois', 'en', 'cours'], ['current', 'month'], ['month', 'to', 'date'], ['mtd']]],
];
const MONTH_WORDS = ['mois', 'month', 'monthly', 'mensuel', 'mensuelle'];

/** Every word the date parser understands (the name matcher must not take them for a typo of a name). */
export const DATE_WORDS: ReadonlySet<string> = new Set([
  ...MONTHS.flat(),
  ...WEEKDAYS.flatMap(([, w]) => w),
  ...[RELATIVE_DAYS, WEEK_PHRASES, MONTH_PHRASES].flatMap((list) => list.flatMap(([, phrases]) => phrases.flat())),
  ...TODAY_FALLBACK.flat(),
  ...WEEK_WORDS,
  ...MONTH_WORDS,
  'prochain', 'prochaine', 'dernier', 'derniere', 'next', 'last', 'semaine', 'sem', 'week', 'wk', 'le', 'the', 'of', 'hui', 'matin', 'soir',
  'apres', 'midi', 'jour', 'jours', 'journee', 'day', 'days', 'mois', 'du', 'au', 'ce', 'cette', 'cet', 'this',
]);

const FUZZY_MIN = 6;

/** Index of the first occurrence of a phrase (typos tolerated on words of ≥ 6 letters), or -1. */
function findPhrase(tokens: readonly string[], phrase: readonly string[]): number {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (!sameWord(tokens[i + k]!, phrase[k]!, FUZZY_MIN)) continue outer;
    return i;
  }
  return -1;
}

/** Month number (1-12) of a token, typos tolerated; remembered per token (a pure function, asked several times a message). */
function monthOf(token: string): number | null {
  const known = monthOfToken.get(token);
  if (known !== undefined) return known;
  let month: number | null = null;
  for (let m = 0; m < MONTHS.length; m++) {
    if (MONTHS[m]!.some((w) => sameWord(token, w, FUZZY_MIN))) {
      month = m + 1;
      break;
    }
  }
  if (monthOfToken.size >= TOKEN_CACHE_MAX) monthOfToken.clear();
  monthOfToken.set(token, month);
  return month;
}

const monthOfToken = new Map<string, number | null>();
const TOKEN_CACHE_MAX = 5000;

function dayNumber(token: string | undefined): number | null {
  const m = token ? /^(\d{1,2})(er|e|eme|st|nd|rd|th)?$/.exec(token) : null;
  if (!m) return null;
  const d = Number(m[1]);
  return d >= 1 && d <= 31 ? d : null;
}

function yearNumber(token: string | undefined): number | null {
  if (!token) return null;
  if (/^(19|20)\d{2}$/.test(token)) return Number(token);
  return null;
}

const iso = (d: Date): string => format(d, 'yyyy-MM-dd');

/** A valid calendar day in Paris, or null (31/02 is not a date). */
function makeDay(y: number, m: number, d: number): TZDate | null {
  const day = new TZDate(y, m - 1, d, TIME_ZONE);
  return day.getFullYear() === y && day.getMonth() === m - 1 && day.getDate() === d ? day : null;
}

/** Day and month without a year: this year, or next year when that would be more than 183 days ago. */
function inferYear(today: TZDate, m: number, d: number): TZDate | null {
  const day = makeDay(today.getFullYear(), m, d);
  if (day && differenceInCalendarDays(today, day) > 183) return makeDay(today.getFullYear() + 1, m, d);
  return day;
}

function findDate(folded: string, tokens: readonly string[], today: TZDate): string | undefined {
  // 2026-12-03
  const isoMatch = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(folded);
  if (isoMatch) {
    const d = makeDay(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
    if (d) return iso(d);
  }
  // 3/12, 03/12/2026, 3/12/26
  const dmy = /(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/.exec(folded);
  if (dmy) {
    const [dd, mm] = [Number(dmy[1]), Number(dmy[2])];
    const y = dmy[3] === undefined ? null : dmy[3].length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3]);
    const d = y === null ? inferYear(today, mm, dd) : makeDay(y, mm, dd);
    if (d) return iso(d);
  }
  // "3 décembre", "1er décembre 2026", "3rd of December", "December 3", "Dec 3rd, 2026"
  for (let i = 0; i < tokens.length; i++) {
    const day = dayNumber(tokens[i]);
    if (day !== null) {
      const j = tokens[i + 1] === 'of' ? i + 2 : i + 1;
      const month = tokens[j] ? monthOf(tokens[j]) : null;
      if (month !== null) {
        const y = yearNumber(tokens[j + 1]);
        const d = y === null ? inferYear(today, month, day) : makeDay(y, month, day);
        if (d) return iso(d);
      }
    }
    const month = monthOf(tokens[i]!);
    if (month !== null) {
      const j = tokens[i + 1] === 'the' ? i + 2 : i + 1;
      const after = dayNumber(tokens[j]);
      if (after !== null) {
        const y = yearNumber(tokens[j + 1]);
        const d = y === null ? inferYear(today, month, after) : makeDay(y, month, after);
        if (d) return iso(d);
      }
    }
  }
  for (const [offset, phrases] of RELATIVE_DAYS) {
    if (phrases.some((p) => findPhrase(tokens, p) >= 0)) return iso(addDays(today, offset));
  }
  for (const [dow, words] of WEEKDAYS) {
    const i = tokens.findIndex((t) => words.some((w) => sameWord(t, w, FUZZY_MIN)));
    if (i < 0) continue;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const ahead = (dow - today.getDay() + 7) % 7;
    if (after === 'dernier' || before === 'last' || before === 'dernier') return iso(addDays(today, ahead === 0 ? -7 : ahead - 7));
    const next = after === 'prochain' || before === 'prochain' || before === 'next';
    return iso(addDays(today, next && ahead === 0 ? 7 : ahead));
  }
  // "le 10", "du 4", "on the 10th": a day of the month alone is the nearest such day
  for (let i = 1; i < tokens.length; i++) {
    const day = dayNumber(tokens[i]);
    if (day === null || !DAY_ALONE_BEFORE.has(tokens[i - 1]!) || /^\d/.test(tokens[i + 1] ?? '')) continue;
    if (DAY_ALONE_NOT_BEFORE.has(tokens[i - 2] ?? '')) continue;
    const d = nearestDayOfMonth(today, day);
    if (d) return iso(d);
  }
  if (TODAY_FALLBACK.some((p) => findPhrase(tokens, p) >= 0)) return iso(today);
  return undefined;
}

/** Words before a day number read as a day of the month ("le 10", "du 4", "the 10th"). */
const DAY_ALONE_BEFORE = new Set(['le', 'du', 'the', 'au']);
/** …unless they follow one of these ("semaine du 7" is handled with the weeks, "zone du 3" is no day). */
const DAY_ALONE_NOT_BEFORE = new Set(['semaine', 'sem', 'week', 'zone', 'secteur', 'top', 'numero', 'num', 'no']);

/** The day `d` of the previous, current or next month nearest to today (today included), or null. */
function nearestDayOfMonth(today: TZDate, d: number): TZDate | null {
  let best: { day: TZDate; distance: number } | null = null;
  for (const offset of [0, 1, -1]) {
    const month = addMonths(new TZDate(today.getFullYear(), today.getMonth(), 1, TIME_ZONE), offset);
    const day = makeDay(month.getFullYear(), month.getMonth() + 1, d);
    if (!day) continue;
    const distance = Math.abs(differenceInCalendarDays(day, today));
    if (!best || distance < best.distance) best = { day, distance };
  }
  return best?.day ?? null;
}

const isoWeek = (d: Date): string => format(d, "RRRR-'W'II");
const yearMonth = (d: Date): string => format(d, 'yyyy-MM');

/** The ISO week number `n` nearest to today (last, this or next ISO week-year), or null if no such week. */
function nearestWeek(today: TZDate, n: number): string | undefined {
  const year = getISOWeekYear(today);
  let best: { week: Date; distance: number } | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const jan4 = new TZDate(y, 0, 4, TIME_ZONE);
    if (n < 1 || n > getISOWeeksInYear(jan4)) continue;
    const week = startOfISOWeek(setISOWeek(jan4, n));
    const distance = Math.abs(differenceInCalendarDays(week, startOfISOWeek(today)));
    if (!best || distance < best.distance) best = { week, distance };
  }
  return best ? isoWeek(best.week) : undefined;
}

/** "S+1", "S-1", "W+2", "semaine +1": weeks from this one. */
const RELATIVE_WEEK = /(?:^|[^a-z0-9])(?:s|w|sem|semaine|week)\s*([+-])\s*(\d)(?![\d/])/;

function findPeriod(folded: string, tokens: readonly string[], today: TZDate, dateTokens: ReadonlySet<number>): string | undefined {
  const relative = RELATIVE_WEEK.exec(folded);
  if (relative) return isoWeek(addWeeks(today, (relative[1] === '-' ? -1 : 1) * Number(relative[2])));
  // S49, W49, semaine 49, week 49
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const short = /^[sw](\d{1,2})$/.exec(t);
    const n = short ? Number(short[1]) : ['semaine', 'sem', 'week', 'wk'].includes(t) && /^\d{1,2}$/.test(tokens[i + 1] ?? '') ? Number(tokens[i + 1]) : null;
    if (n !== null) {
      const week = nearestWeek(today, n);
      if (week) return week;
    }
  }
  for (const [offset, phrases] of WEEK_PHRASES.slice(0, 2)) {
    if (phrases.some((p) => findPhrase(tokens, p) >= 0)) return isoWeek(addWeeks(today, offset));
  }
  // a month name (not the month of a day already read as a date)
  for (let i = 0; i < tokens.length; i++) {
    if (dateTokens.has(i)) continue;
    const t = tokens[i]!;
    const month = monthOf(t);
    if (month === null) continue;
    const year = yearNumber(tokens[i + 1]);
    const weak = MONTHS[month - 1]!.includes(t) && WEAK_MONTH_WORDS.has(t);
    if (weak && year === null && !['in', 'en', 'of', 'de', 'd'].includes(tokens[i - 1] ?? '')) continue;
    const y = year ?? (month > today.getMonth() + 1 ? today.getFullYear() - 1 : today.getFullYear());
    return `${y}-${String(month).padStart(2, '0')}`;
  }
  for (const [offset, phrases] of MONTH_PHRASES.slice(0, 2)) {
    if (phrases.some((p) => findPhrase(tokens, p) >= 0)) return yearMonth(addMonths(today, offset));
  }
  if (WEEK_PHRASES[2]![1].some((p) => findPhrase(tokens, p) >= 0)) return isoWeek(today);
  if (MONTH_PHRASES[2]![1].some((p) => findPhrase(tokens, p) >= 0)) return yearMonth(today);
  if (tokens.some((t) => WEEK_WORDS.some((w) => sameWord(t, w, FUZZY_MIN)))) return isoWeek(today);
  if (tokens.some((t) => MONTH_WORDS.includes(t))) return yearMonth(today);
  return undefined;
}

/** "semaine du …", "sem du …", "week of …", "week starting …": the week of a day. */
const WEEK_OF = /\b(semaine|sem|week|wk)( (du|of|starting|commencant|from|beginning))( (lundi|monday|le|the|on))? (\d|[a-z]+ \d)/;

/** The token indexes that belong to a "day month" date, so the month is not read again as a period. */
function dayMonthTokens(tokens: readonly string[]): Set<number> {
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (monthOf(tokens[i]!) === null) continue;
    const before = tokens[i - 1] === 'of' ? tokens[i - 2] : tokens[i - 1];
    const after = tokens[i + 1] === 'the' ? tokens[i + 2] : tokens[i + 1];
    if (dayNumber(before) !== null || dayNumber(after) !== null) used.add(i);
  }
  return used;
}

/** The Paris calendar day of an instant, as a TZDate. */
export function parisToday(now: Date): TZDate {
  return new TZDate(now.getTime(), TIME_ZONE);
}

let lastMinute = Number.NaN;
let lastIso = '';

/** The Paris date `YYYY-MM-DD` of an instant (kept for the minute: the day never changes within one). */
export function todayIso(now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastIso = iso(parisToday(now));
    lastMinute = minute;
  }
  return lastIso;
}

/** Reads the day and the period (month or ISO week) in a message. */
export function extractDates(text: string, now: Date): DateEntities {
  const folded = fold(text);
  const tokens = tokenize(text);
  const today = parisToday(now);
  const out: DateEntities = {};
  const date = findDate(folded, tokens, today);
  // "la semaine du 7 décembre", "week of December 14": the ISO week of that day, not the day
  if (date && WEEK_OF.test(tokens.join(' '))) {
    out.period = isoWeek(new TZDate(`${date}T12:00:00`, TIME_ZONE));
    return out;
  }
  if (date) out.date = date;
  const period = findPeriod(folded, tokens, today, dayMonthTokens(tokens));
  if (period) out.period = period;
  return out;
}
