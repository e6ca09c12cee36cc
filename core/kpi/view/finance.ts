/** The Finance card: re-invoicing (goal 95 %), mean amount per type, quote revenue, conversion (goal 30 %). */
import type { FinanceCardData } from '../../../cards/charts/types.ts';
import type { FinanceDashboard } from '../finance.ts';
import { GOALS } from '../goals.ts';
import { DASHBOARD_NAMES, heading, nav, versusLabel, type ViewContext } from './common.ts';
import { eur, monthLabel, orDash, pct, round, rowsOf, short, t, tile, trend } from './format.ts';
import { gaugeRate } from './gauges.ts';

export function financeCard(v: ViewContext, d: FinanceDashboard): FinanceCardData {
  const { lang } = v;
  const vs = versusLabel(v.scope.period, lang);
  const tiles = [
    tile(t(lang, 'Taux de refacturation', 'Re-invoicing rate'), orDash(d.reinvoicing.value, (x) => pct(x, lang)), {
      lang, status: GOALS.reinvoicing.status(d.reinvoicing.value), goal: GOALS.reinvoicing, trend: trend(d.reinvoicing, 'points', lang, vs),
    }),
    tile(t(lang, 'Dépassements refacturés', 'Overtime re-invoiced'), eur(round(d.reinvoicing.refacture, 0), lang), {
      lang, trend: t(lang, `sur ${eur(round(d.reinvoicing.depassement, 0), lang)} à refacturer`, `of ${eur(round(d.reinvoicing.depassement, 0), lang)} to re-invoice`),
    }),
    tile(t(lang, 'CA devis signés', 'Signed quote revenue'), eur(round(d.quoteRevenue.value ?? 0, 0), lang), { lang, trend: trend(d.quoteRevenue, 'relative', lang, vs) }),
    tile(t(lang, 'Conversion des devis', 'Quote conversion'), orDash(d.conversion.value, (x) => pct(x, lang)), {
      lang, status: GOALS.conversion.status(d.conversion.value), goal: GOALS.conversion, trend: trend(d.conversion, 'points', lang, vs),
    }),
  ];
  return {
    ...heading(v, t(lang, `Tableau de bord ${DASHBOARD_NAMES.finance.fr}`, `${DASHBOARD_NAMES.finance.en} dashboard`)),
    tileRows: rowsOf(tiles, 2),
    reinvoiced: {
      show: d.reinvoicedByMonth.some((p) => p.y > 0), title: t(lang, 'Dépassements refacturés par mois (€)', 'Overtime re-invoiced per month (€)'), note: '', xAxisTitle: '', yAxisTitle: '€',
      data: d.reinvoicedByMonth.map((p) => ({ x: monthLabel(p.x, lang), y: round(p.y, 0), color: 'categoricalTeal' as const })),
    },
    conversion: {
      ...gaugeRate(d.conversion.value, 0.3, 0.1, lang), title: t(lang, 'Conversion des devis', 'Quote conversion'),
      note: t(lang, `${d.conversion.signed} signés sur ${d.conversion.sent} émis`, `${d.conversion.signed} signed of ${d.conversion.sent} sent`),
    },
    amounts: {
      show: d.meanAmountByType.length > 0, title: t(lang, 'Montant moyen par type d’intervention (€)', 'Mean amount per intervention type (€)'), note: '',
      data: d.meanAmountByType.map((x) => ({ x: short(x.libelle, 30), y: round(x.mean, 0), color: 'categoricalBlue' as const })),
    },
    quotes: {
      show: d.quoteRevenueByMonth.some((p) => p.y > 0), title: t(lang, 'CA des devis signés par mois (€ HT)', 'Signed quote revenue per month (€ excl. VAT)'), note: '', xAxisTitle: '', yAxisTitle: '€',
      data: [{ legend: t(lang, 'devis signés', 'signed quotes'), color: 'categoricalPurple', values: d.quoteRevenueByMonth.map((p) => ({ x: monthLabel(p.x, lang), y: round(p.y, 0) })) }],
    },
    footnote: t(
      lang,
      'Refacturation = dépassements refacturés / dépassements hors contrat · conversion = devis signés / devis émis dans la période.',
      'Re-invoicing = overtime re-invoiced / overtime beyond the contract · conversion = quotes signed / quotes sent in the period.',
    ),
    nav: nav(v, 'finance'),
  };
}
