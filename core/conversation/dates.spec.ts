import { describe, expect, it } from 'vitest';
import { extractDates, todayIso } from './dates.ts';

const NOW = new Date('2026-12-01T07:30:00+01:00'); // Tuesday 1 December 2026, Paris
const d = (text: string, now = NOW) => extractDates(text, now);

describe('days', () => {
  it.each([
    ["aujourd'hui", '2026-12-01'], ['today', '2026-12-01'], ['ajd', '2026-12-01'], ['ce soir', '2026-12-01'],
    ['demain', '2026-12-02'], ['tomorrow', '2026-12-02'], ['tomorow', '2026-12-02'], ['demian', '2026-12-02'],
    ['après-demain', '2026-12-03'], ['apres demain', '2026-12-03'], ['the day after tomorrow', '2026-12-03'],
    ['hier', '2026-11-30'], ['yesterday', '2026-11-30'], ['avant-hier', '2026-11-29'],
  ])('%s → %s', (text, expected) => expect(d(text).date).toBe(expected));

  it.each([
    // plain weekday: the next such day, today included
    ['lundi', '2026-12-07'], ['mardi', '2026-12-01'], ['mercredi', '2026-12-02'], ['dimanche', '2026-12-06'],
    ['monday', '2026-12-07'], ['Tuesday', '2026-12-01'], ['friday', '2026-12-04'], ['vendredy', '2026-12-04'], ['ce jeudi', '2026-12-03'],
    // "prochain"/"next": strictly after today — differs from the plain weekday only on that very day
    ['lundi prochain', '2026-12-07'], ['next monday', '2026-12-07'], ['prochain lundi', '2026-12-07'],
    ['mardi prochain', '2026-12-08'], ['next tuesday', '2026-12-08'],
    // "dernier"/"last": strictly before today
    ['lundi dernier', '2026-11-30'], ['last tuesday', '2026-11-24'], ['vendredi dernier', '2026-11-27'],
  ])('%s → %s', (text, expected) => expect(d(text).date).toBe(expected));

  it.each([
    ['le 3 décembre', '2026-12-03'], ['3 decembre', '2026-12-03'], ['le 1er décembre', '2026-12-01'], ['3 déc.', '2026-12-03'],
    ['3/12', '2026-12-03'], ['03/12/2026', '2026-12-03'], ['3/12/27', '2027-12-03'], ['2026-12-03', '2026-12-03'],
    ['December 3', '2026-12-03'], ['december 3rd, 2027', '2027-12-03'], ['3rd of December', '2026-12-03'], ['Dec 24', '2026-12-24'],
    // no year: this year unless that is more than 183 days ago
    ['le 5 janvier', '2027-01-05'], ['15/01', '2027-01-15'], ['le 3 novembre', '2026-11-03'], ['le 15 juin', '2026-06-15'], ['le 15 mai', '2027-05-15'],
    ['le 3 décembre 2025', '2025-12-03'],
  ])('%s → %s', (text, expected) => expect(d(text).date).toBe(expected));

  it.each([
    // chat abbreviations and "the day" words
    ['dem', '2026-12-02'], ['apres dem', '2026-12-03'], ['le lendemain', '2026-12-02'], ['cet aprem', '2026-12-01'], ['tournée du jour', '2026-12-01'],
    ['la journée de demain', '2026-12-02'],
    // a day of the month alone is the nearest such day
    ['le 10', '2026-12-10'], ['du 4', '2026-12-04'], ['le 28', '2026-11-28'], ['on the 4th', '2026-12-04'],
  ])('%s → %s', (text, expected) => expect(d(text).date).toBe(expected));

  it('does not read a number after "semaine", "zone" or "top" as a day', () => {
    expect(d('zone du 3').date).toBeUndefined();
    expect(d('le top 10').date).toBeUndefined();
    expect(d('bonne journée').date).toBeUndefined();
  });

  it('ignores impossible dates and plain numbers', () => {
    expect(d('le 31/02').date).toBeUndefined();
    expect(d('2026-02-30').date).toBeUndefined();
    expect(d('le 32 décembre').date).toBeUndefined();
    expect(d('12 km').date).toBeUndefined();
    expect(d('tournée de Karim').date).toBeUndefined();
  });

  it('resolves "today" in Paris, not in UTC, around midnight', () => {
    const lateUtc = new Date('2026-11-30T23:30:00Z'); // already 00:30 on 1 December in Paris
    expect(todayIso(lateUtc)).toBe('2026-12-01');
    expect(d("aujourd'hui", lateUtc).date).toBe('2026-12-01');
    expect(d('demain', lateUtc).date).toBe('2026-12-02');
    expect(d('mardi', lateUtc).date).toBe('2026-12-01');
    const beforeMidnight = new Date('2026-11-30T22:59:00Z'); // 23:59 on Monday 30 November in Paris
    expect(d("aujourd'hui", beforeMidnight).date).toBe('2026-11-30');
    expect(d('lundi', beforeMidnight).date).toBe('2026-11-30');
    expect(d('lundi prochain', beforeMidnight).date).toBe('2026-12-07');
    // summer time: UTC+2
    expect(d('demain', new Date('2026-07-14T22:30:00Z')).date).toBe('2026-07-16');
  });
});

describe('periods', () => {
  it.each([
    ['novembre', '2026-11'], ['KPI qualité de novembre', '2026-11'], ['in November', '2026-11'], ['novembr', '2026-11'],
    ['décembre', '2026-12'], ['janvier', '2026-01'], ['novembre 2025', '2025-11'], ['in may', '2026-05'], ['mai', '2026-05'],
    ['ce mois', '2026-12'], ['ce mois-ci', '2026-12'], ['du mois', '2026-12'], ['this month', '2026-12'],
    ['mois dernier', '2026-11'], ['le mois dernier', '2026-11'], ['last month', '2026-11'], ['le mois précédent', '2026-11'],
    ['mois prochain', '2027-01'], ['next month', '2027-01'],
    ['cette semaine', '2026-W49'], ['this week', '2026-W49'], ['planning de la semaine', '2026-W49'],
    ['semaine prochaine', '2026-W50'], ['la semaine prochaine', '2026-W50'], ['next week', '2026-W50'],
    ['semaine dernière', '2026-W48'], ['last week', '2026-W48'],
    ['S49', '2026-W49'], ['s50', '2026-W50'], ['semaine 49', '2026-W49'], ['week 51', '2026-W51'], ['W49', '2026-W49'],
    // a week number is the nearest such week: S2 said in December is next January
    ['S2', '2027-W02'], ['semaine 40', '2026-W40'],
  ])('%s → %s', (text, expected) => expect(d(text).period).toBe(expected));

  it.each([
    ['sem pro', '2026-W50'], ['semaine pro', '2026-W50'], ['sem prochaine', '2026-W50'], ['sem derniere', '2026-W48'], ['S+1', '2026-W50'], ['S-1', '2026-W48'],
    ['semaine +2', '2026-W51'], ['mois pro', '2027-01'],
  ])('%s → %s', (text, expected) => expect(d(text).period).toBe(expected));

  it('reads "la semaine du <jour>" as the week of that day, without the day', () => {
    expect(d('planning de la semaine du 7 décembre')).toEqual({ period: '2026-W50' });
    expect(d('semaine du 14/12')).toEqual({ period: '2026-W51' });
    expect(d('schedule for the week of December 14')).toEqual({ period: '2026-W51' });
  });

  it('does not read the month of a day as a period, nor "may" as a month', () => {
    expect(d('le 3 décembre')).toEqual({ date: '2026-12-03' });
    expect(d('may I see my route')).toEqual({});
    expect(d('S60').period).toBeUndefined();
  });

  it('reads a day and a period together', () => {
    expect(d('tournée du 3/12 et KPI du mois dernier')).toEqual({ date: '2026-12-03', period: '2026-11' });
  });

  it('handles the ISO week-year at the turn of the year', () => {
    const newYear = new Date('2027-01-01T10:00:00+01:00'); // Friday, ISO week 2026-W53
    expect(d('cette semaine', newYear).period).toBe('2026-W53');
    expect(d('semaine prochaine', newYear).period).toBe('2027-W01');
    expect(d('mois dernier', newYear).period).toBe('2026-12');
  });
});
