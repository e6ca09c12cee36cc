/**
 * The survey's jobs (issue 6):
 * - `survey.scan` (recurring): the signed reports without a survey get one, with their send / remind / close jobs;
 * - `survey.send`, `survey.remind`, `survey.close` (one each per survey, payload { satisfactionId }): the survey
 *   service's step, then the SMS outbox is flushed at once (the outbox keys make a retry send nothing twice);
 * - `survey.alert` (one per alert, payload { alertId }, enqueued with the alert by the service): the alert card
 *   to the right people — a low score to the planners (with the "call done" button), a problem not solved to
 *   the technical director(s) and Gaëtan (technician 1, who takes the free re-intervention), a late reply to
 *   the planners — each in their language. One outbox key per alert and recipient.
 */
import { z } from 'zod';
import type { User } from '../../core/access/types.ts';
import { alertReply, loadSurveyAlert, type SurveyAlertKind } from '../../core/conversation/verbs/survey-alert.ts';
import type { Job, JobHandler, JobOutcome } from '../../core/jobs/index.ts';
import { closeSurvey, planSurveys, remindSurvey, sendSurvey, type SurveySettings, type SurveyStepReport } from '../../core/survey/index.ts';
import { deliverAll, usersWithRole, type Delivery, type PushDeps } from './deliver.ts';

export const SURVEY_SCAN_KIND = 'survey.scan';
export const SURVEY_SEND_KIND = 'survey.send';
export const SURVEY_REMIND_KIND = 'survey.remind';
export const SURVEY_CLOSE_KIND = 'survey.close';
export const SURVEY_ALERT_KIND = 'survey.alert';

/** Gaëtan Morel, the technician told of every problem not solved (he takes the free re-interventions). */
export const REINTERVENTION_TECHNICIEN_ID = 1;

export interface SurveyJobDeps extends PushDeps {
  /** the SMS dispatcher: flushed after each step so the messages leave at once */
  sms?: { flush(): Promise<unknown> };
  /** absent: the survey jobs are skipped (with the reason) */
  survey?: { settings: SurveySettings; reportDir: string };
}

const SurveyPayload = z.object({ satisfactionId: z.number({ error: 'payload.satisfactionId must be a number' }).int().positive() });
const AlertPayload = z.object({ alertId: z.number({ error: 'payload.alertId must be a number' }).int().positive() });

function payloadOf<T>(schema: z.ZodType<T>, job: Job): { value: T } | { reason: string } {
  const parsed = schema.safeParse(job.payload);
  return parsed.success ? { value: parsed.data } : { reason: `bad payload: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

const NOT_CONFIGURED: JobOutcome = { status: 'skipped', reason: 'survey not configured (config.survey absent)' };

export function surveyScanHandler(deps: SurveyJobDeps): JobHandler {
  return async (_job, ctx) => {
    if (!deps.survey) return NOT_CONFIGURED;
    const r = planSurveys(deps.db, ctx.now, deps.survey.settings);
    return { status: 'done', note: `planned ${r.created}, skipped recent ${r.skipped.recent}, opted out ${r.skipped.optedOut}, no phone ${r.skipped.noPhone}` };
  };
}

/** A survey step (send, remind, close) through the service, then the SMS outbox flushed. */
function stepHandler(deps: SurveyJobDeps, what: string, run: (satisfactionId: number, now: Date, settings: SurveySettings) => SurveyStepReport): JobHandler {
  return async (job, ctx) => {
    if (!deps.survey) return NOT_CONFIGURED;
    const p = payloadOf(SurveyPayload, job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const report = run(p.value.satisfactionId, ctx.now, deps.survey.settings);
    ctx.extendLease();
    // the SMS leave in the background at the provider's rate: the dispatcher runs one flush at a time and goes round
    // again for what was queued meanwhile (the outbox holds them; its periodic flush sends them after a crash).
    // Awaiting it here made every job wait for its provider call: one SMS per round trip, whatever the rate.
    if (report.queued.length > 0) deps.sms?.flush().catch((err: unknown) => deps.log?.error({ err, job: job.key }, 'sms: flush failed'));
    // let I/O (webhooks, the provider's answers) run between jobs: a burst of due jobs would hold the event loop
    await new Promise<void>((resolve) => setImmediate(resolve));
    const deferred = report.deferredUntil ? `, outside the sending hours: moved to ${report.deferredUntil.toISOString()}` : '';
    deps.log?.info({ job: job.key, satisfactionId: p.value.satisfactionId, queued: report.queued.length, alerts: report.alerts.length, deferredUntil: report.deferredUntil?.toISOString() }, what);
    return { status: 'done', note: `${what}: ${report.queued.length} SMS queued, ${report.alerts.length} alert(s)${deferred}` };
  };
}

export const surveySendHandler = (deps: SurveyJobDeps): JobHandler => stepHandler(deps, 'survey sent', (id, now, settings) => sendSurvey(deps.db, id, now, settings));
export const surveyRemindHandler = (deps: SurveyJobDeps): JobHandler => stepHandler(deps, 'survey reminder', (id, now, settings) => remindSurvey(deps.db, id, now, settings));
export const surveyCloseHandler = (deps: SurveyJobDeps): JobHandler => stepHandler(deps, 'survey closed', (id, now) => closeSurvey(deps.db, id, now));

/** Who is told of an alert of this kind, in user id order, each once. */
export function alertRecipients(deps: Pick<PushDeps, 'db'>, kind: SurveyAlertKind): User[] {
  if (kind !== 'non_resolu') return usersWithRole(deps.db, 'planning');
  const people = usersWithRole(deps.db, 'technical_director', 'technician').filter((u) => u.role === 'technical_director' || u.technicienId === REINTERVENTION_TECHNICIEN_ID);
  return people;
}

export function surveyAlertHandler(deps: SurveyJobDeps): JobHandler {
  return async (job, ctx) => {
    const p = payloadOf(AlertPayload, job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const alert = loadSurveyAlert(deps.db, p.value.alertId);
    if (!alert) return { status: 'skipped', reason: `alert ${p.value.alertId} not found` };
    const recipients = alertRecipients(deps, alert.kind);
    const deliveries = recipients.map(
      (u): Delivery => ({ target: { userId: u.userId }, who: u.email, reply: alertReply(alert, u.langue, { reader: u }), key: `survey.alert:${alert.alertId}:user:${u.userId}` }),
    );
    const outcome = await deliverAll(deps, job, ctx, `survey alert ${alert.kind}`, deliveries, { unit: 'alert card' });
    return outcome.status === 'done' ? { status: 'done', note: `alert ${alert.alertId} (${alert.kind}) to ${recipients.length}: ${outcome.note ?? ''}` } : outcome;
  };
}
