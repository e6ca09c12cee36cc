/** Display of KPI values: numbers, euros, rates, trends and goal colours, in French or English. */
import { format, parseISO } from 'date-fns';
import { enGB, fr } from 'date-fns/locale';
import type { TextColor, Tile } from '../../../cards/charts/types.ts';
import type { Lang } from '../../conversation/types.ts';
import type { Goal, Status } from '../goals.ts';
import type { Figure } from '../types.ts';

export const t = (lang: Lang, french: string, english: string): string => (lang === 'fr' ? french : english);

/** Number formats by language and digits: building an Intl.NumberFormat costs far more than using one. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function nf(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f;
}

/** Narrow no-break spaces of fr-FR become plain no-break spaces (Teams fonts show both). */
const clean = (s: string): string => s.replace(/\u202f/g, '\u00a0');

export const num = (v: number, lang: Lang, digits = 0): string => clean(nf(lang, digits).format(v));

export function eur(v: number, lang: Lang): string {
  const digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 2;
  return lang === 'fr' ? `${num(v, lang, digits)}\u00a0€` : `€${num(v, lang, digits)}`;
}

export const pct = (v: number, lang: Lang, digits = 0): string => (lang === 'fr' ? `${num(v * 100, lang, digits)}\u00a0%` : `${num(v * 100, lang, digits)}%`);

export const signed = (v: number, lang: Lang, digits = 0): string => `${v > 0 ? '+' : v < 0 ? '−' : ''}${num(Math.abs(v), lang, digits)}`;

/** "—" when there is nothing to show. */
export const orDash = (v: number | null, show: (x: number) => string): string => (v === null ? '—' : show(v));

/** Month labels already made (a pure function of the key and the language; a few dozen months are shown). */
const monthLabels = new Map<string, string>();
const MONTH_LABELS_MAX = 1000;

/** Short month label of a `YYYY-MM` key: "nov. 26" / "Nov 26". */
export function monthLabel(key: string, lang: Lang): string {
  const cacheKey = `${lang}:${key}`;
  let label = monthLabels.get(cacheKey);
  if (label === undefined) {
    label = format(parseISO(`${key}-01`), 'MMM yy', { locale: lang === 'fr' ? fr : enGB });
    if (monthLabels.size >= MONTH_LABELS_MAX) monthLabels.clear();
    monthLabels.set(cacheKey, label);
  }
  return label;
}

/** Short label of a `YYYY-Www` key: "S48" / "W48". */
export const weekLabel = (key: string, lang: Lang): string => `${t(lang, 'S', 'W')}${Number(key.slice(6))}`;

export const STATUS_COLOR: Record<Status, TextColor> = { good: 'Good', warning: 'Warning', attention: 'Attention', neutral: 'Default' };

/**
 * The trend against the previous period: "▲ +12 % vs oct. 26" for amounts and counts (relative change),
 * "▲ +3 pts" for rates (percentage points), "▲ +0,2" for notes, "▲ +8" for NPS.
 */
export function trend(f: Figure, kind: 'relative' | 'points' | 'absolute', lang: Lang, versus: string, digits = 0): string {
  if (f.value === null || f.previous === null) return '';
  let delta: number;
  let unit = '';
  if (kind === 'relative') {
    if (f.previous === 0) return '';
    delta = (f.value / f.previous - 1) * 100;
    unit = t(lang, '\u00a0%', '%');
  } else if (kind === 'points') {
    delta = (f.value - f.previous) * 100;
    unit = '\u00a0pts';
  } else {
    delta = f.value - f.previous;
  }
  // the arrow follows the value as displayed: "+0 pts" is "="
  const shown = Math.round(delta * 10 ** digits) / 10 ** digits;
  const arrow = shown === 0 ? '=' : shown > 0 ? '▲' : '▼';
  return `${arrow} ${signed(shown, lang, digits)}${unit} vs ${versus}`;
}

export function tile(label: string, value: string, options: { status?: Status; trend?: string; goal?: Goal; lang: Lang }): Tile {
  return {
    label,
    value,
    color: STATUS_COLOR[options.status ?? 'neutral'],
    trend: options.trend ?? '',
    goal: options.goal ? options.goal.label[options.lang] : '',
  };
}

/** Tiles in rows of `perRow`. */
export const rowsOf = (tiles: readonly Tile[], perRow = 3): { tiles: Tile[] }[] =>
  Array.from({ length: Math.ceil(tiles.length / perRow) }, (_, i) => ({ tiles: tiles.slice(i * perRow, i * perRow + perRow) }));

/** Shortens a label for a chart axis. */
export const short = (s: string, max = 28): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;
