/**
 * Twilio's webhooks and the local simulator page:
 *
 * - POST /api/sms (an incoming SMS) and POST /api/sms/status (a delivery status): X-Twilio-Signature checked
 *   against PUBLIC_BASE_URL + path + query with `twilio.validateRequest` — missing, forged or signed for another
 *   URL → 403, nothing recorded. An incoming SMS is recorded once per MessageSid (a replay, or Twilio's retry,
 *   gets 200 and changes nothing), answered at once with an empty TwiML `<Response/>`, and processed after the
 *   answer (the survey service's receiveSms — which marks it processed in the transaction of its effects — then
 *   the scheduler tick and the dispatcher). One recorded but not processed (the process stopped) is processed by
 *   `processPending()` at start, once. Statuses are recorded once per (sid, status), in any order.
 * - GET/POST /dev/sms (LOCAL mode with the simulator only): the conversations, and a form to reply as a client
 *   through the same inbound path.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { recordInbound, recordStatus, unprocessedInbound, type InboundSms } from '../../core/sms/dispatch.ts';
import { markDeliveryFailed, markOptedOut, receiveSms } from '../../core/survey/index.ts';
import { normalisePhone } from '../../core/sms/phone.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { SmsDispatcher, SurveyDeliveryHooks } from './dispatcher.ts';
import { parseForm, publicUrl, validTwilioSignature, type WebhookParams } from './signature.ts';
import { simulatorPage, type SimulatorLine } from './simulator.ts';
import { readBody } from '../http-body.ts';

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const MAX_BODY = 64 * 1024;

/** The survey service functions the routes call (core/survey), injectable for tests. */
export interface SurveyInboundHooks extends SurveyDeliveryHooks {
  /**
   * Handles the reply AND marks its sms_inbound row processed, in one transaction (the only place an inbound SMS
   * is marked processed); a row already processed is not handled again (outcome 'duplicate').
   */
  receiveSms(db: Db, sms: { messageSid: string; from: string; body: string }, now: Date): { satisfactionId: number | null; queued: number[]; alerts: number[]; outcome: string };
}

/** The survey service of core/survey. */
export const SURVEY_SERVICE: SurveyInboundHooks = { receiveSms, markOptedOut, markDeliveryFailed };

export interface SmsRoutesDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  dispatcher: SmsDispatcher;
  /** default: core/survey's service */
  survey?: SurveyInboundHooks;
  /** Twilio's auth token; null = no Twilio: the webhooks answer 503 */
  authToken: string | null;
  /** the public https base URL Twilio calls (PUBLIC_BASE_URL), for the signature; required with authToken */
  publicBaseUrl: string | null;
  /** after an inbound SMS was processed (the lead: a scheduler tick, so alert jobs run at once) */
  afterInbound?: () => unknown;
  /** LOCAL mode with the simulator: GET/POST /dev/sms; `number` is the SAV's sender shown as To */
  simulator?: { number: string } | null;
}

export interface SmsRoutes {
  /** processes the inbound SMS recorded but not processed (a stop in between); returns how many */
  processPending(): Promise<number>;
  /** resolves when the work started after the answers is done */
  idle(): Promise<void>;
}

type Req = IncomingMessage & { originalUrl?: string };
type Handler = (req: Req, res: ServerResponse) => void;
export interface RouteAdapter {
  get(path: string, handler: Handler): unknown;
  post(path: string, handler: Handler): unknown;
}

const InboundSchema = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'MessageSid must look like SM…'),
  From: z.string().min(1).max(40),
  To: z.string().min(1).max(40),
  Body: z.string().max(1600).default(''),
});

const StatusSchema = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'MessageSid must look like SM…'),
  MessageStatus: z.string().regex(/^[a-z_-]{2,20}$/, 'MessageStatus is not a status'),
  ErrorCode: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(999_999).optional()),
});

const single = (p: WebhookParams): Record<string, string> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));


/** The body as UTF-8 text, null when over MAX_BODY. */
const readText = async (req: IncomingMessage): Promise<string | null> => {
  const body = await readBody(req, MAX_BODY);
  return body.ok ? body.bytes.toString('utf8') : null;
};

const twiml = (res: ServerResponse, status = 200): void => {
  res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' }).end(EMPTY_TWIML);
};
const plain = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
};

export function registerSmsRoutes(adapter: RouteAdapter, deps: SmsRoutesDeps): SmsRoutes {
  const { db, now } = deps;
  const survey = deps.survey ?? SURVEY_SERVICE;
  const log = deps.log.child({ component: 'sms/webhook' });
  if (deps.authToken && !deps.publicBaseUrl) throw new Error('sms routes: PUBLIC_BASE_URL is required to check Twilio signatures');

  // inbound SMS are processed one at a time, in arrival order (a client's quick second reply after the first)
  let chain: Promise<unknown> = Promise.resolve();
  const pending = new Set<Promise<unknown>>();

  const processOne = (sms: InboundSms): void => {
    let report: ReturnType<SurveyInboundHooks['receiveSms']>;
    try {
      // the survey service applies the reply and marks the sms_inbound row processed in ONE transaction: a crash
      // before its commit leaves the row unprocessed (processPending() takes it at the next start), one after it
      // leaves it processed (taken again, it is a 'duplicate' and changes nothing)
      report = survey.receiveSms(db, { messageSid: sms.messageSid, from: sms.from, body: sms.body }, now());
    } catch (err) {
      // left unprocessed: processPending() tries it again at the next start
      log.error({ messageSid: sms.messageSid, err }, 'sms: inbound processing failed');
      return;
    }
    log.info({ messageSid: sms.messageSid, outcome: report.outcome, satisfactionId: report.satisfactionId, queued: report.queued.length, alerts: report.alerts.length }, 'sms: inbound processed');
  };

  /** After the answer: the survey service, then the scheduler tick (alert jobs) and the dispatcher (replies). */
  const later = (sms: InboundSms): Promise<void> => {
    const run = chain
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(async () => {
        processOne(sms);
        // the reply SMS first, then the scheduler tick (alert cards to Teams may take longer)
        deps.dispatcher.kick();
        try {
          await deps.afterInbound?.();
        } catch (err) {
          log.error({ err }, 'sms: afterInbound failed');
        }
      });
    chain = run.catch(() => undefined);
    pending.add(run);
    void run.finally(() => pending.delete(run));
    return run;
  };

  /** Reads and authenticates a Twilio webhook; answers itself (403, 413, 503) and returns null when it is not one. */
  const authenticated = async (req: Req, res: ServerResponse, what: string): Promise<Record<string, string> | null> => {
    // (a body parser mounted before these routes would have read the body already: take its result then)
    const parsedBefore = (req as { body?: unknown }).body;
    const pre = req.readableEnded && parsedBefore && typeof parsedBefore === 'object' ? (parsedBefore as WebhookParams) : null;
    const raw = pre ? '' : await readText(req);
    if (raw === null) {
      plain(res, 413, 'body too large');
      return null;
    }
    if (!deps.authToken || !deps.publicBaseUrl) {
      plain(res, 503, 'SMS webhooks disabled: no Twilio credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)');
      return null;
    }
    const params = pre ?? parseForm(raw);
    const url = publicUrl(deps.publicBaseUrl, req.originalUrl ?? req.url ?? '/');
    if (!validTwilioSignature(deps.authToken, req.headers['x-twilio-signature'], url, params)) {
      log.warn({ what, signed: req.headers['x-twilio-signature'] !== undefined }, 'sms: webhook with a missing or invalid signature rejected');
      plain(res, 403, 'invalid signature');
      return null;
    }
    return single(params);
  };

  adapter.post('/api/sms', (req, res) => {
    void (async () => {
      const params = await authenticated(req, res, 'inbound');
      if (!params) return;
      const parsed = InboundSchema.safeParse(params);
      if (!parsed.success) {
        log.warn({ problem: parsed.error.issues[0]?.message }, 'sms: inbound webhook without the expected fields');
        return twiml(res, 400);
      }
      const p = parsed.data;
      const sms: InboundSms = { messageSid: p.MessageSid, from: normalisePhone(p.From) ?? p.From.slice(0, 16), to: p.To.slice(0, 16), body: p.Body };
      const { created } = recordInbound(db, sms, now());
      twiml(res);
      if (!created) {
        log.info({ messageSid: sms.messageSid }, 'sms: inbound already recorded (replay or retry), ignored');
        return;
      }
      log.info({ messageSid: sms.messageSid }, 'sms: inbound recorded');
      void later(sms);
    })().catch((err: unknown) => {
      log.error({ err }, 'sms: inbound webhook failed');
      if (!res.headersSent) plain(res, 500, 'internal error');
    });
  });

  adapter.post('/api/sms/status', (req, res) => {
    void (async () => {
      const params = await authenticated(req, res, 'status');
      if (!params) return;
      const parsed = StatusSchema.safeParse(params);
      if (!parsed.success) {
        log.warn({ problem: parsed.error.issues[0]?.message }, 'sms: status callback without the expected fields');
        return twiml(res, 400);
      }
      const { MessageSid: sid, MessageStatus: status, ErrorCode: errorCode } = parsed.data;
      // recorded before the answer: Twilio does not send a status twice once answered 200
      const r = db.transaction(() => {
        const out = recordStatus(db, { sid, status, errorCode: errorCode ?? null }, now());
        const m = out.message;
        if (out.changed && m && (m.status === 'failed' || m.status === 'undelivered')) {
          if (errorCode === 21610 && m.clientId !== null) survey.markOptedOut(db, m.clientId, now());
          if (m.satisfactionId !== null) survey.markDeliveryFailed(db, m.satisfactionId, now());
        }
        return out;
      }).immediate();
      twiml(res);
      log.info({ sid, status, errorCode, duplicate: r.duplicate, changed: r.changed, messageId: r.message?.messageId }, 'sms: status callback');
    })().catch((err: unknown) => {
      log.error({ err }, 'sms: status webhook failed');
      if (!res.headersSent) plain(res, 500, 'internal error');
    });
  });

  if (deps.simulator) {
    const simNumber = deps.simulator.number;
    adapter.get('/dev/sms', (req, res) => {
      const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://local');
      const lines = [
        ...(db
          .prepare("SELECT to_number AS number, body, COALESCE(sent_at, created_at) AS at, status FROM sms_messages WHERE status <> 'pending' ORDER BY message_id DESC LIMIT 500")
          .all() as Omit<SimulatorLine, 'direction'>[]).map((l) => ({ ...l, direction: 'out' as const })),
        ...(db.prepare('SELECT from_number AS number, body, received_at AS at, \'reçu\' AS status FROM sms_inbound ORDER BY received_at DESC LIMIT 500').all() as Omit<SimulatorLine, 'direction'>[]).map(
          (l) => ({ ...l, direction: 'in' as const }),
        ),
      ].sort((a, b) => a.at.localeCompare(b.at));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(simulatorPage(lines, url.searchParams.get('from'), url.searchParams.get('notice')));
    });
    adapter.post('/dev/sms', (req, res) => {
      void (async () => {
        const raw = await readText(req);
        const form = single(parseForm(raw ?? ''));
        const from = normalisePhone(form.from);
        const body = (form.body ?? '').slice(0, 1600);
        if (!from || body.trim() === '') {
          res.writeHead(303, { Location: `/dev/sms?notice=${encodeURIComponent('Numéro E.164 et message requis / an E.164 number and a message are required')}` }).end();
          return;
        }
        const sms: InboundSms = { messageSid: 'SM' + randomBytes(16).toString('hex'), from, to: simNumber.slice(0, 16), body };
        recordInbound(db, sms, now());
        await later(sms);
        await deps.dispatcher.flush();
        res.writeHead(303, { Location: `/dev/sms?from=${encodeURIComponent(from)}#selected` }).end();
      })().catch((err: unknown) => {
        log.error({ err }, 'sms: simulator reply failed');
        if (!res.headersSent) plain(res, 500, 'internal error');
      });
    });
  }

  return {
    async processPending() {
      const rows = unprocessedInbound(db, 1000);
      for (const r of rows) await later(r);
      if (rows.length > 0) log.info({ count: rows.length }, 'sms: inbound left unprocessed by a previous run processed');
      return rows.length;
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
