/**
 * Sends the queued SMS (sms_messages 'pending') through a transport, at most `ratePerSec` per second, so that a
 * crash or restart neither loses nor repeats a message:
 *
 * - rows are claimed in batches under a lease; each row is marked 'sending' (the intent) BEFORE the provider call
 *   and gets the provider's SID AFTER;
 * - a row found 'sending' without a SID (its sender died, or the answer never came) is reconciled first: the
 *   provider's messages to that number since the row was created are listed and one with the same body, not
 *   already held by another row, is taken as this row's SID; only when none is found is it sent again;
 * - 429 / 5xx / no answer are retried with exponential backoff (injected sleep); after an ambiguous failure
 *   (5xx, no answer) the provider is asked again before the next try; when the tries run out the row is given
 *   back for a later flush, never dropped;
 * - the allowed sending hours (core/survey `smsSendableAt`: Monday–Saturday 08:00–20:00 Paris, no public holiday;
 *   a reply to what the client texted in the last 15 minutes goes at any hour) are asked before EACH send attempt,
 *   retries included: a message whose turn comes outside them (a Twilio outage from 19:50 to 20:30) is given back,
 *   still queued, until the next allowed slot — not sent at 20:30, not lost, not sent twice;
 * - Twilio 21610 (the recipient unsubscribed) → the survey service's `markOptedOut` (pending SMS cancelled,
 *   surveys 'desinscrit'); any definitive failure or a failed/undelivered status of a survey SMS →
 *   `markDeliveryFailed` (no reminder).
 *
 * Logs carry ids and counts only (never a number or a body).
 */
import type { Db } from '../../core/warehouse/db.ts';
import {
  claimSms,
  extendSmsLease,
  holdSms,
  knownSids,
  markSending,
  markSent,
  markSmsFailed,
  retrySmsLater,
  type ClaimedSms,
} from '../../core/sms/dispatch.ts';
import { getSms } from '../../core/sms/outbox.ts';
import { markDeliveryFailed, markOptedOut } from '../../core/survey/index.ts';
import { scheduleConfig, type ScheduleOptions } from '../../core/survey/schedule.ts';
import { smsSendableAt } from '../../core/survey/service.ts';
import type { Logger } from '../logger.ts';
import { createRateLimiter } from './rate.ts';
import { ambiguous, retryable, SmsSendError, TWILIO_UNSUBSCRIBED, type SentSms, type SmsTransport } from './transport.ts';
import { toSendError } from './twilio-transport.ts';

/** What the dispatcher calls in the survey service (core/survey), injectable for tests of the dispatcher alone. */
export interface SurveyDeliveryHooks {
  markOptedOut(db: Db, clientId: number, now: Date): void;
  markDeliveryFailed(db: Db, satisfactionId: number, now: Date): void;
}

export interface SmsDispatcherOptions {
  db: Db;
  transport: SmsTransport;
  /** this process (lease owner) */
  owner: string;
  now?: () => Date;
  log?: Logger;
  /** the provider's rate: at most this many sends per second (TWILIO_RATE_PER_SEC) */
  ratePerSec: number;
  /** waits (rate limit, backoff); tests inject one that advances a virtual clock */
  sleep?: (ms: number) => Promise<void>;
  /** default: core/survey's service */
  survey?: SurveyDeliveryHooks;
  /**
   * the survey's allowed sending hours (config.survey.settings.schedule: weekdays, from, to, skipHolidays), checked
   * before each send attempt; default Monday–Saturday 08:00–20:00 Paris, no public holidays
   */
  sendWindow?: ScheduleOptions;
  /** rows claimed at once (default 100) */
  batchSize?: number;
  /** a progress line every this many messages handled (default 500) */
  progressEvery?: number;
  /**
   * provider calls in flight at once (default: ratePerSec / 4, between 4 and 64 — the rate is reachable with a
   * provider round trip up to 250 ms; 4 alone cap it at 16/s at 250 ms); the rate limit holds whatever this is
   */
  concurrency?: number;
  retry?: {
    /** tries per flush (default 5) */
    attempts?: number;
    /** first backoff (default 1 s), doubled each try */
    baseMs?: number;
    /** longest backoff (default 30 s) */
    maxMs?: number;
    /** when the tries of a flush run out: given back for this long (default 60 s), doubled per attempt, ≤ 30 min */
    deferMs?: number;
  };
  /** tests only: called right after the provider accepted a message, before its SID is stored */
  afterProviderAccepted?: (messageId: number, sent: SentSms) => void | Promise<void>;
}

export interface FlushReport {
  /** rows taken from the queue */
  claimed: number;
  /** sent now (first send, or resend after a reconciliation found nothing) */
  sent: number;
  /** sent before by a process that died: found at the provider, SID stored, not sent again */
  reconciled: number;
  /** rows that had to be reconciled and were not found at the provider: sent again */
  resent: number;
  /** provider calls retried after a 429 / 5xx / no answer */
  retries: number;
  /** given back for a later flush (tries exhausted, provider unreachable) */
  deferred: number;
  /** refused for good by the provider */
  failed: number;
  /** refused because the recipient unsubscribed (21610) */
  optedOut: number;
  /** their turn came outside the allowed sending hours: given back, still queued, until the next allowed slot */
  held: number;
  /** no longer to be sent when their turn came (cancelled by an opt-out, taken by another process) */
  skipped: number;
  elapsedMs: number;
}

export interface SmsDispatcher {
  /** sends everything sendable now; concurrent calls share one run (which goes round again for late arrivals) */
  flush(): Promise<FlushReport>;
  /** a flush soon, in the background (after an inbound SMS, a queued message) */
  kick(): void;
  /** resolves when no flush is running */
  idle(): Promise<void>;
  /**
   * A flush every `everyMs` (default 60 s) in the background, for the SMS given back after a provider outage and
   * those a dead process left (their lease expires); also one now. Returns the function that stops it.
   */
  start(everyMs?: number): () => void;
}

const emptyReport = (): FlushReport => ({ claimed: 0, sent: 0, reconciled: 0, resent: 0, retries: 0, deferred: 0, failed: 0, optedOut: 0, held: 0, skipped: 0, elapsedMs: 0 });
const normalise = (s: string): string => s.replace(/\r\n/g, '\n').trim();

/** The clock skew allowed between us and the provider when listing its messages since an intent. */
const SKEW_MS = 5 * 60_000;

export function createSmsDispatcher(options: SmsDispatcherOptions): SmsDispatcher {
  const { db, transport, owner } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = options.log?.child({ component: 'sms', transport: transport.kind });
  const batchSize = options.batchSize ?? 100;
  const progressEvery = options.progressEvery ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? Math.min(64, Math.max(4, Math.ceil(options.ratePerSec / 4))));
  const attempts = options.retry?.attempts ?? 5;
  const baseMs = options.retry?.baseMs ?? 1000;
  const maxMs = options.retry?.maxMs ?? 30_000;
  const deferMs = options.retry?.deferMs ?? 60_000;
  /** how long a row stays ours while being sent (covers a call and its retries) */
  const sendLeaseMs = 120_000 + maxMs * attempts;
  const limiter = createRateLimiter(options.ratePerSec, now, sleep);
  const survey = options.survey ?? { markOptedOut, markDeliveryFailed };
  const sendWindow = scheduleConfig(options.sendWindow ?? {});

  let running: Promise<FlushReport> | null = null;
  let again = false;
  /** messages handled by the running flush, across its rounds (progress lines) */
  let handled = 0;
  // reconciliations one at a time: two rows with the same number and body must not both take the same SID
  let reconciling: Promise<unknown> = Promise.resolve();

  const deliveryFailed = (m: ClaimedSms, why: string): void => {
    if (m.satisfactionId === null) return;
    survey.markDeliveryFailed(db, m.satisfactionId, now());
    log?.info({ messageId: m.messageId, satisfactionId: m.satisfactionId, why }, 'sms: survey delivery failed, no reminder');
  };

  const stored = (m: ClaimedSms, sid: string): boolean => {
    const r = markSent(db, m.messageId, owner, sid, now());
    if (r.ok && (r.status === 'failed' || r.status === 'undelivered')) {
      // its status callback came before the SID was stored
      if (m.clientId !== null && getSms(db, m.messageId)?.errorCode === TWILIO_UNSUBSCRIBED) survey.markOptedOut(db, m.clientId, now());
      deliveryFailed(m, `status ${r.status}`);
    }
    return r.ok;
  };

  /** The provider's record of this row's message, if it has one: SID stored. Throws SmsSendError when it cannot tell. */
  const reconcile = (m: ClaimedSms): Promise<boolean> => {
    const run = reconciling.then(async () => {
      const found = await transport.findSent({ to: m.to, since: new Date(m.createdAt.getTime() - SKEW_MS) });
      const body = normalise(m.body);
      const candidates = found.filter((f) => f.to === m.to && normalise(f.body) === body);
      const taken = knownSids(db, candidates.map((c) => c.sid));
      const mine = candidates.filter((c) => !taken.has(c.sid)).sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())[0];
      if (!mine) return false;
      const ok = stored(m, mine.sid);
      log?.info({ messageId: m.messageId, sid: mine.sid, stored: ok }, 'sms: reconciled with the provider, not sent again');
      return ok;
    });
    reconciling = run.catch(() => undefined);
    return run;
  };

  const backoff = (tryNo: number, e: SmsSendError): number => Math.min(maxMs, Math.max(e.retryAfterMs ?? 0, baseMs * 2 ** (tryNo - 1)));

  const giveBack = (m: ClaimedSms, e: SmsSendError, report: FlushReport, isAmbiguous: boolean): void => {
    const wait = Math.min(30 * 60_000, deferMs * 2 ** Math.min(10, Math.max(0, m.attempts)));
    retrySmsLater(db, m.messageId, owner, { retryAt: new Date(now().getTime() + wait), error: e.message, errorCode: e.code, ambiguous: isAmbiguous }, now());
    report.deferred += 1;
    log?.warn({ messageId: m.messageId, httpStatus: e.status, code: e.code, retryInMs: wait }, 'sms: provider unavailable, given back for later');
  };

  /**
   * The allowed sending hours, right before a send attempt: outside them the row is given back until the next
   * allowed slot (left 'sending' when the last call may have reached the provider, so it is reconciled first).
   */
  const held = (m: ClaimedSms, report: FlushReport, keepSending: boolean): boolean => {
    const at = now();
    const until = smsSendableAt(db, m, at, sendWindow);
    if (until.getTime() <= at.getTime()) return false;
    holdSms(db, m.messageId, owner, until, at, keepSending);
    report.held += 1;
    log?.info({ messageId: m.messageId, satisfactionId: m.satisfactionId, until: until.toISOString() }, 'sms: outside the allowed sending hours, held until the next slot');
    return true;
  };

  /** One row: reconcile if needed, then send with retries — each try inside the allowed sending hours. */
  const handle = async (m: ClaimedSms, report: FlushReport): Promise<void> => {
    let wasReconciled = false;
    if (m.needsReconcile) {
      try {
        if (await reconcile(m)) {
          report.reconciled += 1;
          return;
        }
        wasReconciled = true;
      } catch (err) {
        // cannot tell whether it went out: keep it 'sending' (so it is reconciled again), try later
        giveBack(m, toSendError(err), report, true);
        return;
      }
    }
    // out of hours: not even marked 'sending' (an intent found at no provider stays to be reconciled again)
    if (held(m, report, m.needsReconcile)) return;
    if (!markSending(db, m.messageId, owner, now(), sendLeaseMs)) {
      report.skipped += 1;
      return;
    }
    /** the last failed call may have reached the provider (5xx, no answer) */
    let lastAmbiguous = false;
    for (let tryNo = 1; ; tryNo++) {
      await limiter.take();
      // again before each call: the rate limit and the backoff take time, a retry may fall after the hours
      if (held(m, report, lastAmbiguous)) return;
      let sent: SentSms;
      try {
        sent = await transport.send({ to: m.to, body: m.body });
      } catch (err) {
        const e = toSendError(err);
        if (e.code === TWILIO_UNSUBSCRIBED) {
          markSmsFailed(db, m.messageId, owner, { status: 'failed', error: e.message, errorCode: e.code }, now());
          if (m.clientId !== null) survey.markOptedOut(db, m.clientId, now());
          report.optedOut += 1;
          log?.info({ messageId: m.messageId, clientId: m.clientId, code: e.code }, 'sms: recipient unsubscribed at the provider, client opted out');
          return;
        }
        if (!retryable(e)) {
          markSmsFailed(db, m.messageId, owner, { status: 'failed', error: e.message, errorCode: e.code }, now());
          report.failed += 1;
          log?.warn({ messageId: m.messageId, httpStatus: e.status, code: e.code }, 'sms: refused by the provider');
          deliveryFailed(m, `code ${e.code ?? e.status}`);
          return;
        }
        if (tryNo >= attempts) {
          giveBack(m, e, report, ambiguous(e));
          return;
        }
        const wait = backoff(tryNo, e);
        lastAmbiguous = ambiguous(e);
        report.retries += 1;
        log?.info({ messageId: m.messageId, httpStatus: e.status, code: e.code, try: tryNo, waitMs: wait }, 'sms: provider busy, retrying');
        extendSmsLease(db, m.messageId, owner, new Date(now().getTime() + wait + sendLeaseMs));
        await sleep(wait);
        if (ambiguous(e)) {
          // it may have been accepted before the error: ask before sending again
          try {
            if (await reconcile(m)) {
              report.reconciled += 1;
              return;
            }
          } catch (err2) {
            giveBack(m, toSendError(err2), report, true);
            return;
          }
        }
        continue;
      }
      await options.afterProviderAccepted?.(m.messageId, sent);
      if (stored(m, sent.sid)) {
        report.sent += 1;
        if (wasReconciled) report.resent += 1;
      } else {
        // the row was taken over meanwhile (lease expired during a very slow call): the SID is logged for support
        report.skipped += 1;
        log?.error({ messageId: m.messageId, sid: sent.sid }, 'sms: sent but the row was no longer ours (lease expired); not recorded');
      }
      return;
    }
  };

  const runOnce = async (report: FlushReport, started: number): Promise<void> => {
    for (;;) {
      // a batch takes about batchSize / rate seconds: the lease covers that and the slowest call
      const leaseMs = Math.ceil((batchSize / options.ratePerSec) * 1000) * 2 + sendLeaseMs;
      const batch = claimSms(db, { owner, now: now(), leaseMs, limit: batchSize });
      if (batch.length === 0) return;
      report.claimed += batch.length;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batch.length) {
          const m = batch[next++]!;
          try {
            await handle(m, report);
          } catch (err) {
            // a bug or a database error: the row keeps its lease and is tried again after it
            log?.error({ messageId: m.messageId, err }, 'sms: unexpected error');
          }
          handled += 1;
          if (handled % progressEvery === 0) {
            log?.info(
              { handled, sent: report.sent, reconciled: report.reconciled, failed: report.failed, deferred: report.deferred, elapsedMs: now().getTime() - started },
              'sms: progress',
            );
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    }
  };

  const flush = (): Promise<FlushReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const report = emptyReport();
      const started = now().getTime();
      handled = 0;
      do {
        again = false;
        await runOnce(report, started);
      } while (again);
      report.elapsedMs = now().getTime() - started;
      if (report.claimed > 0) log?.info({ ...report }, 'sms: flush done');
      return report;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  let kicked = false;
  const kick = (): void => {
    if (kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      flush().catch((err: unknown) => log?.error({ err }, 'sms: flush failed'));
    });
  };
  return {
    flush,
    kick,
    start(everyMs = 60_000) {
      const timer = setInterval(kick, everyMs);
      timer.unref();
      kick();
      return () => clearInterval(timer);
    },
    async idle() {
      while (running || kicked) {
        if (running) await running.catch(() => undefined);
        else await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}
