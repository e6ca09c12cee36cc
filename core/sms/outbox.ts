/**
 * The outbound SMS outbox (channel-neutral: no provider here). A message is recorded under an idempotency key
 * before anything is sent, so queueing it again changes nothing; core/sms/dispatch.ts claims and sends them.
 * A client who opted out is never texted: a message to them (by client id or by number) is created
 * 'cancelled', except the one confirmation of the opt-out itself (`ignoreOptOut`).
 */
import { z } from 'zod';
import type { Db } from '../warehouse/db.ts';
import type { SMS_STATUSES } from '../warehouse/tables/survey.ts';
import { isE164 } from './phone.ts';

export type SmsStatus = (typeof SMS_STATUSES)[number];

/** The longest body queued (10 concatenated segments; Twilio refuses more than 1600 characters). */
export const MAX_SMS_BODY = 1600;

export const QueueSmsSchema = z.object({
  key: z.string().trim().min(1, 'key is required').max(200, 'key is longer than 200 characters'),
  to: z.string().refine(isE164, 'to must be an E.164 number such as +33612345678'),
  body: z.string().min(1, 'body is empty').max(MAX_SMS_BODY, `body is longer than ${MAX_SMS_BODY} characters`),
  satisfactionId: z.number().int().positive().nullish(),
  clientId: z.number().int().positive().nullish(),
  /** Send even to an opted-out number: only for the confirmation of that opt-out. */
  ignoreOptOut: z.boolean().optional(),
});
export type QueueSmsInput = z.input<typeof QueueSmsSchema>;

export interface QueueSmsResult {
  messageId: number;
  /** false when a message with this key already existed (returned unchanged) */
  created: boolean;
  status: SmsStatus;
}

export interface SmsMessage {
  messageId: number;
  key: string;
  satisfactionId: number | null;
  clientId: number | null;
  to: string;
  body: string;
  status: SmsStatus;
  sid: string | null;
  errorCode: number | null;
  lastError: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

/** A row of sms_messages as SQLite returns it. */
export interface SmsRow {
  message_id: number;
  idempotency_key: string;
  satisfaction_id: number | null;
  client_id: number | null;
  to_number: string;
  body: string;
  status: SmsStatus;
  sid: string | null;
  error_code: number | null;
  last_error: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export const toMessage = (r: SmsRow): SmsMessage => ({
  messageId: r.message_id,
  key: r.idempotency_key,
  satisfactionId: r.satisfaction_id,
  clientId: r.client_id,
  to: r.to_number,
  body: r.body,
  status: r.status,
  sid: r.sid,
  errorCode: r.error_code,
  lastError: r.last_error,
  attempts: r.attempts,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  sentAt: r.sent_at === null ? null : new Date(r.sent_at),
});

/** Whether this client (or any client with this number) asked not to be texted. */
export function isOptedOut(db: Db, to: string, clientId?: number | null): boolean {
  const row = db
    .prepare('SELECT 1 FROM dim_clients WHERE sms_opt_out = 1 AND (client_id = @clientId OR telephone = @to) LIMIT 1')
    .get({ clientId: clientId ?? null, to });
  return row !== undefined;
}

/** Records an SMS to send, once per key. Throws an Error naming the field for bad input. */
export function queueSms(db: Db, input: QueueSmsInput, now: Date): QueueSmsResult {
  const parsed = QueueSmsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`queueSms: invalid ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const v = parsed.data;
  return db.transaction((): QueueSmsResult => {
    const existing = db.prepare('SELECT message_id, status FROM sms_messages WHERE idempotency_key = ?').get(v.key) as { message_id: number; status: SmsStatus } | undefined;
    if (existing) return { messageId: existing.message_id, created: false, status: existing.status };
    const status: SmsStatus = !v.ignoreOptOut && isOptedOut(db, v.to, v.clientId) ? 'cancelled' : 'pending';
    const at = now.toISOString();
    const info = db
      .prepare(
        `INSERT INTO sms_messages (idempotency_key, satisfaction_id, client_id, to_number, body, status, attempts, created_at, updated_at)
         VALUES (@key, @satisfactionId, @clientId, @to, @body, @status, 0, @at, @at)`,
      )
      .run({ key: v.key, satisfactionId: v.satisfactionId ?? null, clientId: v.clientId ?? null, to: v.to, body: v.body, status, at });
    return { messageId: Number(info.lastInsertRowid), created: true, status };
  })();
}

/** Cancels the messages not yet handed to the provider (status 'pending') of a client (and its number) or a survey. */
export function cancelPendingSms(db: Db, target: { clientId: number } | { satisfactionId: number }, now: Date): number {
  const at = now.toISOString();
  if ('clientId' in target) {
    return db
      .prepare(
        `UPDATE sms_messages SET status = 'cancelled', updated_at = @at
         WHERE status = 'pending' AND (client_id = @id OR to_number = (SELECT telephone FROM dim_clients WHERE client_id = @id))`,
      )
      .run({ at, id: target.clientId }).changes;
  }
  return db.prepare("UPDATE sms_messages SET status = 'cancelled', updated_at = @at WHERE status = 'pending' AND satisfaction_id = @id").run({ at, id: target.satisfactionId }).changes;
}

export function getSms(db: Db, messageId: number): SmsMessage | null {
  const row = db.prepare('SELECT * FROM sms_messages WHERE message_id = ?').get(messageId) as SmsRow | undefined;
  return row ? toMessage(row) : null;
}

/** Messages in creation order, optionally of one status, survey, client or number. */
export function listSms(db: Db, filter: { status?: SmsStatus; satisfactionId?: number; clientId?: number; to?: string } = {}): SmsMessage[] {
  const rows = db
    .prepare(
      `SELECT * FROM sms_messages
       WHERE (@status IS NULL OR status = @status) AND (@sat IS NULL OR satisfaction_id = @sat)
         AND (@client IS NULL OR client_id = @client) AND (@to IS NULL OR to_number = @to)
       ORDER BY message_id`,
    )
    .all({ status: filter.status ?? null, sat: filter.satisfactionId ?? null, client: filter.clientId ?? null, to: filter.to ?? null }) as SmsRow[];
  return rows.map(toMessage);
}
