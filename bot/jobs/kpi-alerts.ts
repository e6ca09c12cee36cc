/**
 * `kpi.daily`: each working morning, the planner's alerts (contracts ending within 30 days, interventions more
 * than 7 days late), nothing when there is nothing to say. `kpi.monthly`: on the 1st, the Direction dashboard
 * of the month just ended to the direction. One outbox key per job occurrence and recipient.
 */
import type { JobHandler } from '../../core/jobs/index.ts';
import { dailyPlanningAlerts, monthlyDirectionSummary } from '../../core/kpi/proactive.ts';
import { deliverAll, payloadDate, usersWithRole, type Delivery, type PushDeps } from './deliver.ts';

export const KPI_DAILY_KIND = 'kpi.daily';
export const KPI_MONTHLY_KIND = 'kpi.monthly';

export function kpiDailyHandler(deps: PushDeps): JobHandler {
  return async (job, ctx) => {
    const p = payloadDate(job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const deliveries: Delivery[] = [];
    let quiet = 0;
    for (const u of usersWithRole(deps.db, 'planning')) {
      const message = dailyPlanningAlerts(deps.db, p.date, u.langue);
      if (!message) quiet++;
      else deliveries.push({ target: { userId: u.userId }, who: u.email, reply: message, key: `${job.key}:user:${u.userId}` });
    }
    const outcome = await deliverAll(deps, job, ctx, 'daily KPI alerts', deliveries);
    return outcome.status === 'done' ? { status: 'done', note: `${outcome.note ?? ''}, nothing to say ${quiet}` } : outcome;
  };
}

export function kpiMonthlyHandler(deps: PushDeps): JobHandler {
  return async (job, ctx) => {
    const p = payloadDate(job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const deliveries = usersWithRole(deps.db, 'direction').map(
      (u): Delivery => ({ target: { userId: u.userId }, who: u.email, reply: monthlyDirectionSummary(deps.db, p.date, u.langue), key: `${job.key}:user:${u.userId}` }),
    );
    return deliverAll(deps, job, ctx, 'monthly direction summary', deliveries);
  };
}
