/**
 * Shared by the push jobs: the job payload `{ date }`, the users of some roles, and the sending of a list of
 * messages through the proactive sender with a tally. Transient failures make the job throw (it is retried
 * with backoff; the outbox keeps what was sent from going twice); a permanent one is counted and logged.
 */
import { z } from 'zod';
import { listUsers } from '../../core/access/index.ts';
import type { Role, User } from '../../core/access/types.ts';
import type { Reply } from '../../core/conversation/types.ts';
import type { Job, JobContext, JobOutcome } from '../../core/jobs/index.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { ProactiveSender, ProactiveTarget } from '../proactive.ts';

export interface PushDeps {
  db: Db;
  proactive: ProactiveSender;
  log?: Logger;
}

export interface Delivery {
  target: ProactiveTarget;
  /** who, in logs and errors */
  who: string;
  reply: Reply;
  /** outbox idempotency key */
  key: string;
}

const DatePayload = z.object({ date: z.iso.date({ error: 'payload.date must be YYYY-MM-DD' }) });

/** The job's local date, or the reason it is unusable. */
export function payloadDate(job: Job): { date: string } | { reason: string } {
  const parsed = DatePayload.safeParse(job.payload);
  return parsed.success ? { date: parsed.data.date } : { reason: `bad payload: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

/** The users having one of `roles`, in user id order. */
export function usersWithRole(db: Db, ...roles: Role[]): User[] {
  return listUsers(db).filter((u) => roles.includes(u.role));
}

export interface DeliverOptions {
  /** what one delivery is called in the retry error (default 'message') */
  unit?: string;
  /** recipients the job left out before sending (e.g. "no stops"), shown in the note after "already sent" */
  skipped?: { label: string; count: number };
}

/** Sends every delivery once (outbox); a note with the tally, or throws when some are worth retrying. */
export async function deliverAll(
  deps: PushDeps,
  job: Job,
  ctx: JobContext,
  what: string,
  deliveries: readonly Delivery[],
  options: DeliverOptions = {},
): Promise<JobOutcome> {
  const { unit = 'message', skipped } = options;
  const tally = { sent: 0, alreadySent: 0, noConversation: 0, failed: 0 };
  const retryLater: string[] = [];
  let retryAfterMs = 0;
  for (const d of deliveries) {
    const result = await deps.proactive.send(d.target, d.reply, { key: d.key, jobId: job.jobId });
    ctx.extendLease();
    if (result.status === 'sent') tally.sent++;
    else if (result.status === 'already_sent') tally.alreadySent++;
    else if (result.status === 'no_conversation') tally.noConversation++;
    else {
      tally.failed++;
      if (result.status === 'busy' || result.retryable) retryLater.push(`${d.who}: ${result.status === 'busy' ? 'being sent by another process' : result.error}`);
      if (result.status === 'failed' && result.retryable) retryAfterMs = Math.max(retryAfterMs, result.retryAfterMs ?? 0);
    }
  }
  deps.log?.info({ job: job.key, ...tally, ...(skipped ? { [skipped.label]: skipped.count } : {}) }, what);
  if (retryLater.length > 0) {
    // the channel's longest Retry-After: the job is not retried before it (core/jobs failJob)
    throw Object.assign(new Error(`${what}: ${retryLater.length} ${unit}(s) to retry — ${retryLater.join('; ')}`), retryAfterMs > 0 ? { retryAfterMs } : {});
  }
  const left = skipped ? `, ${skipped.label} ${skipped.count}` : '';
  return { status: 'done', note: `sent ${tally.sent}, already sent ${tally.alreadySent}${left}, no conversation ${tally.noConversation}, failed ${tally.failed}` };
}
