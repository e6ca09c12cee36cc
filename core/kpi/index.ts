/**
 * The KPI module: every KPI of the five dashboards (Direction, Planning, Technicians, Quality, Finance) and the
 * ROI, computed in SQL on the warehouse for a period, a zone or a technician, with the previous period; and
 * their Teams cards. See README.md (definitions, Power BI).
 */
import { renderCard } from '../../cards/index.ts';
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

/** The figures of a dashboard (or of the ROI) for a scope. */
export function dashboardData(db: Db, dashboard: Dashboard | 'roi', scope: KpiScope, config: KpiConfig = loadKpiConfig()): unknown {
  switch (dashboard) {
    case 'direction':
      return directionDashboard(db, scope);
    case 'planning':
      return planningDashboard(db, scope);
    case 'technicians':
      return techniciansDashboard(db, scope);
    case 'quality':
      return qualityDashboard(db, scope);
    case 'finance':
      return financeDashboard(db, scope);
    case 'roi':
      return roiReport(db, scope, config);
  }
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
  const data = dashboardData(db, req.dashboard, scope);
  let c: DashboardBase;
  let card: CardJson;
  switch (req.dashboard) {
    case 'direction': {
      const d = directionCard(v, data as ReturnType<typeof directionDashboard>);
      [c, card] = [d, renderCard('dashboard-direction', d)];
      break;
    }
    case 'planning': {
      const d = planningCard(v, data as ReturnType<typeof planningDashboard>);
      [c, card] = [d, renderCard('dashboard-planning', d)];
      break;
    }
    case 'technicians': {
      const d = techniciansCard(v, data as ReturnType<typeof techniciansDashboard>);
      [c, card] = [d, renderCard('dashboard-technicians', d)];
      break;
    }
    case 'quality': {
      const d = qualityCard(v, data as ReturnType<typeof qualityDashboard>);
      [c, card] = [d, renderCard('dashboard-quality', d)];
      break;
    }
    case 'finance': {
      const d = financeCard(v, data as ReturnType<typeof financeDashboard>);
      [c, card] = [d, renderCard('dashboard-finance', d)];
      break;
    }
  }
  return { text: summary(c), card, data };
}
