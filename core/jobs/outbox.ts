/**
 * The outbox of proactive messages: a message is recorded under its idempotency key BEFORE it is sent and marked
 * sent with the channel's activity id AFTER, so a job that runs again (crash, lease taken over) does not send it
 * twice. The sender holds a short lease on the row while sending, so two processes never send the same key at
 * the same time.
 *
 * The one window left: a process that dies after the channel accepted the message and before `markSent`
 * leaves the row 'sending'; when its lease expires the message is sent again (at-least-once, reported as
 * `resend: true`). Teams offers no way to ask whether an activity was delivered.
 */
import type { Db } from '../warehouse/db.ts';
import { withAppLock } from '../warehouse/mssql/applock.ts';
import type { OutboxEntry, OutboxStatus } from './types.ts';

interface OutboxRow {
  outbox_id: number;
  idempotency_key: string;
  job_id: number | null;
  target: string;
  conversation_id: string | null;
  message: string;
  status: OutboxStatus;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  activity_id: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

const date = (s: string | null): Date | null => (s === null ? null : new Date(s));
const iso = (d: Date): string => d.toISOString();

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    outboxId: r.outbox_id,
    key: r.idempotency_key,
    jobId: r.job_id,
    target: r.target,
    conversationId: r.conversation_id,
    message: JSON.parse(r.message) as OutboxEntry['message'],
    status: r.status,
    attempts: r.attempts,
    leaseOwner: r.lease_owner,
    leaseUntil: date(r.lease_until),
    activityId: r.activity_id,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    sentAt: date(r.sent_at),
  };
}

export function getOutbox(db: Db, key: string): OutboxEntry | null {
  const row = db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?').get(key) as OutboxRow | undefined;
  return row ? toEntry(row) : null;
}

export function listOutbox(db: Db, filter: { status?: OutboxStatus; jobId?: number } = {}): OutboxEntry[] {
  const rows = db
    .prepare('SELECT * FROM outbox WHERE (@status IS NULL OR status = @status) AND (@job IS NULL OR job_id = @job) ORDER BY outbox_id')
    .all({ status: filter.status ?? null, job: filter.jobId ?? null }) as OutboxRow[];
  return rows.map(toEntry);
}

export interface ReserveInput {
  key: string;
  jobId?: number | null;
  /** who it is for, as asked (kept as JSON, ≤ 300 characters) */
  target: unknown;
  message: { text: string; card: Record<string, unknown> | null };
  owner: string;
  now: Date;
  /** how long this sender holds the row (default 2 min) */
  leaseMs?: number;
}

export type ReserveResult =
  /** this owner may send now; `resend` when a previous sender died mid-send (it may have been delivered) */
  | { state: 'acquired'; entry: OutboxEntry; resend: boolean }
  /** already sent: do not send again */
  | { state: 'sent'; entry: OutboxEntry }
  /** another process is sending it right now */
  | { state: 'busy'; entry: OutboxEntry };

/**
 * Records the message (if new) and takes the right to send it: a pending, failed or no-target row, or a
 * 'sending' row whose sender's lease expired. The message text/card is refreshed with the latest version.
 */
export function reserveSend(db: Db, input: ReserveInput): ReserveResult {
  const now = iso(input.now);
  const until = iso(new Date(input.now.getTime() + (input.leaseMs ?? 120_000)));
  const message = JSON.stringify({ text: input.message.text, card: input.message.card ?? null });
  const target = JSON.stringify(input.target ?? null).slice(0, 300);
  return withAppLock(db, 'sav-outbox', (): ReserveResult => {
    db.prepare(
      `INSERT INTO outbox (idempotency_key, job_id, target, message, status, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    ).run(input.key, input.jobId ?? null, target, message, now, now);
    const before = getOutbox(db, input.key)!;
    if (before.status === 'sent') return { state: 'sent', entry: before };
    const taken = db
      .prepare(
        `UPDATE outbox SET status = 'sending', lease_owner = @owner, lease_until = @until, attempts = attempts + 1, message = @message,
           job_id = COALESCE(@job, job_id), updated_at = @now
         WHERE idempotency_key = @key AND (status IN ('pending', 'failed', 'no_target') OR (status = 'sending' AND lease_until <= @now))`,
      )
      .run({ owner: input.owner, until, message, job: input.jobId ?? null, now, key: input.key });
    const entry = getOutbox(db, input.key)!;
    if (taken.changes === 0) return { state: 'busy', entry };
    return { state: 'acquired', entry, resend: before.status === 'sending' };
  });
}

/** Marks the message sent, with the channel's activity id. False when this owner no longer holds it. */
export function markSent(db: Db, key: string, owner: string, sent: { conversationId: string; activityId: string }, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'sent', conversation_id = ?, activity_id = ?, sent_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL
         WHERE idempotency_key = ? AND status = 'sending' AND lease_owner = ?`,
      )
      .run(sent.conversationId, sent.activityId.slice(0, 200), iso(now), iso(now), key, owner).changes === 1
  );
}

/** Gives the row back after a failed send ('failed') or when the target has no conversation ('no_target'). */
export function releaseSend(db: Db, key: string, owner: string, status: 'failed' | 'no_target', error: string, now: Date, conversationId: string | null = null): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = ?, last_error = ?, conversation_id = COALESCE(?, conversation_id), updated_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE idempotency_key = ? AND status = 'sending' AND lease_owner = ?`,
      )
      .run(status, error.slice(0, 2000), conversationId, iso(now), key, owner).changes === 1
  );
}
