import type { JOB_STATUSES, OUTBOX_STATUSES } from '../warehouse/tables/jobs.ts';

export type JobStatus = (typeof JOB_STATUSES)[number];
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One row of `jobs`. */
export interface Job {
  jobId: number;
  key: string;
  kind: string;
  payload: unknown;
  status: JobStatus;
  /** when it was meant to run */
  dueAt: Date;
  /** not claimed before this (later than dueAt after a failure) */
  runAfter: Date;
  maxLatenessMs: number | null;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface EnqueueInput {
  /** unique: enqueueing the same key again changes nothing */
  key: string;
  kind: string;
  payload?: unknown;
  dueAt: Date;
  /** skipped (not run) when claimed later than dueAt + this; default: never too late */
  maxLatenessMs?: number | null;
  /** default 5 */
  maxAttempts?: number;
}

/** What a handler may return; nothing = done. Throwing = failed (retried with backoff while attempts remain). */
export type JobOutcome = { status: 'done'; note?: string } | { status: 'skipped'; reason: string };

export interface JobContext {
  /** the scheduler's clock at claim time */
  now: Date;
  /** the process holding the lease */
  owner: string;
  /** pushes the lease further (long jobs); false when the lease was lost */
  extendLease(ms?: number): boolean;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<JobOutcome | void>;

/** Handlers by job kind. A process only claims the kinds it has a handler for. */
export type HandlerRegistry = Readonly<Record<string, JobHandler>>;

/** A proactive message's record in `outbox`. */
export interface OutboxEntry {
  outboxId: number;
  key: string;
  jobId: number | null;
  /** the target as asked (JSON) */
  target: string;
  conversationId: string | null;
  message: { text: string; card: Record<string, unknown> | null };
  status: OutboxStatus;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  activityId: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}
