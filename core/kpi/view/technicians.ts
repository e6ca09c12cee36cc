/** The Technicians card: today, km vs the planned order (goal −20 %), durations, overruns, satisfaction. */
import type { TechniciansCardData } from '../../../cards/charts/types.ts';
import { GOALS } from '../goals.ts';
import type { TechniciansDashboard } from '../technicians.ts';
import { DASHBOARD_NAMES, heading, nav, versusLabel, type ViewContext } from './common.ts';
import { monthLabel, num, orDash, pct, round, rowsOf, short, t, tile, trend, weekLabel } from './format.ts';
import { gaugeRate } from './gauges.ts';

export function techniciansCard(v: ViewContext, d: TechniciansDashboard): TechniciansCardData {
  const { lang } = v;
  const vs = versusLabel(v.scope.period, lang);
  const km = (x: number): string => `${num(x, lang)}\u00a0km`;
  const tiles = [
    tile(t(lang, 'Interventions aujourd’hui', 'Interventions today'), num(d.today.total, lang), { lang, trend: t(lang, `${d.today.done} terminées`, `${d.today.done} done`) }),
    tile(t(lang, 'Km parcourus', 'Km driven'), km(d.km.km), { lang, trend: t(lang, `plan initial : ${km(d.km.kmPlan)}`, `initial plan: ${km(d.km.kmPlan)}`) }),
    tile(t(lang, 'Km économisés vs plan', 'Km saved vs plan'), orDash(d.km.value, (x) => (x >= 0 ? `−${pct(x, lang)}` : `+${pct(-x, lang)}`)), {
      lang, status: GOALS.kmReduction.status(d.km.value), goal: GOALS.kmReduction, trend: trend(d.km, 'points', lang, vs),
    }),
    tile(t(lang, 'Taux de dépassement', 'Overrun rate'), orDash(d.overrun.value, (x) => pct(x, lang)), { lang, trend: trend(d.overrun, 'points', lang, vs) }),
    tile(t(lang, 'Satisfaction moyenne', 'Mean satisfaction'), orDash(d.satisfaction.value, (x) => `${num(x, lang, 2)}/5`), {
      lang, status: d.satisfaction.value === null ? 'neutral' : d.satisfaction.value >= 4.2 ? 'good' : d.satisfaction.value >= 3.8 ? 'warning' : 'attention',
      trend: trend(d.satisfaction, 'absolute', lang, vs, 2),
    }),
  ];
  return {
    ...heading(v, t(lang, `Tableau de bord ${DASHBOARD_NAMES.technicians.fr}`, `${DASHBOARD_NAMES.technicians.en} dashboard`)),
    tileRows: rowsOf(tiles),
    kmWeeks: {
      show: d.kmWeeks.length > 0, title: t(lang, 'Km par semaine : parcourus et plan initial', 'Km per week: driven and initial plan'), note: '', xAxisTitle: '', yAxisTitle: 'km',
      data: [
        { legend: t(lang, 'parcourus', 'driven'), color: 'categoricalBlue', values: d.kmWeeks.map((w) => ({ x: weekLabel(w.week, lang), y: round(w.km, 0) })) },
        { legend: t(lang, 'plan initial', 'initial plan'), color: 'divergingGray', values: d.kmWeeks.map((w) => ({ x: weekLabel(w.week, lang), y: round(w.kmPlan, 0) })) },
      ],
    },
    kmGauge: { ...gaugeRate(d.km.value, 0.2, 0.1, lang, 0.4), title: t(lang, 'Réduction des km (objectif −20 %)', 'Km reduction (goal −20%)'), note: '' },
    durations: {
      show: d.durations.length > 0, title: t(lang, 'Durée moyenne par type (min)', 'Mean duration per type (min)'), note: '', xAxisTitle: '', yAxisTitle: 'min',
      data: [
        { legend: t(lang, 'réelle', 'actual'), color: 'categoricalBlue', values: d.durations.map((x) => ({ x: short(x.code, 12), y: round(x.mean, 0) })) },
        { legend: t(lang, 'prévue', 'planned'), color: 'divergingGray', values: d.durations.map((x) => ({ x: short(x.code, 12), y: round(x.planned, 0) })) },
      ],
    },
    satisfaction: {
      show: d.satisfactionTrend.length > 0, title: t(lang, 'Satisfaction moyenne sur 12 mois (/5)', 'Mean satisfaction over 12 months (/5)'), note: '', xAxisTitle: '', yAxisTitle: '/5',
      data: [{ legend: t(lang, 'note moyenne', 'mean score'), color: 'categoricalGreen', values: d.satisfactionTrend.map((p) => ({ x: monthLabel(p.x, lang), y: round(p.y, 2) })) }],
    },
    footnote: t(
      lang,
      'Km économisés = 1 − km parcourus / km de l’ordre prévu non optimisé (interventions qui en ont un). Dépassement = durée réelle > durée prévue.',
      'Km saved = 1 − km driven / km of the unoptimised planned order (interventions that have one). Overrun = actual duration > planned.',
    ),
    nav: nav(v, 'technicians'),
  };
}
