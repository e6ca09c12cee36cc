/**
 * The jobs table as a queue: enqueue under an idempotency key, claim what is due under a lease (owner + expiry),
 * complete, or fail with exponential backoff. Every state change is one guarded UPDATE inside an IMMEDIATE
 * transaction, so several processes on one SQLite (WAL) file each run a job exactly once; a process that dies
 * while running leaves a lease that expires, and another process takes the job over.
 */
import { z } from 'zod';
import type { Db } from '../warehouse/db.ts';
import { withAppLock } from '../warehouse/mssql/applock.ts';
import type { EnqueueInput, Job, JobStatus } from './types.ts';

interface JobRow {
  job_id: number;
  idempotency_key: string;
  kind: string;
  payload: string;
  status: JobStatus;
  due_at: string;
  run_after: string;
  max_lateness_ms: number | null;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

const date = (s: string | null): Date | null => (s === null ? null : new Date(s));

function toJob(r: JobRow): Job {
  return {
    jobId: r.job_id,
    key: r.idempotency_key,
    kind: r.kind,
    payload: JSON.parse(r.payload) as unknown,
    status: r.status,
    dueAt: new Date(r.due_at),
    runAfter: new Date(r.run_after),
    maxLatenessMs: r.max_lateness_ms,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    leaseOwner: r.lease_owner,
    leaseUntil: date(r.lease_until),
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    finishedAt: date(r.finished_at),
  };
}

const iso = (d: Date): string => d.toISOString();
const cutError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 2000);

const EnqueueSchema = z.object({
  key: z.string().trim().min(1, 'key is required').max(200, 'key is longer than 200 characters'),
  kind: z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/i, 'kind must be 1–64 letters, digits, ".", "_" or "-", starting with a letter'),
  payload: z.unknown().optional(),
  dueAt: z.date({ error: 'dueAt must be a Date' }).refine((d) => !Number.isNaN(d.getTime()), 'dueAt is not a valid date'),
  maxLatenessMs: z.number().int().min(0).nullable().optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
});

export interface EnqueueResult {
  job: Job;
  /** false when a job with this key already existed (it is returned unchanged) */
  created: boolean;
}

/** Adds a job unless its key exists. Throws an Error naming the field for bad input. */
export function enqueue(db: Db, input: EnqueueInput, now: Date): EnqueueResult {
  const parsed = EnqueueSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`enqueue: invalid ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const v = parsed.data;
  const payload = JSON.stringify(v.payload ?? null);
  if (payload === undefined) throw new Error('enqueue: invalid payload: not JSON-serialisable');
  const info = db
    .prepare(
      `INSERT INTO jobs (idempotency_key, kind, payload, status, due_at, run_after, max_lateness_ms, attempts, max_attempts, created_at, updated_at)
       VALUES (@key, @kind, @payload, 'pending', @due, @due, @lateness, 0, @maxAttempts, @now, @now)
       ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .run({ key: v.key, kind: v.kind, payload, due: iso(v.dueAt), lateness: v.maxLatenessMs ?? null, maxAttempts: v.maxAttempts ?? 5, now: iso(now) });
  const job = findJob(db, v.key);
  if (!job) throw new Error(`enqueue: job ${v.key} vanished`);
  return { job, created: info.changes === 1 };
}

export function getJob(db: Db, jobId: number): Job | null {
  const row = db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow | undefined;
  return row ? toJob(row) : null;
}

export function findJob(db: Db, key: string): Job | null {
  const row = db.prepare('SELECT * FROM jobs WHERE idempotency_key = ?').get(key) as JobRow | undefined;
  return row ? toJob(row) : null;
}

export function listJobs(db: Db, filter: { status?: JobStatus; kind?: string } = {}): Job[] {
  const rows = db
    .prepare(
      `SELECT * FROM jobs WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind) ORDER BY due_at, job_id`,
    )
    .all({ status: filter.status ?? null, kind: filter.kind ?? null }) as JobRow[];
  return rows.map(toJob);
}

export interface ClaimOptions {
  /** this process */
  owner: string;
  now: Date;
  /** how long the claim holds before another process may take the job over (default 5 min) */
  leaseMs?: number;
  /** at most this many claimed (default 10) */
  limit?: number;
  /** only these kinds (the ones this process can run); default all */
  kinds?: readonly string[];
}

export interface ClaimResult {
  /** now running under this owner's lease, attempts incremented */
  claimed: Job[];
  /** due longer ago than their max lateness: marked skipped, never run */
  skipped: Job[];
  /** lease expired (the runner died) with no attempt left: marked failed */
  failed: Job[];
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Claims due jobs: pending ones whose `run_after` has come, and running ones whose lease expired (their runner
 * died). Too-late ones are marked skipped and expired ones without attempts left failed, in the same
 * transaction. BEGIN IMMEDIATE takes SQLite's write lock first, so two processes never claim the same row.
 */
export function claimDue(db: Db, options: ClaimOptions): ClaimResult {
  const now = iso(options.now);
  const until = iso(new Date(options.now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS)));
  const limit = options.limit ?? 10;
  const kinds = options.kinds ? JSON.stringify(options.kinds) : null;
  const result: ClaimResult = { claimed: [], skipped: [], failed: [] };
  const select = db.prepare(
    `SELECT * FROM jobs
     WHERE ((status = 'pending' AND run_after <= @now) OR (status = 'running' AND lease_until <= @now))
       AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
     ORDER BY run_after, job_id LIMIT @scan`,
  );
  const finish = db.prepare(
    `UPDATE jobs SET status = @status, last_error = @error, lease_owner = NULL, lease_until = NULL, finished_at = @now, updated_at = @now
     WHERE job_id = @id`,
  );
  const take = db.prepare(
    `UPDATE jobs SET status = 'running', lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now
     WHERE job_id = @id AND ((status = 'pending' AND run_after <= @now) OR (status = 'running' AND lease_until <= @now))`,
  );
  withAppLock(db, 'sav-jobs', () => {
    const rows = select.all({ now, kinds, scan: limit * 4 + 20 }) as JobRow[];
    for (const row of rows) {
      if (result.claimed.length >= limit) break;
      const job = toJob(row);
      const late = job.maxLatenessMs !== null ? options.now.getTime() - job.dueAt.getTime() - job.maxLatenessMs : -1;
      if (job.status === 'running' && job.attempts >= job.maxAttempts) {
        const error = `lease of ${job.leaseOwner ?? '?'} expired after attempt ${job.attempts}/${job.maxAttempts}: not retried`;
        finish.run({ id: job.jobId, status: 'failed', error, now });
        result.failed.push({ ...job, status: 'failed', lastError: error });
      } else if (late > 0) {
        const error = `too late: due ${iso(job.dueAt)}, max lateness ${Math.round(job.maxLatenessMs! / 60_000)} min, claimed ${now}`;
        finish.run({ id: job.jobId, status: 'skipped', error, now });
        result.skipped.push({ ...job, status: 'skipped', lastError: error });
      } else if (take.run({ id: job.jobId, owner: options.owner, until, now }).changes === 1) {
        result.claimed.push(getJob(db, job.jobId)!);
      }
    }
  });
  return result;
}

/** Marks a claimed job done. False when this owner no longer holds it (its lease expired and was taken over). */
export function completeJob(db: Db, job: Pick<Job, 'jobId'>, owner: string, now: Date, status: 'done' | 'skipped' = 'done', note: string | null = null): boolean {
  return (
    db
      .prepare(
        `UPDATE jobs SET status = @status, last_error = @note, lease_owner = NULL, lease_until = NULL, finished_at = @now, updated_at = @now
         WHERE job_id = @id AND status = 'running' AND lease_owner = @owner`,
      )
      .run({ id: job.jobId, owner, now: iso(now), status, note: note === null ? null : note.slice(0, 2000) }).changes === 1
  );
}

export interface BackoffOptions {
  /** first retry delay (default 30 s) */
  baseMs?: number;
  /** cap (default 30 min) */
  maxMs?: number;
}

/** Exponential backoff: base × 2^(attempt − 1), capped. `attempt` is the 1-based attempt that just failed. */
export function backoffMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 30_000;
  const max = options.maxMs ?? 30 * 60_000;
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

export type FailResult = { status: 'retry'; runAfter: Date } | { status: 'failed' } | { status: 'lost' };

/** At most this long is waited for an error's own `retryAfterMs` (e.g. a channel's Retry-After). */
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

/** The delay an error asks for (`retryAfterMs`, e.g. from an HTTP Retry-After), capped; 0 when none. */
function retryAfterOf(error: unknown): number {
  const v = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, MAX_RETRY_AFTER_MS) : 0;
}

/**
 * Records a failed attempt: back to pending after the backoff — or after the error's own `retryAfterMs` when
 * longer — while attempts remain, else failed. 'lost' when this owner no longer holds the job.
 */
export function failJob(db: Db, job: Pick<Job, 'jobId'>, owner: string, error: unknown, now: Date, backoff: BackoffOptions = {}): FailResult {
  return withAppLock(db, 'sav-jobs', (): FailResult => {
    const current = getJob(db, job.jobId);
    if (!current || current.status !== 'running' || current.leaseOwner !== owner) return { status: 'lost' };
    const message = cutError(error);
    if (current.attempts >= current.maxAttempts) {
      db.prepare(
        `UPDATE jobs SET status = 'failed', last_error = ?, lease_owner = NULL, lease_until = NULL, finished_at = ?, updated_at = ? WHERE job_id = ?`,
      ).run(message, iso(now), iso(now), job.jobId);
      return { status: 'failed' };
    }
    const runAfter = new Date(now.getTime() + Math.max(backoffMs(current.attempts, backoff), retryAfterOf(error)));
    db.prepare(
      `UPDATE jobs SET status = 'pending', last_error = ?, run_after = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE job_id = ?`,
    ).run(message, iso(runAfter), iso(now), job.jobId);
    return { status: 'retry', runAfter };
  });
}

/** Pushes the lease of a job this owner runs. False when the lease was lost. */
export function extendLease(db: Db, job: Pick<Job, 'jobId'>, owner: string, until: Date, now: Date): boolean {
  return (
    db
      .prepare(`UPDATE jobs SET lease_until = ?, updated_at = ? WHERE job_id = ? AND status = 'running' AND lease_owner = ?`)
      .run(iso(until), iso(now), job.jobId, owner).changes === 1
  );
}
