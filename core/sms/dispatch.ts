/**
 * The bookkeeping of SMS sending, channel-neutral (no provider here): the outbox rows of `sms_messages` (queued by
 * outbox.ts) are claimed under a lease, marked 'sending' BEFORE the provider is called and 'sent' with the
 * provider's SID AFTER. A row left 'sending' without a SID (the process died during the call, or the answer was
 * ambiguous) is given back only after its lease expires, and must be reconciled with the provider's records
 * before anything is resent (`needsReconcile`).
 *
 * Inbound SMS are recorded once per MessageSid (`sms_inbound` pk), delivery statuses once per (sid, status)
 * (`sms_status_events`), applied in rank order so a late 'sent' never moves a 'delivered' message back.
 *
 * Instants are ISO 8601 UTC strings (`Date.toISOString()`), compared as text.
 */
import type { Db } from '../warehouse/db.ts';
import { SMS_STATUSES } from '../warehouse/tables/survey.ts';
import { getSms, toMessage, type SmsMessage, type SmsRow, type SmsStatus } from './outbox.ts';

export type { SmsStatus, SmsMessage };

const iso = (d: Date): string => d.toISOString();

/** The outbox row holding a provider SID. */
export function getSmsBySid(db: Db, sid: string): SmsMessage | null {
  const row = db.prepare('SELECT message_id FROM sms_messages WHERE sid = ?').get(sid) as { message_id: number } | undefined;
  return row ? getSms(db, row.message_id) : null;
}

/** Counts by status (progress, health). */
export function smsCounts(db: Db): Record<SmsStatus, number> {
  const out = Object.fromEntries(SMS_STATUSES.map((s) => [s, 0])) as Record<SmsStatus, number>;
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM sms_messages GROUP BY status').all() as { status: SmsStatus; n: number }[]) out[r.status] = r.n;
  return out;
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  /** how long this owner holds the claimed rows before trying them (default 2 min) */
  leaseMs?: number;
  /** rows per claim (default 100) */
  limit?: number;
}

export interface ClaimedSms extends SmsMessage {
  /** a previous sender marked it 'sending' and never stored a SID: ask the provider before sending again */
  needsReconcile: boolean;
}

const claimed = (r: SmsRow): ClaimedSms => ({ ...toMessage(r), needsReconcile: r.status === 'sending' });

/**
 * Takes the next rows to send: 'pending' ones, and 'sending' ones without a SID whose sender's lease expired, in
 * queue order. The status is not changed (a claimed row not tried yet is simply claimed again after the lease).
 */
export function claimSms(db: Db, options: ClaimOptions): ClaimedSms[] {
  const now = iso(options.now);
  const until = iso(new Date(options.now.getTime() + (options.leaseMs ?? 120_000)));
  return db.transaction((): ClaimedSms[] => {
    const rows = db
      .prepare(
        `UPDATE sms_messages SET lease_owner = @owner, lease_until = @until
         WHERE message_id IN (
           SELECT message_id FROM sms_messages
           WHERE (status = 'pending' OR (status = 'sending' AND sid IS NULL)) AND (lease_until IS NULL OR lease_until <= @now)
           ORDER BY message_id LIMIT @limit)
         RETURNING *`,
      )
      .all({ owner: options.owner, until, now, limit: options.limit ?? 100 }) as SmsRow[];
    return rows.sort((a, b) => a.message_id - b.message_id).map(claimed);
  }).immediate();
}

/**
 * Records the intent just before the provider call: 'sending', one more attempt, the lease extended to cover the
 * call. False when this owner lost the row (lease taken over) or it is no longer to be sent (cancelled by an
 * opt-out meanwhile, already sent).
 */
export function markSending(db: Db, messageId: number, owner: string, now: Date, leaseMs = 120_000): boolean {
  return (
    db
      .prepare(
        `UPDATE sms_messages SET status = 'sending', attempts = attempts + 1, lease_until = ?, updated_at = ?
         WHERE message_id = ? AND lease_owner = ? AND status IN ('pending', 'sending') AND sid IS NULL`,
      )
      .run(iso(new Date(now.getTime() + leaseMs)), iso(now), messageId, owner).changes === 1
  );
}

/** Keeps the row while this owner waits (backoff) before another try. */
export function extendSmsLease(db: Db, messageId: number, owner: string, until: Date): boolean {
  return db.prepare('UPDATE sms_messages SET lease_until = ? WHERE message_id = ? AND lease_owner = ? AND sid IS NULL').run(iso(until), messageId, owner).changes === 1;
}

/** Status rank: a status only moves forward (a late 'sent' never undoes 'delivered'). */
const RANK: Record<SmsStatus, number> = { pending: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, cancelled: 3 };

/** A provider status → ours; null for the ones that change nothing (queued, accepted, sending, scheduled…). */
export function providerStatus(status: string): SmsStatus | null {
  switch (status.toLowerCase()) {
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
      return 'failed';
    case 'canceled':
    case 'cancelled':
      return 'cancelled';
    default:
      return null;
  }
}

/** The best status the recorded events of a sid give, and the error code that came with it. */
function statusFromEvents(db: Db, sid: string): { status: SmsStatus; errorCode: number | null } | null {
  const events = db.prepare('SELECT status, error_code FROM sms_status_events WHERE sid = ? ORDER BY event_id').all(sid) as { status: string; error_code: number | null }[];
  let best: { status: SmsStatus; errorCode: number | null } | null = null;
  for (const e of events) {
    const s = providerStatus(e.status);
    if (s && (!best || RANK[s] > RANK[best.status])) best = { status: s, errorCode: e.error_code };
  }
  return best;
}

export interface MarkSentResult {
  ok: boolean;
  /** the row's status now: 'sent', or further when status callbacks came before the SID was stored */
  status: SmsStatus | null;
}

/**
 * Stores the provider's SID: 'sent' (or the status its callbacks already told — they may arrive before this write).
 * False when the row is not this owner's 'sending' row any more.
 */
export function markSent(db: Db, messageId: number, owner: string, sid: string, now: Date): MarkSentResult {
  return db.transaction((): MarkSentResult => {
    const fromEvents = statusFromEvents(db, sid);
    const status: SmsStatus = fromEvents && RANK[fromEvents.status] > RANK.sent ? fromEvents.status : 'sent';
    const changed = db
      .prepare(
        `UPDATE sms_messages SET status = @status, sid = @sid, sent_at = @now, updated_at = @now, lease_owner = NULL, lease_until = NULL,
           error_code = @code, last_error = NULL
         WHERE message_id = @id AND lease_owner = @owner AND status = 'sending' AND sid IS NULL`,
      )
      .run({ status, sid: sid.slice(0, 40), now: iso(now), code: status === 'sent' ? null : (fromEvents?.errorCode ?? null), id: messageId, owner }).changes;
    return { ok: changed === 1, status: changed === 1 ? status : (getSms(db, messageId)?.status ?? null) };
  }).immediate();
}

export interface RetryLater {
  /** not tried before this instant */
  retryAt: Date;
  error: string;
  errorCode?: number | null;
  /** the provider may have accepted it (no answer, 5xx): the row stays 'sending' so it is reconciled before a resend */
  ambiguous: boolean;
}

/** Gives the row back to be tried again at `retryAt` (a throttled or failed call). Nothing is dropped. */
export function retrySmsLater(db: Db, messageId: number, owner: string, r: RetryLater, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE sms_messages SET status = @status, lease_owner = NULL, lease_until = @at, last_error = @error, error_code = @code, updated_at = @now
         WHERE message_id = @id AND lease_owner = @owner AND status IN ('pending', 'sending') AND sid IS NULL`,
      )
      .run({ status: r.ambiguous ? 'sending' : 'pending', at: iso(r.retryAt), error: r.error.slice(0, 500), code: r.errorCode ?? null, now: iso(now), id: messageId, owner })
      .changes === 1
  );
}

/**
 * Gives the row back untried until `until` (outside the allowed sending hours): 'pending' again, or left 'sending'
 * with `keepSending` when an earlier call may have reached the provider (so it is reconciled before it is sent).
 * The attempts, the last error and the queue order are kept. False when the row is no longer this owner's.
 */
export function holdSms(db: Db, messageId: number, owner: string, until: Date, now: Date, keepSending = false): boolean {
  return (
    db
      .prepare(
        `UPDATE sms_messages SET status = CASE WHEN @keep = 1 THEN status ELSE 'pending' END, lease_owner = NULL, lease_until = @until, updated_at = @now
         WHERE message_id = @id AND lease_owner = @owner AND status IN ('pending', 'sending') AND sid IS NULL`,
      )
      .run({ keep: keepSending ? 1 : 0, until: iso(until), now: iso(now), id: messageId, owner }).changes === 1
  );
}

/** A definitive refusal (invalid number, unsubscribed…): 'failed' (or 'cancelled'), never tried again. */
export function markSmsFailed(db: Db, messageId: number, owner: string, f: { status?: 'failed' | 'cancelled'; error: string; errorCode?: number | null }, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE sms_messages SET status = @status, lease_owner = NULL, lease_until = NULL, last_error = @error, error_code = @code, updated_at = @now
         WHERE message_id = @id AND lease_owner = @owner AND status IN ('pending', 'sending') AND sid IS NULL`,
      )
      .run({ status: f.status ?? 'failed', error: f.error.slice(0, 500), code: f.errorCode ?? null, now: iso(now), id: messageId, owner }).changes === 1
  );
}

/** SIDs among these that some row already holds (a provider message already accounted for). */
export function knownSids(db: Db, sids: readonly string[]): Set<string> {
  const out = new Set<string>();
  const get = db.prepare('SELECT 1 FROM sms_messages WHERE sid = ?');
  for (const s of sids) if (get.get(s)) out.add(s);
  return out;
}

// ── inbound ───────────────────────────────────────────────────────────────────────────────────────────────

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
}

/** Records an incoming SMS once per MessageSid; `created: false` for a replay (or Twilio's retry). */
export function recordInbound(db: Db, sms: InboundSms, now: Date): { created: boolean } {
  const r = db
    .prepare(
      `INSERT INTO sms_inbound (message_sid, from_number, to_number, body, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (message_sid) DO NOTHING`,
    )
    .run(sms.messageSid.slice(0, 40), sms.from.slice(0, 16), sms.to.slice(0, 16), sms.body.slice(0, 1600), iso(now));
  return { created: r.changes === 1 };
}

/** Marks an inbound SMS processed (once); false when it already was. */
export function markInboundProcessed(db: Db, messageSid: string, outcome: string, now: Date): boolean {
  return db.prepare('UPDATE sms_inbound SET processed_at = ?, outcome = ? WHERE message_sid = ? AND processed_at IS NULL').run(iso(now), outcome.slice(0, 40), messageSid).changes === 1;
}

/** Inbound SMS recorded but not processed (the process stopped in between), oldest first. */
export function unprocessedInbound(db: Db, limit = 100): (InboundSms & { receivedAt: Date })[] {
  const rows = db
    .prepare('SELECT message_sid, from_number, to_number, body, received_at FROM sms_inbound WHERE processed_at IS NULL ORDER BY received_at, message_sid LIMIT ?')
    .all(limit) as { message_sid: string; from_number: string; to_number: string; body: string; received_at: string }[];
  return rows.map((r) => ({ messageSid: r.message_sid, from: r.from_number, to: r.to_number, body: r.body, receivedAt: new Date(r.received_at) }));
}

// ── delivery statuses ─────────────────────────────────────────────────────────────────────────────────────

export interface StatusEvent {
  sid: string;
  status: string;
  errorCode?: number | null;
}

export interface RecordStatusResult {
  /** the same (sid, status) was recorded before: nothing done */
  duplicate: boolean;
  /** the outbox row of that SID (null when the SID is not stored yet: the event is applied when it is) */
  message: SmsMessage | null;
  /** the row's status changed */
  changed: boolean;
}

/** Records a delivery status once per (sid, status) and moves the row forward (never back). */
export function recordStatus(db: Db, e: StatusEvent, now: Date): RecordStatusResult {
  return db.transaction((): RecordStatusResult => {
    const status = e.status.toLowerCase().slice(0, 20);
    const inserted = db
      .prepare('INSERT INTO sms_status_events (sid, status, error_code, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (sid, status) DO NOTHING')
      .run(e.sid.slice(0, 40), status, e.errorCode ?? null, iso(now)).changes;
    const before = getSmsBySid(db, e.sid);
    if (inserted === 0) return { duplicate: true, message: before, changed: false };
    const next = providerStatus(status);
    if (!before || !next || RANK[next] <= RANK[before.status]) return { duplicate: false, message: before, changed: false };
    db.prepare('UPDATE sms_messages SET status = ?, error_code = COALESCE(?, error_code), updated_at = ? WHERE message_id = ?').run(next, e.errorCode ?? null, iso(now), before.messageId);
    return { duplicate: false, message: getSms(db, before.messageId), changed: true };
  }).immediate();
}
