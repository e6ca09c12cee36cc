/** The job handlers of the bot, by kind: every kind a scheduled job may have must be registered here. */
import type { HandlerRegistry } from '../../core/jobs/index.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { ProactiveSender } from '../proactive.ts';
import { CHURN_NIGHTLY_KIND, churnNightlyHandler } from './churn-nightly.ts';
import { KPI_DAILY_KIND, KPI_MONTHLY_KIND, kpiDailyHandler, kpiMonthlyHandler } from './kpi-alerts.ts';
import { PLAN_NOTIFY_KIND, PLAN_WEEKLY_KIND, planNotifyHandler, planWeeklyHandler } from './plan-weekly.ts';
import { MORNING_TOUR_KIND, morningTourHandler } from './tournee-morning.ts';
import type { Solve } from '../../core/planning/plans.ts';

export { MORNING_TOUR_KIND, morningTourHandler, type MorningTourDeps } from './tournee-morning.ts';
export { enqueuePlanNotify, nextIsoWeek, PLAN_NOTIFY_KIND, PLAN_WEEKLY_KIND, planNotifyHandler, planWeeklyHandler, type PlanJobDeps } from './plan-weekly.ts';
export { CHURN_NIGHTLY_KIND, churnNightlyHandler } from './churn-nightly.ts';
export { KPI_DAILY_KIND, KPI_MONTHLY_KIND, kpiDailyHandler, kpiMonthlyHandler } from './kpi-alerts.ts';

export interface JobDeps {
  db: Db;
  proactive: ProactiveSender;
  log?: Logger;
  /** the weekly plan's solver (tests); default the HiGHS worker */
  solve?: Solve;
}

export function jobHandlers(deps: JobDeps): HandlerRegistry {
  return {
    [MORNING_TOUR_KIND]: morningTourHandler(deps),
    [PLAN_WEEKLY_KIND]: planWeeklyHandler(deps),
    [PLAN_NOTIFY_KIND]: planNotifyHandler(deps),
    [CHURN_NIGHTLY_KIND]: churnNightlyHandler(deps),
    [KPI_DAILY_KIND]: kpiDailyHandler(deps),
    [KPI_MONTHLY_KIND]: kpiMonthlyHandler(deps),
  };
}
