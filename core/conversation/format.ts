import { addDays, format, parse, parseISO } from 'date-fns';
import { enGB, fr } from 'date-fns/locale';
import type { Lang } from './types.ts';

/** Picks the French or English text. */
export function t(lang: Lang, french: string, english: string): string {
  return lang === 'fr' ? french : english;
}

const locale = (lang: Lang) => (lang === 'fr' ? fr : enGB);

/** "mardi 1 décembre" / "Tuesday 1 December" (the year when it is not `currentYear`). */
export function formatDay(isoDate: string, lang: Lang, currentYear?: number): string {
  const d = parseISO(isoDate);
  const withYear = currentYear !== undefined && d.getFullYear() !== currentYear;
  return format(d, withYear ? 'EEEE d MMMM yyyy' : 'EEEE d MMMM', { locale: locale(lang) });
}

/** One decimal, in each language: built once (an Intl.NumberFormat costs far more to build than to use). */
const KM_FORMAT: Record<Lang, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

/** "12,4 km" / "12.4 km" */
export function formatKm(km: number, lang: Lang): string {
  return `${(lang === 'fr' ? KM_FORMAT.fr : KM_FORMAT.en).format(km)} km`;
}

/** "45 min", "1 h 30", "2 h" / "1 h 30 min" */
export function formatMinutes(min: number, lang: Lang): string {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (m === 0) return `${h} h`;
  return lang === 'fr' ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h ${m} min`;
}

/** "08:00–09:30", "à partir de 14:00", "avant 17:00", "horaire libre" */
export function formatWindow(fenetre: { debut: string | null; fin: string | null } | null, lang: Lang): string {
  if (!fenetre || (!fenetre.debut && !fenetre.fin)) return t(lang, 'horaire libre', 'any time');
  if (fenetre.debut && fenetre.fin) return `${fenetre.debut}–${fenetre.fin}`;
  if (fenetre.debut) return t(lang, `à partir de ${fenetre.debut}`, `from ${fenetre.debut}`);
  return t(lang, `avant ${fenetre.fin}`, `before ${fenetre.fin}`);
}

/** "novembre 2026" / "semaine 49, du 30 nov. au 6 déc. 2026" / "week 49, 30 Nov – 6 Dec 2026" */
export function formatPeriod(period: string, lang: Lang): string {
  if (/^\d{4}-W\d{2}$/.test(period)) {
    const start = parse(period, "RRRR-'W'II", new Date());
    const end = addDays(start, 6);
    const from = format(start, 'd MMM', { locale: locale(lang) });
    const to = format(end, 'd MMM yyyy', { locale: locale(lang) });
    return t(lang, `semaine ${Number(period.slice(6))}, du ${from} au ${to}`, `week ${Number(period.slice(6))}, ${from} – ${to}`);
  }
  if (/^\d{4}-\d{2}$/.test(period)) return format(parseISO(`${period}-01`), 'MMMM yyyy', { locale: locale(lang) });
  return period;
}
