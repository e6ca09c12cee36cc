/** The Planning card: backlog by urgency, portal requests, contracts ending, occupancy, delays. */
import { format, parseISO } from 'date-fns';
import { enGB, fr } from 'date-fns/locale';
import type { ChartColor, PlanningCardData } from '../../../cards/charts/types.ts';
import type { PlanningDashboard } from '../planning.ts';
import { DASHBOARD_NAMES, heading, nav, versusLabel, type ViewContext } from './common.ts';
import { eur, num, orDash, pct, round, rowsOf, t, tile, trend, weekLabel } from './format.ts';

/** Most loaded technicians shown in the occupancy chart. */
const MAX_BARS = 12;

const occupancyColor = (r: number | null): ChartColor => (r === null ? 'neutral' : r > 1 ? 'attention' : r >= 0.6 ? 'good' : 'warning');

export function planningCard(v: ViewContext, d: PlanningDashboard): PlanningCardData {
  const { lang } = v;
  const vs = versusLabel(v.scope.period, lang);
  const day = (iso: string): string => format(parseISO(iso), lang === 'fr' ? 'd MMM' : 'd MMM', { locale: lang === 'fr' ? fr : enGB });
  const occ = [...d.occupancyByTechnician].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0));
  const tiles = [
    tile(t(lang, 'À planifier', 'To schedule'), num(d.toPlan.total, lang), {
      lang, status: d.toPlan.critique > 0 ? 'attention' : d.toPlan.urgente > 0 ? 'warning' : 'good',
      trend: t(lang, `${d.toPlan.critique} critiques · ${d.toPlan.urgente} urgentes`, `${d.toPlan.critique} critical · ${d.toPlan.urgente} urgent`),
    }),
    tile(t(lang, 'Demandes portail à valider', 'Portal requests to validate'), num(d.portalToValidate, lang), { lang, status: d.portalToValidate > 0 ? 'warning' : 'good' }),
    tile(t(lang, 'Fins de contrat à J-30', 'Contracts ending within 30 days'), num(d.contractsEnding.count, lang), { lang, status: d.contractsEnding.count > 0 ? 'warning' : 'good' }),
    tile(t(lang, 'Occupation des techniciens', 'Technician occupancy'), orDash(d.occupancy.value, (x) => pct(x, lang)), { lang, trend: trend(d.occupancy, 'points', lang, vs) }),
    tile(t(lang, 'Retards > 7 jours (réalisées)', 'Delays > 7 days (done)'), num(d.lateDone.value ?? 0, lang), {
      lang, status: (d.lateDone.value ?? 0) > 0 ? 'warning' : 'good', trend: trend(d.lateDone, 'absolute', lang, vs),
    }),
    tile(t(lang, 'Retards > 7 jours (en attente)', 'Delays > 7 days (open)'), num(d.lateOpen, lang), { lang, status: d.lateOpen > 0 ? 'attention' : 'good' }),
  ];
  const series = (legend: string, color: ChartColor, key: 'a_valider' | 'valide' | 'annule') => ({
    legend, color, values: d.portalWeeks.map((w) => ({ x: weekLabel(w.week, lang), y: w[key] })),
  });
  return {
    ...heading(v, t(lang, `Tableau de bord ${DASHBOARD_NAMES.planning.fr}`, `${DASHBOARD_NAMES.planning.en} dashboard`)),
    tileRows: rowsOf(tiles),
    toPlan: {
      show: d.toPlan.total > 0, title: t(lang, 'Interventions à planifier par urgence', 'Interventions to schedule by urgency'), note: '', value: num(d.toPlan.total, lang),
      data: [
        { legend: t(lang, 'Critique', 'Critical'), value: d.toPlan.critique, color: 'attention' },
        { legend: t(lang, 'Urgente', 'Urgent'), value: d.toPlan.urgente, color: 'warning' },
        { legend: t(lang, 'Normale', 'Normal'), value: d.toPlan.normale, color: 'categoricalBlue' },
      ],
    },
    portal: {
      show: d.portalWeeks.some((w) => w.a_valider + w.valide + w.annule > 0), title: t(lang, 'Demandes de RDV du portail par semaine', 'Portal appointment requests per week'),
      note: '', xAxisTitle: '', yAxisTitle: '',
      data: [series(t(lang, 'À valider', 'To validate'), 'warning', 'a_valider'), series(t(lang, 'Validées', 'Validated'), 'good', 'valide'), series(t(lang, 'Annulées', 'Cancelled'), 'divergingGray', 'annule')],
    },
    occupancy: {
      show: occ.length > 0, title: t(lang, 'Occupation par technicien (%)', 'Occupancy per technician (%)'),
      note: occ.length > MAX_BARS ? t(lang, `les ${MAX_BARS} plus chargés sur ${occ.length}`, `the ${MAX_BARS} busiest of ${occ.length}`) : '',
      data: occ.slice(0, MAX_BARS).map((o) => ({ x: o.name, y: round((o.rate ?? 0) * 100, 0), color: occupancyColor(o.rate) })),
    },
    contracts: {
      show: d.contractsEnding.count > 0, title: t(lang, 'Contrats qui se terminent dans les 30 jours', 'Contracts ending within 30 days'),
      note: d.contractsEnding.count > d.contractsEnding.first.length ? t(lang, `et ${d.contractsEnding.count - d.contractsEnding.first.length} autres`, `and ${d.contractsEnding.count - d.contractsEnding.first.length} more`) : '',
      facts: d.contractsEnding.first.map((c) => ({ title: c.client, value: `${day(c.dateFin)} · ${c.formule} · ${eur(c.montant, lang)}` })),
    },
    footnote: t(
      lang,
      'Occupation = minutes réalisées + planifiées / capacité des jours ouvrés. Retard = plus de 7 jours après l’échéance.',
      'Occupancy = minutes done + planned / capacity of working days. Delay = more than 7 days past the due date.',
    ),
    nav: nav(v, 'planning'),
  };
}
