/** One pass of the scheduler: claim what is due (for the kinds this process knows), run each, record the outcome. */
import type { Db } from '../warehouse/db.ts';
import { claimDue, completeJob, DEFAULT_LEASE_MS, extendLease, failJob, type BackoffOptions } from './queue.ts';
import type { HandlerRegistry, Job } from './types.ts';

export interface RunOptions {
  owner: string;
  /** the clock, read at each claim and each outcome */
  now: () => Date;
  handlers: HandlerRegistry;
  leaseMs?: number;
  /** jobs claimed per round (default 10); rounds go on until nothing is due */
  batch?: number;
  backoff?: BackoffOptions;
  /** told of each job's outcome (logging) */
  onEvent?: (event: JobEvent) => void;
}

export type JobEvent =
  | { type: 'done' | 'skipped'; job: Job; note: string | null }
  | { type: 'retry'; job: Job; error: string; runAfter: Date }
  | { type: 'failed'; job: Job; error: string }
  /** the lease was taken over by another process before this one finished */
  | { type: 'lost'; job: Job };

export interface RunReport {
  done: string[];
  skipped: string[];
  retried: string[];
  failed: string[];
  lost: string[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs every due job once, in due order, one at a time. Never throws for a job's failure. */
export async function runDueJobs(db: Db, options: RunOptions): Promise<RunReport> {
  const report: RunReport = { done: [], skipped: [], retried: [], failed: [], lost: [] };
  const kinds = Object.keys(options.handlers);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batch = options.batch ?? 10;
  const emit = options.onEvent ?? (() => undefined);
  if (kinds.length === 0) return report;
  for (;;) {
    const round = claimDue(db, { owner: options.owner, now: options.now(), leaseMs, limit: batch, kinds });
    for (const job of round.skipped) {
      report.skipped.push(job.key);
      emit({ type: 'skipped', job, note: job.lastError });
    }
    for (const job of round.failed) {
      report.failed.push(job.key);
      emit({ type: 'failed', job, error: job.lastError ?? 'lease expired' });
    }
    for (const job of round.claimed) await runOne(db, job, options, leaseMs, report, emit);
    if (round.claimed.length < batch) return report;
  }
}

async function runOne(db: Db, job: Job, options: RunOptions, leaseMs: number, report: RunReport, emit: (e: JobEvent) => void): Promise<void> {
  const handler = options.handlers[job.kind]!;
  const ctx = {
    now: options.now(),
    owner: options.owner,
    extendLease: (ms = leaseMs) => {
      const now = options.now();
      return extendLease(db, job, options.owner, new Date(now.getTime() + ms), now);
    },
  };
  try {
    const outcome = (await handler(job, ctx)) ?? { status: 'done' as const };
    const note = outcome.status === 'done' ? (outcome.note ?? null) : outcome.reason;
    if (completeJob(db, job, options.owner, options.now(), outcome.status, note)) {
      report[outcome.status === 'done' ? 'done' : 'skipped'].push(job.key);
      emit({ type: outcome.status, job, note });
    } else {
      report.lost.push(job.key);
      emit({ type: 'lost', job });
    }
  } catch (err) {
    const result = failJob(db, job, options.owner, err, options.now(), options.backoff);
    if (result.status === 'retry') {
      report.retried.push(job.key);
      emit({ type: 'retry', job, error: message(err), runAfter: result.runAfter });
    } else if (result.status === 'failed') {
      report.failed.push(job.key);
      emit({ type: 'failed', job, error: message(err) });
    } else {
      report.lost.push(job.key);
      emit({ type: 'lost', job });
    }
  }
}
