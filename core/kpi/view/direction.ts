/** The Direction card: tiles (CA, contracts, renewal, NPS) and its charts. */
import { format, parseISO } from 'date-fns';
import { enGB, fr } from 'date-fns/locale';
import { renderHeatmap } from '../../../cards/charts/heatmap.ts';
import type { ChartColor, DirectionCardData, Series } from '../../../cards/charts/types.ts';
import type { Lang } from '../../conversation/types.ts';
import { CATEGORIES, type DirectionDashboard } from '../direction.ts';
import { GOALS } from '../goals.ts';
import { monthOfPeriod, trailing } from '../period.ts';
import { rows } from '../sql.ts';
import type { Point } from '../types.ts';
import { heading, nav, versusLabel, DASHBOARD_NAMES, type ViewContext } from './common.ts';
import { eur, monthLabel, num, orDash, pct, round, rowsOf, short, signed, t, tile, trend } from './format.ts';
import { gaugeNps, gaugeRate } from './gauges.ts';

const monthName = (key: string, lang: Lang): string => format(parseISO(`${key}-01`), 'MMM', { locale: lang === 'fr' ? fr : enGB });

/** The points of `keys` in order, 0 where a month has none. */
export const fillMonths = (points: readonly Point[], keys: readonly string[]): number[] => keys.map((k) => points.find((p) => p.x === k)?.y ?? 0);

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], { fr: string; en: string; color: ChartColor }> = {
  maintenance: { fr: 'Maintenance', en: 'Maintenance', color: 'categoricalBlue' },
  depannage: { fr: 'Dépannage', en: 'Repair', color: 'categoricalMarigold' },
  installation: { fr: 'Installation', en: 'Installation', color: 'categoricalTeal' },
  controle: { fr: 'Contrôle', en: 'Inspection', color: 'categoricalPurple' },
};

/** The zones of the heat map: all of them, or the filtered one. */
function zones(v: ViewContext): { id: number; name: string }[] {
  return rows<{ id: number; name: string }>(v.db, `SELECT zone_id AS id, nom_zone AS name FROM dim_zones WHERE @zone IS NULL OR zone_id = @zone ORDER BY zone_id`, { zone: v.scope.zoneId });
}

export function directionCard(v: ViewContext, d: DirectionDashboard): DirectionCardData {
  const { lang } = v;
  const vs = versusLabel(v.scope.period, lang);
  const months = trailing(monthOfPeriod(v.scope.period), 12).map((m) => m.key);
  const monthsAgo = trailing(monthOfPeriod(v.scope.period), 24).slice(0, 12).map((m) => m.key);
  const caSeries: Series[] = [
    { legend: t(lang, '12 derniers mois', 'last 12 months'), color: 'categoricalBlue', values: fillMonths(d.caByMonth, months).map((y, i) => ({ x: monthName(months[i]!, lang), y: round(y, 0) })) },
    { legend: t(lang, 'année précédente', 'year before'), color: 'divergingGray', values: fillMonths(d.caByMonthYearAgo, monthsAgo).map((y, i) => ({ x: monthName(months[i]!, lang), y: round(y, 0) })) },
  ];
  const zoneList = zones(v);
  const heat = renderHeatmap({
    rows: zoneList,
    columns: d.heatmapMonths.map((m) => m.slice(5)),
    values: zoneList.map((z) => d.heatmapMonths.map((m) => d.heatmap.find((c) => c.zoneId === z.id && c.month === m)?.mean ?? null)),
    scale: { low: 3, mid: 3.8, high: 4.5 },
  });
  const tiles = [
    tile(t(lang, 'CA SAV', 'Service revenue'), eur(round(d.ca.value ?? 0, 0), lang), { lang, trend: trend(d.ca, 'relative', lang, vs) }),
    tile(t(lang, 'CA sur un an', 'Year on year'), orDash(d.ca.yoy, (x) => `${signed(x * 100, lang)}${t(lang, '\u00a0%', '%')}`), {
      lang, status: d.ca.yoy === null ? 'neutral' : d.ca.yoy >= 0 ? 'good' : 'attention', trend: `${t(lang, 'il y a un an', 'a year ago')} : ${eur(round(d.ca.yearAgo, 0), lang)}`,
    }),
    tile(t(lang, 'Contrats actifs', 'Active contracts'), num(d.contracts.value ?? 0, lang), { lang, trend: trend(d.contracts, 'absolute', lang, vs) }),
    tile(t(lang, 'Taux de renouvellement', 'Renewal rate'), orDash(d.renewal.value, (x) => pct(x, lang)), {
      lang, status: GOALS.renewal.status(d.renewal.value), goal: GOALS.renewal, trend: trend(d.renewal, 'points', lang, vs),
    }),
    tile('NPS', orDash(d.nps.value, (x) => signed(Math.round(x), lang)), { lang, status: GOALS.nps.status(d.nps.value), goal: GOALS.nps, trend: trend(d.nps, 'absolute', lang, vs) }),
    tile(t(lang, 'Devis signés', 'Quotes signed'), `${num(d.funnel.signes, lang)} / ${num(d.funnel.emis, lang)}`, { lang, trend: eur(round(d.funnel.montantSigne, 0), lang) }),
  ];
  const interventions = CATEGORIES.map((c) => ({
    legend: CATEGORY_LABELS[c][lang],
    color: CATEGORY_LABELS[c].color,
    values: d.heatmapMonths.map((m) => ({ x: monthLabel(m, lang), y: d.interventions.find((r) => r.month === m && r.categorie === c)?.n ?? 0 })),
  }));
  return {
    ...heading(v, t(lang, `Tableau de bord ${DASHBOARD_NAMES.direction.fr}`, `${DASHBOARD_NAMES.direction.en} dashboard`)),
    tileRows: rowsOf(tiles),
    ca: { show: true, title: t(lang, 'CA SAV par mois (€)', 'Service revenue per month (€)'), note: '', xAxisTitle: '', yAxisTitle: '€', data: caSeries },
    contracts: {
      show: d.contractsTrend.length > 0, title: t(lang, 'Contrats actifs (fin de mois)', 'Active contracts (month end)'), note: '', xAxisTitle: '', yAxisTitle: '',
      data: [{ legend: t(lang, 'contrats', 'contracts'), color: 'categoricalTeal', values: d.contractsTrend.map((p, i) => ({ x: monthLabel(months[i]!, lang), y: p.y })) }],
    },
    nps: { ...gaugeNps(d.nps.value, lang), title: 'NPS', note: t(lang, `${num(d.nps.answers, lang)} réponses`, `${num(d.nps.answers, lang)} answers`) },
    renewal: {
      ...gaugeRate(d.renewal.value, 0.9, 0.1, lang), title: t(lang, 'Renouvellement des contrats', 'Contract renewal'),
      note: t(lang, `${d.renewal.renewed} renouvelés sur ${d.renewal.ended} échus`, `${d.renewal.renewed} renewed of ${d.renewal.ended} ended`),
    },
    interventions: {
      show: d.interventions.length > 0, title: t(lang, 'Interventions par mois et catégorie', 'Interventions per month and category'), note: '', xAxisTitle: '', yAxisTitle: '', data: interventions,
    },
    funnel: {
      show: d.funnel.emis > 0, title: t(lang, 'Devis : émis → répondus → signés', 'Quotes: sent → answered → signed'),
      note: t(lang, `conversion ${orDash(d.funnel.emis ? d.funnel.signes / d.funnel.emis : null, (x) => pct(x, lang))}`, `conversion ${orDash(d.funnel.emis ? d.funnel.signes / d.funnel.emis : null, (x) => pct(x, lang))}`),
      data: [
        { x: t(lang, 'Émis', 'Sent'), y: d.funnel.emis, color: 'categoricalBlue' },
        { x: t(lang, 'Répondus', 'Answered'), y: d.funnel.repondus, color: 'categoricalLightBlue' },
        { x: t(lang, 'Signés', 'Signed'), y: d.funnel.signes, color: 'good' },
      ],
    },
    heatmap: {
      show: d.heatmap.length > 0, title: t(lang, 'Satisfaction par zone (note moyenne sur 5, 6 mois)', 'Satisfaction by zone (mean score out of 5, 6 months)'),
      url: heat.toDataUri(),
      altText: t(lang, 'Carte de chaleur de la satisfaction par zone et par mois', 'Heat map of satisfaction by zone and month'),
      note: `${zoneList.map((z) => `${z.id} ${z.name}`).join(' · ')} — ${t(lang, 'rouge ≤ 3 · orange 3,8 · vert ≥ 4,5', 'red ≤ 3 · amber 3.8 · green ≥ 4.5')}`,
    },
    top: {
      show: d.top.length > 0, title: t(lang, 'Top 10 clients sur 12 mois (€)', 'Top 10 clients over 12 months (€)'), note: '',
      data: d.top.map((c) => ({ x: short(c.name, 24), y: round(c.revenue, 0), color: 'categoricalBlue' as const })),
    },
    footnote: t(
      lang,
      'CA SAV = interventions facturées + redevances des contrats (au début de chaque période annuelle). NPS = % promoteurs (9–10) − % détracteurs (0–6) des enquêtes répondues.',
      'Service revenue = invoiced interventions + contract fees (at the start of each yearly period). NPS = % promoters (9–10) − % detractors (0–6) of answered surveys.',
    ),
    nav: nav(v, 'direction'),
  };
}
