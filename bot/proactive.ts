/**
 * Proactive messages: a core Reply (card or text) to a user (by user id, email or AAD object id) or to a
 * conversation, through the stored conversation references and the Teams SDK, recorded in the outbox so a
 * message is sent once per idempotency key. 429 and 5xx answers from the channel are retried with backoff,
 * honouring Retry-After.
 *
 * The SDK's `app.send` cannot be used: it throws "App has no credentials set up" in LOCAL mode, and posts to
 * `app.api.serviceUrl` rather than the conversation's own serviceUrl. `app.api.fromServiceUrl` builds an
 * ApiClient for the stored serviceUrl with the app's HTTP client and token provider (no token in LOCAL mode),
 * so the same code posts to Teams, the Agents Playground or the tests' fake channel.
 */
import type { App } from '@microsoft/teams.apps';
import { toActivityParams } from '@microsoft/teams.api';
import type { ConversationRef } from '../core/warehouse/conversation-refs.ts';
import { conversationRefsOfUser, getConversationRef } from '../core/warehouse/conversation-refs.ts';
import type { Db } from '../core/warehouse/db.ts';
import { markSent, releaseSend, reserveSend } from '../core/jobs/index.ts';
import type { Reply } from '../core/conversation/types.ts';
import type { Logger } from './logger.ts';
import { toMessage } from './reply.ts';

export type ProactiveTarget = { userId: number } | { email: string } | { aadObjectId: string } | { conversationId: string };

/** Posts one activity to a conversation; throws with `status` (and `retryAfter`) on an HTTP error. */
export interface ChannelTransport {
  post(ref: ConversationRef, activity: Record<string, unknown>): Promise<{ id: string }>;
}

/** The Teams SDK transport: an ApiClient for the conversation's own serviceUrl, from the app's client and tokens. */
export function sdkTransport(app: App): ChannelTransport {
  return {
    async post(ref, activity) {
      const api = app.api.fromServiceUrl({ serviceUrl: ref.serviceUrl });
      const payload = {
        ...activity,
        from: { id: ref.botId ?? app.id ?? 'sav-bot', role: 'bot' },
        conversation: { id: ref.conversationId, ...(ref.tenantId ? { tenantId: ref.tenantId } : {}) },
        ...(ref.tenantId ? { channelData: { tenant: { id: ref.tenantId } } } : {}),
      };
      const res = await api.conversations.createActivity(ref.conversationId, payload as unknown as Parameters<typeof api.conversations.createActivity>[1]);
      return { id: res.id };
    },
  };
}

export interface RetryOptions {
  /** total tries per send (default 5) */
  attempts?: number;
  /** first backoff (default 1 s), doubled each time */
  baseMs?: number;
  /** longest wait, Retry-After included (default 60 s): a longer Retry-After fails the send (the job retries later) */
  maxMs?: number;
}

export interface ProactiveOptions {
  db: Db;
  transport: ChannelTransport;
  /** this process (outbox lease owner) */
  owner: string;
  now?: () => Date;
  log?: Logger;
  /** waits between retries (tests inject one that records and returns at once) */
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryOptions;
}

export interface SendOptions {
  /** the outbox idempotency key: a key already sent is never sent again */
  key: string;
  jobId?: number;
}

export type SendResult =
  | { status: 'sent'; conversationId: string; activityId: string; tries: number; resend: boolean }
  | { status: 'already_sent'; conversationId: string | null; activityId: string | null }
  /** the user never talked to the bot (no personal conversation stored): nothing sent */
  | { status: 'no_conversation' }
  /** another process is sending this key right now */
  | { status: 'busy' }
  /** not delivered; `retryable` when trying later may work (429/5xx/network), false for 4xx; `retryAfterMs`: not before (the channel's Retry-After) */
  | { status: 'failed'; retryable: boolean; httpStatus: number | null; error: string; retryAfterMs?: number | null };

export interface ProactiveSender {
  send(target: ProactiveTarget, reply: Reply, options: SendOptions): Promise<SendResult>;
}

/** The channel's answer to a failed request, from an axios error (the SDK's HTTP client) or a transport's own. */
export function httpFailure(err: unknown, now: Date): { status: number | null; retryAfterMs: number | null } {
  const e = err as { status?: unknown; response?: { status?: unknown; headers?: Record<string, unknown> & { get?: (n: string) => unknown } } };
  const status = typeof e?.response?.status === 'number' ? e.response.status : typeof e?.status === 'number' ? e.status : null;
  const headers = e?.response?.headers;
  const raw = headers ? (typeof headers.get === 'function' ? headers.get('retry-after') : (headers['retry-after'] ?? headers['Retry-After'])) : undefined;
  return { status, retryAfterMs: parseRetryAfter(raw, now) };
}

/** Retry-After: delay-seconds or an HTTP date → milliseconds from now (never negative), else null. */
export function parseRetryAfter(value: unknown, now: Date): number | null {
  if (typeof value === 'number') return Math.max(0, value * 1000);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const when = Date.parse(v);
  return Number.isNaN(when) ? null : Math.max(0, when - now.getTime());
}

const retryable = (status: number | null): boolean => status === null || status === 429 || status >= 500;
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/** The personal conversation to post to, most recently used first. */
export function resolveConversation(db: Db, target: ProactiveTarget): ConversationRef | null {
  if ('conversationId' in target) return getConversationRef(db, target.conversationId);
  let who: { aadObjectId?: string | null; email?: string | null };
  if ('userId' in target) {
    const row = db.prepare('SELECT email, aad_object_id FROM users WHERE user_id = ?').get(target.userId) as { email: string; aad_object_id: string | null } | undefined;
    if (!row) return null;
    who = { email: row.email, aadObjectId: row.aad_object_id };
  } else if ('email' in target) {
    const row = db.prepare('SELECT aad_object_id FROM users WHERE lower(email) = lower(?)').get(target.email) as { aad_object_id: string | null } | undefined;
    who = { email: target.email, aadObjectId: row?.aad_object_id ?? null };
  } else {
    const row = db.prepare('SELECT email FROM users WHERE aad_object_id = ?').get(target.aadObjectId) as { email: string } | undefined;
    who = { aadObjectId: target.aadObjectId, email: row?.email ?? null };
  }
  const refs = conversationRefsOfUser(db, who);
  return refs.find((r) => r.conversationType === 'personal') ?? refs.find((r) => r.conversationType === null) ?? null;
}

export function createProactiveSender(options: ProactiveOptions): ProactiveSender {
  const { db, transport, owner } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = options.retry?.attempts ?? 5;
  const baseMs = options.retry?.baseMs ?? 1000;
  const maxMs = options.retry?.maxMs ?? 60_000;
  const log = options.log;

  return {
    async send(target, reply, { key, jobId }) {
      const message = { text: reply.text, card: reply.card };
      const reserved = reserveSend(db, { key, jobId: jobId ?? null, target, message, owner, now: now(), leaseMs: maxMs * attempts + 60_000 });
      if (reserved.state === 'sent') {
        log?.info({ key, activityId: reserved.entry.activityId }, 'proactive: already sent, not sent again');
        return { status: 'already_sent', conversationId: reserved.entry.conversationId, activityId: reserved.entry.activityId };
      }
      if (reserved.state === 'busy') return { status: 'busy' };
      if (reserved.resend) log?.warn({ key }, 'proactive: a previous sender died while sending; sending again (may duplicate)');

      const ref = resolveConversation(db, target);
      if (!ref) {
        releaseSend(db, key, owner, 'no_target', 'no conversation with the bot stored for this target', now());
        log?.info({ key, target }, 'proactive: no conversation for the target');
        return { status: 'no_conversation' };
      }
      const activity = toActivityParams(toMessage(reply)) as unknown as Record<string, unknown>;
      for (let tryNo = 1; ; tryNo++) {
        try {
          const { id } = await transport.post(ref, activity);
          markSent(db, key, owner, { conversationId: ref.conversationId, activityId: id }, now());
          log?.info({ key, conversationId: ref.conversationId, activityId: id, tries: tryNo }, 'proactive: sent');
          return { status: 'sent', conversationId: ref.conversationId, activityId: id, tries: tryNo, resend: reserved.resend };
        } catch (err) {
          const { status, retryAfterMs } = httpFailure(err, now());
          const canRetry = retryable(status);
          const wait = retryAfterMs ?? Math.min(maxMs, baseMs * 2 ** (tryNo - 1));
          if (!canRetry || tryNo >= attempts || wait > maxMs) {
            const error = `HTTP ${status ?? 'network error'}: ${errorText(err)}`;
            releaseSend(db, key, owner, 'failed', error, now(), ref.conversationId);
            log?.warn({ key, conversationId: ref.conversationId, httpStatus: status, tries: tryNo }, 'proactive: not sent');
            return { status: 'failed', retryable: canRetry, httpStatus: status, error, retryAfterMs };
          }
          log?.info({ key, httpStatus: status, waitMs: wait, try: tryNo }, 'proactive: channel busy, retrying');
          await sleep(wait);
        }
      }
    },
  };
}
