/**
 * `plan.weekly`: on Monday morning the suggested plan of the NEXT ISO week is computed (as the planner) and its
 * card sent to every planner; a retry reuses the plan this run already stored rather than computing another.
 * `plan.notify`: once a plan is accepted, each technician in it is told their week (one outbox key each).
 */
import { format } from 'date-fns';
import { z } from 'zod';
import { resolveUser } from '../../core/access/index.ts';
import { computePlanReply, planReply, weekMessagesForTechnicians } from '../../core/conversation/answers/planning-week.ts';
import { t } from '../../core/conversation/format.ts';
import { enqueue, type EnqueueResult, type JobHandler } from '../../core/jobs/index.ts';
import { getPlan, type Solve } from '../../core/planning/plans.ts';
import { addDaysIso } from '../../core/warehouse/calendar.ts';
import type { Db } from '../../core/warehouse/db.ts';
import { deliverAll, payloadDate, usersWithRole, type Delivery, type PushDeps } from './deliver.ts';

export const PLAN_WEEKLY_KIND = 'plan.weekly';
export const PLAN_NOTIFY_KIND = 'plan.notify';

export interface PlanJobDeps extends PushDeps {
  /** the solver (tests); default the HiGHS worker */
  solve?: Solve;
}

/** The ISO week (YYYY-Www) after the one of `date`. */
export function nextIsoWeek(date: string): string {
  return format(new Date(`${addDaysIso(date, 7)}T12:00:00`), "RRRR-'W'II");
}

/** The newest draft of `week` stored at or after `since` (ISO instant), if any. */
function draftSince(db: Db, week: string, since: string): number | null {
  const row = db
    .prepare("SELECT plan_id FROM plan_suggestions WHERE semaine = ? AND statut = 'draft' AND created_at >= ? ORDER BY plan_id DESC LIMIT 1")
    .get(week, since) as { plan_id: number } | undefined;
  return row?.plan_id ?? null;
}

export function planWeeklyHandler(deps: PlanJobDeps): JobHandler {
  return async (job, ctx) => {
    const p = payloadDate(job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const week = nextIsoWeek(p.date);
    const planners = usersWithRole(deps.db, 'planning');
    const first = planners[0];
    if (!first) return { status: 'done', note: 'no planning user: nothing computed' };
    let planId = draftSince(deps.db, week, job.dueAt.toISOString());
    if (planId === null) {
      const immediate = computePlanReply(deps.db, first, ctx.now, week, first.langue, deps.solve);
      const reply = immediate.followUp ? await immediate.followUp() : immediate;
      ctx.extendLease();
      planId = draftSince(deps.db, week, job.dueAt.toISOString());
      if (planId === null) {
        // the computation failed: the planners are told why (the card could not be made)
        deps.log?.warn({ job: job.key, week, text: reply.text }, 'weekly plan not computed');
        const failed = planners.map((u): Delivery => ({ target: { userId: u.userId }, who: u.email, reply, key: `${job.key}:failed:user:${u.userId}` }));
        await deliverAll(deps, job, ctx, 'weekly plan failure', failed);
        return { status: 'done', note: `plan of ${week} not computed: ${reply.text.slice(0, 300)}` };
      }
    }
    const id = planId;
    const deliveries = planners.map((u): Delivery => {
      const card = planReply(deps.db, id, u.langue);
      const hello = t(u.langue, `Bonjour ${u.displayName.split(' ')[0]}, voici le planning proposé pour la semaine prochaine.`, `Good morning ${u.displayName.split(' ')[0]}, here is the suggested plan for next week.`);
      return { target: { userId: u.userId }, who: u.email, reply: { text: `${hello}\n${card.text}`, card: card.card }, key: `${job.key}:user:${u.userId}` };
    });
    const outcome = await deliverAll(deps, job, ctx, 'weekly plan cards', deliveries);
    return outcome.status === 'done' ? { status: 'done', note: `plan ${id} of ${week}: ${outcome.note ?? ''}` } : outcome;
  };
}

/** Queues the technicians' messages of an accepted plan (idempotent: one job per plan). */
export function enqueuePlanNotify(db: Db, planId: number, now: Date): EnqueueResult {
  return enqueue(db, { key: `${PLAN_NOTIFY_KIND}:${planId}`, kind: PLAN_NOTIFY_KIND, payload: { planId }, dueAt: now }, now);
}

const NotifyPayload = z.object({ planId: z.number({ error: 'payload.planId must be a number' }).int().positive('payload.planId must be a positive integer') });

export function planNotifyHandler(deps: PushDeps): JobHandler {
  return async (job, ctx) => {
    const parsed = NotifyPayload.safeParse(job.payload);
    if (!parsed.success) return { status: 'skipped', reason: `bad payload: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    const { planId } = parsed.data;
    const plan = getPlan(deps.db, planId);
    if (!plan) return { status: 'skipped', reason: `plan ${planId} not found` };
    if (plan.statut !== 'accepted') return { status: 'skipped', reason: `plan ${planId} is ${plan.statut}, not accepted` };
    const messages = weekMessagesForTechnicians(deps.db, planId);
    const deliveries: Delivery[] = [];
    let noAccount = 0;
    for (const m of messages) {
      const user = m.email ? resolveUser(deps.db, { email: m.email }) : null;
      if (!user) {
        noAccount++;
        continue;
      }
      const hello = t(m.langue, 'Votre semaine est planifiée :', 'Your week is planned:');
      deliveries.push({ target: { userId: user.userId }, who: user.email, reply: { ...m.reply, text: `${hello}\n${m.reply.text}` }, key: `${PLAN_NOTIFY_KIND}:${planId}:technicien:${m.technicienId}` });
    }
    const outcome = await deliverAll(deps, job, ctx, 'technicians told their week', deliveries);
    return outcome.status === 'done' ? { status: 'done', note: `${outcome.note ?? ''}, no account ${noAccount}` } : outcome;
  };
}
