/**
 * Persisted jobs (no cron here): the jobs table as a queue with idempotency keys and leases, recurring
 * occurrences from cron expressions, one scheduler pass, and the outbox of proactive messages.
 * The ticking (node-cron) and the sending (Teams) live in bot/.
 */
export * from './types.ts';
export { backoffMs, claimDue, completeJob, DEFAULT_LEASE_MS, enqueue, extendLease, failJob, findJob, getJob, listJobs } from './queue.ts';
export type { BackoffOptions, ClaimOptions, ClaimResult, EnqueueResult, FailResult } from './queue.ts';
export { localParts, nextOccurrence, occurrencesBetween, validateCron } from './recurrence.ts';
export { DEFAULT_LOOKBACK_MS, DEFAULT_MAX_LATENESS_MS, enqueueRecurring, occurrenceKey, validateRecurring, type RecurringDefinition } from './recurring.ts';
export { runDueJobs, type JobEvent, type RunOptions, type RunReport } from './runner.ts';
export { getOutbox, listOutbox, markSent, releaseSend, reserveSend, type ReserveInput, type ReserveResult } from './outbox.ts';
