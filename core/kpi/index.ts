/**
 * The KPI module: every KPI of the five dashboards (Direction, Planning, Technicians, Quality, Finance) and the
 * ROI, computed in SQL on the warehouse for a period, a zone or a technician, with the previous period; and
 * their Teams cards. See README.md (definitions, Power BI).
 */
import { renderCard, type CardData } from '../../cards/index.ts';
import type { CardJson, Dashboard, Lang } from '../conversation/types.ts';
import type { Db } from '../warehouse/db.ts';
import { KPI_DEFS, type KpiName } from './catalog.ts';
import { loadKpiConfig, type KpiConfig } from './config.ts';
import { directionDashboard } from './direction.ts';
import { financeDashboard } from './finance.ts';
import { parsePeriod } from './period.ts';
import { planningDashboard } from './planning.ts';
import { qualityDashboard } from './quality.ts';
import { roiReport } from './roi.ts';
import type { KpiScope } from './sql.ts';
import { techniciansDashboard } from './technicians.ts';
import { DASHBOARD_NAMES, heading, nav, navData, type ViewContext } from './view/common.ts';
import { directionCard } from './view/direction.ts';
import { financeCard } from './view/finance.ts';
import { t } from './view/format.ts';
import { planningCard } from './view/planning.ts';
import { qualityCard } from './view/quality.ts';
import { roiCard } from './view/roi.ts';
import { techniciansCard } from './view/technicians.ts';
import type { DashboardBase } from '../../cards/charts/types.ts';

export { parsePeriod, previousPeriod, yearAgo, shiftPeriod, periodOf, trailing, rollingYear, PeriodError, type Period } from './period.ts';
export { findKpi, KPI_DEFS, KPI_NAMES, type KpiName, type KpiDef } from './catalog.ts';
export { GOALS, NPS_GOAL, type Goal, type Status } from './goals.ts';
export { loadKpiConfig, DEFAULT_KPI_CONFIG, ROI_TARGETS, type KpiConfig } from './config.ts';
export { directionDashboard, type DirectionDashboard } from './direction.ts';
export { planningDashboard, type PlanningDashboard } from './planning.ts';
export { techniciansDashboard, type TechniciansDashboard } from './technicians.ts';
export { qualityDashboard, type QualityDashboard } from './quality.ts';
export { financeDashboard, type FinanceDashboard } from './finance.ts';
export { roiReport, type RoiReport } from './roi.ts';
export { wordFrequencies, STOP_WORDS, type WordCount } from './words.ts';
export type { KpiScope, Filter, Range } from './sql.ts';
export { DASHBOARD_NAMES } from './view/common.ts';

export interface KpiRequest {
  dashboard: Dashboard;
  /** YYYY-MM or YYYY-Www */
  period: string;
  zoneId?: number | null;
  technicienId?: number | null;
  /** one KPI alone (its card), else the whole dashboard */
  kpi?: KpiName;
  /** YYYY-MM-DD, Europe/Paris */
  today: string;
  lang: Lang;
  config?: KpiConfig;
}

export interface KpiResult {
  /** the card title and its headline KPIs as text lines */
  text: string;
  card: CardJson;
  /** the raw figures (numbers, not formatted) */
  data: unknown;
}

/** A dashboard: its figures (SQL), its card data (formatted), its card template. */
interface DashboardDef<N extends keyof CardData, D> {
  readonly template: N;
  figures(db: Db, scope: KpiScope): D;
  card(v: ViewContext, data: D): CardData[N] & DashboardBase;
}

const dashboard = <N extends keyof CardData, D>(def: DashboardDef<N, D>): DashboardDef<N, D> => def;

/** The five dashboards, each in one line. */
const DASHBOARDS = {
  direction: dashboard({ template: 'dashboard-direction', figures: directionDashboard, card: directionCard }),
  planning: dashboard({ template: 'dashboard-planning', figures: planningDashboard, card: planningCard }),
  technicians: dashboard({ template: 'dashboard-technicians', figures: techniciansDashboard, card: techniciansCard }),
  quality: dashboard({ template: 'dashboard-quality', figures: qualityDashboard, card: qualityCard }),
  finance: dashboard({ template: 'dashboard-finance', figures: financeDashboard, card: financeCard }),
} satisfies Record<Dashboard, unknown>;

/** The figures of a dashboard (or of the ROI) for a scope. */
export function dashboardData(db: Db, board: Dashboard | 'roi', scope: KpiScope, config: KpiConfig = loadKpiConfig()): unknown {
  return board === 'roi' ? roiReport(db, scope, config) : DASHBOARDS[board].figures(db, scope);
}

/** One dashboard's figures, card data and rendered card (generic over the dashboard, so the types line up). */
function renderDashboard<N extends keyof CardData, D>(def: DashboardDef<N, D>, v: ViewContext): { c: DashboardBase; card: CardJson; data: D } {
  const data = def.figures(v.db, v.scope);
  const c = def.card(v, data);
  return { c, card: renderCard(def.template, c), data };
}

function summary(card: DashboardBase): string {
  const lines = card.tileRows.flatMap((r) => r.tiles).map((x) => `- ${x.label} : ${x.value}${x.trend ? ` (${x.trend})` : ''}`);
  return [card.title, card.subtitle, ...lines].join('\n');
}

/**
 * The card (and its text) of a dashboard, of the ROI (`kpi: 'roi'`) or of one KPI, for a period and a scope.
 * Throws PeriodError on a bad period. Access is the caller's business (core/access/policy.ts).
 */
export function kpiReply(db: Db, req: KpiRequest): KpiResult {
  const scope: KpiScope = { period: parsePeriod(req.period), today: req.today, zoneId: req.zoneId ?? null, technicienId: req.technicienId ?? null };
  const v: ViewContext = { db, scope, lang: req.lang };
  if (req.kpi === 'roi') {
    const data = roiReport(db, scope, req.config ?? loadKpiConfig());
    const c = roiCard(v, data);
    return { text: summary(c), card: renderCard('kpi-roi', c), data };
  }
  if (req.kpi) {
    const def = KPI_DEFS[req.kpi];
    const k = def.build(v);
    const board = DASHBOARD_NAMES[req.dashboard][req.lang];
    const head = heading(v, k.title ?? k.tile.label);
    const data = {
      ...head,
      tileRows: [{ tiles: [k.tile] }],
      detail: k.detail,
      chart: { show: k.chart !== null, title: k.chartTitle, items: k.chart ? [k.chart] : [] },
      footnote: '',
      nav: {
        ...nav(v, req.dashboard, req.kpi),
        dashboardLabel: t(req.lang, `Tableau de bord ${board}`, `${board} dashboard`),
        dashboard: navData(req.dashboard, scope.period, scope),
      },
    };
    return { text: `${summary(data)}${k.detail ? `\n${k.detail}` : ''}`, card: renderCard('kpi', data), data: { kpi: req.kpi, tile: k.tile } };
  }
  const { c, card, data } = renderDashboard(DASHBOARDS[req.dashboard] as DashboardDef<keyof CardData, unknown>, v);
  return { text: summary(c), card, data };
}
