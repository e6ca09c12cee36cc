/** The job handlers of the bot, by kind: every kind a scheduled job may have must be registered here. */
import type { HandlerRegistry } from '../../core/jobs/index.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { ProactiveSender } from '../proactive.ts';
import { CHURN_NIGHTLY_KIND, churnNightlyHandler } from './churn-nightly.ts';
import { KPI_DAILY_KIND, KPI_MONTHLY_KIND, kpiDailyHandler, kpiMonthlyHandler } from './kpi-alerts.ts';
import { PLAN_NOTIFY_KIND, PLAN_WEEKLY_KIND, planNotifyHandler, planWeeklyHandler } from './plan-weekly.ts';
import { MORNING_TOUR_KIND, morningTourHandler } from './tournee-morning.ts';
import { SURVEY_MONTHLY_KIND, surveyMonthlyHandler } from './survey-monthly.ts';
import {
  SURVEY_ALERT_KIND, SURVEY_CLOSE_KIND, SURVEY_REMIND_KIND, SURVEY_SCAN_KIND, SURVEY_SEND_KIND,
  surveyAlertHandler, surveyCloseHandler, surveyRemindHandler, surveyScanHandler, surveySendHandler,
} from './survey.ts';
import type { Solve } from '../../core/planning/plans.ts';
import type { SurveySettings } from '../../core/survey/index.ts';

export { MORNING_TOUR_KIND, morningTourHandler, type MorningTourDeps } from './tournee-morning.ts';
export { enqueuePlanNotify, nextIsoWeek, PLAN_NOTIFY_KIND, PLAN_WEEKLY_KIND, planNotifyHandler, planWeeklyHandler, type PlanJobDeps } from './plan-weekly.ts';
export { CHURN_NIGHTLY_KIND, churnNightlyHandler } from './churn-nightly.ts';
export { KPI_DAILY_KIND, KPI_MONTHLY_KIND, kpiDailyHandler, kpiMonthlyHandler } from './kpi-alerts.ts';
export { SURVEY_ALERT_KIND, SURVEY_CLOSE_KIND, SURVEY_REMIND_KIND, SURVEY_SCAN_KIND, SURVEY_SEND_KIND, type SurveyJobDeps } from './survey.ts';
export { SURVEY_MONTHLY_KIND, surveyReportCard } from './survey-monthly.ts';

export interface JobDeps {
  db: Db;
  proactive: ProactiveSender;
  log?: Logger;
  /** the weekly plan's solver (tests); default the HiGHS worker */
  solve?: Solve;
  /** the SMS dispatcher, flushed after each survey step (absent: the SMS wait for the dispatcher's own run) */
  sms?: { flush(): Promise<unknown> };
  /** the survey's settings and where the monthly report is saved (absent: the survey jobs are skipped) */
  survey?: { settings: SurveySettings; reportDir: string };
}

export function jobHandlers(deps: JobDeps): HandlerRegistry {
  return {
    [MORNING_TOUR_KIND]: morningTourHandler(deps),
    [PLAN_WEEKLY_KIND]: planWeeklyHandler(deps),
    [PLAN_NOTIFY_KIND]: planNotifyHandler(deps),
    [CHURN_NIGHTLY_KIND]: churnNightlyHandler(deps),
    [KPI_DAILY_KIND]: kpiDailyHandler(deps),
    [KPI_MONTHLY_KIND]: kpiMonthlyHandler(deps),
    [SURVEY_SCAN_KIND]: surveyScanHandler(deps),
    [SURVEY_SEND_KIND]: surveySendHandler(deps),
    [SURVEY_REMIND_KIND]: surveyRemindHandler(deps),
    [SURVEY_CLOSE_KIND]: surveyCloseHandler(deps),
    [SURVEY_ALERT_KIND]: surveyAlertHandler(deps),
    [SURVEY_MONTHLY_KIND]: surveyMonthlyHandler(deps),
  };
}
