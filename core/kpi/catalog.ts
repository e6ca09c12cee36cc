/**
 * The KPIs that can be asked alone ("NPS du mois", "taux de conversion des devis", "mes km cette semaine"…):
 * the words that name them, the dashboard they belong to (access and navigation) and how their card is made
 * from that dashboard's figures.
 */
import type { Tile } from '../../cards/charts/types.ts';
import type { Dashboard } from '../conversation/types.ts';
import { loadKpiConfig } from './config.ts';
import { directionDashboard } from './direction.ts';
import { financeDashboard } from './finance.ts';
import { planningDashboard } from './planning.ts';
import { qualityDashboard } from './quality.ts';
import { roiReport } from './roi.ts';
import { techniciansDashboard } from './technicians.ts';
import type { ViewContext } from './view/common.ts';
import { directionCard } from './view/direction.ts';
import { barChart, gaugeChart, groupedChart, hbarChart, image, lineChart, words, type Element } from './view/elements.ts';
import { financeCard } from './view/finance.ts';
import { planningCard } from './view/planning.ts';
import { qualityCard } from './view/quality.ts';
import { roiCard } from './view/roi.ts';
import { techniciansCard } from './view/technicians.ts';

export const KPI_NAMES = [
  'heatmap', 'words', 'roi', 'conversion', 'reinvoicing', 'renewal', 'top_clients', 'occupancy', 'overrun', 'first_visit', 'complaints', 'response_rate',
  'nps', 'km', 'satisfaction', 'ca', 'quote_revenue', 'contracts', 'delays',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** What the single-KPI card shows. */
export interface SingleKpi {
  /** the card title when it is not the tile's label */
  title?: string;
  tile: Tile;
  chartTitle: string;
  /** one chart element (or an image), or none */
  chart: Element | null;
  detail: string;
}

export interface KpiDef {
  readonly name: KpiName;
  /** the dashboard it belongs to: the access policy and "see the dashboard" use it */
  readonly dashboard: Dashboard;
  /** folded word sequences that name it; the first KPI (in KPI_NAMES order) with a match wins */
  readonly phrases: readonly string[];
  readonly build: (v: ViewContext) => SingleKpi;
}

const tiles = (rows: { tiles: Tile[] }[]): Tile[] => rows.flatMap((r) => r.tiles);
const direction = (v: ViewContext) => directionCard(v, directionDashboard(v.db, v.scope));
const planning = (v: ViewContext) => planningCard(v, planningDashboard(v.db, v.scope));
const technicians = (v: ViewContext) => techniciansCard(v, techniciansDashboard(v.db, v.scope));
const quality = (v: ViewContext) => qualityCard(v, qualityDashboard(v.db, v.scope));
const finance = (v: ViewContext) => financeCard(v, financeDashboard(v.db, v.scope));

const single = (tile: Tile, section: { title: string; note: string; show: boolean }, chart: Element | null): SingleKpi => ({
  tile, chartTitle: section.title, chart: section.show ? chart : null, detail: section.note,
});

export const KPI_DEFS: Record<KpiName, KpiDef> = {
  heatmap: {
    name: 'heatmap', dashboard: 'quality', phrases: ['heat map', 'heatmap', 'carte de chaleur', 'satisfaction par zone', 'satisfaction by zone'],
    build: (v) => { const c = direction(v); return { ...single(tiles(c.tileRows)[4]!, c.heatmap, image(c.heatmap)), title: c.heatmap.title }; },
  },
  words: {
    name: 'words', dashboard: 'quality', phrases: ['nuage de mots', 'word cloud', 'mots des commentaires', 'mots frequents', 'frequent words'],
    build: (v) => { const c = quality(v); return single(tiles(c.tileRows)[0]!, c.words, words(c.words)); },
  },
  roi: {
    name: 'roi', dashboard: 'finance', phrases: ['roi', 'gains du projet', 'gain du projet', 'retour sur investissement', 'return on investment', 'project savings', 'economies realisees'],
    build: (v) => { const c = roiCard(v, roiReport(v.db, v.scope, loadKpiConfig())); return single(tiles(c.tileRows)[8]!, c.savings, hbarChart(c.savings)); },
  },
  conversion: {
    name: 'conversion', dashboard: 'finance', phrases: ['conversion', 'transformation des devis', 'taux de transformation'],
    build: (v) => { const c = finance(v); return single(tiles(c.tileRows)[3]!, c.conversion, gaugeChart(c.conversion)); },
  },
  reinvoicing: {
    name: 'reinvoicing', dashboard: 'finance', phrases: ['refacturation', 'refacture', 'refactures', 'reinvoicing', 're invoicing', 'reinvoiced'],
    build: (v) => { const c = finance(v); return single(tiles(c.tileRows)[0]!, c.reinvoiced, barChart(c.reinvoiced)); },
  },
  renewal: {
    name: 'renewal', dashboard: 'direction', phrases: ['taux de renouvellement', 'renewal rate'],
    build: (v) => { const c = direction(v); return single(tiles(c.tileRows)[3]!, c.renewal, gaugeChart(c.renewal)); },
  },
  top_clients: {
    name: 'top_clients', dashboard: 'direction', phrases: ['top 10', 'top clients', 'meilleurs clients', 'plus gros clients', 'best clients', 'biggest clients'],
    build: (v) => { const c = direction(v); return single(tiles(c.tileRows)[0]!, c.top, hbarChart(c.top)); },
  },
  occupancy: {
    name: 'occupancy', dashboard: 'planning', phrases: ['taux d occupation', 'occupation', 'occupancy', 'utilisation'],
    build: (v) => { const c = planning(v); return single(tiles(c.tileRows)[3]!, c.occupancy, hbarChart(c.occupancy)); },
  },
  overrun: {
    name: 'overrun', dashboard: 'technicians', phrases: ['depassement', 'depassements', 'overrun', 'overruns', 'duree moyenne', 'mean duration', 'average duration'],
    build: (v) => { const c = technicians(v); return single(tiles(c.tileRows)[3]!, c.durations, groupedChart(c.durations)); },
  },
  first_visit: {
    name: 'first_visit', dashboard: 'quality', phrases: ['premiere visite', 'first visit', 'first time fix', 'ftf'],
    build: (v) => { const c = quality(v); return single(tiles(c.tileRows)[4]!, c.byType, hbarChart(c.byType)); },
  },
  complaints: {
    name: 'complaints', dashboard: 'quality', phrases: ['reclamation', 'reclamations', 'complaint', 'complaints', 'pareto'],
    build: (v) => { const c = quality(v); return single(tiles(c.tileRows)[3]!, c.reasons, hbarChart(c.reasons)); },
  },
  response_rate: {
    name: 'response_rate', dashboard: 'quality', phrases: ['taux de reponse', 'response rate'],
    build: (v) => { const c = quality(v); return single(tiles(c.tileRows)[1]!, c.nps, gaugeChart(c.nps)); },
  },
  nps: {
    name: 'nps', dashboard: 'quality', phrases: ['nps', 'net promoter'],
    build: (v) => { const c = quality(v); return single(tiles(c.tileRows)[0]!, c.nps, gaugeChart(c.nps)); },
  },
  km: {
    name: 'km', dashboard: 'technicians', phrases: ['km', 'kms', 'kilometres', 'kilometre', 'kilometrage', 'mileage', 'miles', 'distance parcourue'],
    build: (v) => { const c = technicians(v); return single(tiles(c.tileRows)[2]!, c.kmWeeks, lineChart(c.kmWeeks)); },
  },
  satisfaction: {
    name: 'satisfaction', dashboard: 'quality', phrases: ['satisfaction'],
    build: (v) => { const c = technicians(v); return single(tiles(c.tileRows)[4]!, c.satisfaction, lineChart(c.satisfaction)); },
  },
  ca: {
    name: 'ca', dashboard: 'direction', phrases: ['chiffre d affaires', 'chiffre daffaires', 'revenue', 'turnover', 'le ca', 'ca du', 'ca de', 'ca ce', 'notre ca', 'ca mensuel', 'ca total'],
    build: (v) => { const c = direction(v); return single(tiles(c.tileRows)[0]!, c.ca, lineChart(c.ca)); },
  },
  quote_revenue: {
    name: 'quote_revenue', dashboard: 'finance', phrases: ['ca devis', 'ca des devis', 'devis signes', 'signed quotes', 'quote revenue'],
    build: (v) => { const c = finance(v); return single(tiles(c.tileRows)[2]!, c.quotes, lineChart(c.quotes)); },
  },
  contracts: {
    name: 'contracts', dashboard: 'direction', phrases: ['contrats actifs', 'active contracts', 'nombre de contrats'],
    build: (v) => { const c = direction(v); return single(tiles(c.tileRows)[2]!, c.contracts, lineChart(c.contracts)); },
  },
  delays: {
    name: 'delays', dashboard: 'planning', phrases: ['retards de plus de 7', 'delays over 7'],
    build: (v) => { const c = planning(v); const open = tiles(c.tileRows)[5]!; return { tile: tiles(c.tileRows)[4]!, chartTitle: '', chart: null, detail: `${open.label} : ${open.value}` }; },
  },
};

/** Words that ask for a whole dashboard, not one KPI. */
const DASHBOARD_PHRASES = ['tableau de bord', 'tableaux de bord', 'dashboard', 'dashboards', 'kpi', 'kpis', 'indicateurs', 'indicators', 'tdb', 'scorecard'];

const occurs = (tokens: readonly string[], phrase: string): boolean => {
  const words = phrase.split(' ');
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let k = 0; k < words.length; k++) if (tokens[i + k] !== words[k]) continue outer;
    return true;
  }
  return false;
};

/**
 * The single KPI a question names, from its folded tokens (and the raw text, for "CA" in capitals);
 * undefined when it asks for a dashboard ("tableau de bord qualité", "KPI de novembre") or names no KPI.
 */
export function findKpi(tokens: readonly string[], raw: string): KpiName | undefined {
  if (DASHBOARD_PHRASES.some((p) => occurs(tokens, p))) return undefined;
  for (const name of KPI_NAMES) {
    if (name === 'ca' && /\bCA\b/.test(raw) && !KPI_DEFS.quote_revenue.phrases.some((p) => occurs(tokens, p))) return 'ca';
    if (KPI_DEFS[name].phrases.some((p) => occurs(tokens, p))) return name;
  }
  return undefined;
}

