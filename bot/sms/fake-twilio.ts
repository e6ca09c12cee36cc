/**
 * A fake Twilio REST API on 127.0.0.1 for the tests, driven through the REAL `twilio` client (its RequestClient
 * subclassed to rewrite https://api.twilio.com to this server, see twilio-transport.ts). It speaks the 2010-04-01
 * Messages resource as Twilio does: form-encoded POST, HTTP Basic auth, JSON answers shaped like Twilio's (RFC 2822
 * dates, `SM…` sids, error bodies with `code`, `message`, `more_info`, `status`), and the list filters `To`,
 * `From`, `DateSent`, `DateSent<`, `DateSent>` (inclusive, as the key `DateSent>` followed by `=` reads).
 *
 * It can be told to answer 429 / 500 / 21610 for given numbers, and it plays the Twilio side of the webhooks:
 * signed inbound-message and status-callback POSTs to our routes (X-Twilio-Signature computed with the auth
 * token over the exact URL, as Twilio does).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface FakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  dateCreated: Date;
  dateSent: Date | null;
  errorCode: number | null;
}

/** How the fake answers a create for a number: an HTTP error with Twilio's code, `times` times (default forever). */
export interface FakeFailure {
  kind: 429 | 500 | 503 | 21610 | 21211;
  times?: number;
  /** seconds, sent as Retry-After (429) */
  retryAfter?: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  status: number;
}

const rfc2822 = (d: Date): string => d.toUTCString().replace('GMT', '+0000');
const sidOf = (prefix: string): string => prefix + randomBytes(16).toString('hex');

const ERRORS: Record<FakeFailure['kind'], { status: number; code: number; message: string }> = {
  429: { status: 429, code: 20429, message: 'Too Many Requests' },
  500: { status: 500, code: 20500, message: 'Internal Server Error' },
  503: { status: 503, code: 20503, message: 'Service Unavailable' },
  21610: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  21211: { status: 400, code: 21211, message: "Invalid 'To' Phone Number" },
};

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** the fake's clock (date_created / date_sent); default the real time */
  now?: () => Date;
  /**
   * Where a public URL (the one Twilio calls and signs, e.g. https://sav.example.com/api/sms) really is in the
   * test (the local server), as a tunnel or reverse proxy would route it. Default: the URL itself.
   */
  route?: (publicUrl: string) => string;
}

export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  now: () => Date;
  route: (publicUrl: string) => string;
  /** every message created, in order */
  readonly messages: FakeMessage[] = [];
  /** every REST request received (bodies included: test data only) */
  readonly requests: FakeRequest[] = [];
  readonly failures = new Map<string, FakeFailure>();
  /** numbers that answered STOP: a create to them gets 21610, as Twilio's advanced opt-out does */
  readonly unsubscribed = new Set<string>();
  /** called after a message was created, before the answer is written (the crash test's hook point) */
  onCreated: ((m: FakeMessage) => void) | null = null;
  private server: http.Server | null = null;
  private base = '';

  constructor(options: FakeTwilioOptions = {}) {
    this.accountSid = options.accountSid ?? 'AC' + 'f'.repeat(32);
    this.authToken = options.authToken ?? 'fake-auth-token-0123456789abcdef';
    this.now = options.now ?? (() => new Date());
    this.route = options.route ?? ((u) => u);
  }

  /** http://127.0.0.1:<port>, the stand-in for https://api.twilio.com */
  get url(): string {
    return this.base;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** The messages created for a number, oldest first. */
  sentTo(to: string): FakeMessage[] {
    return this.messages.filter((m) => m.to === to);
  }

  private messageJson(m: FakeMessage, status = m.status): Record<string, unknown> {
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`;
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
      date_updated: rfc2822(m.dateCreated),
      direction: 'outbound-api',
      error_code: m.errorCode,
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: '0',
      num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status,
      subresource_uris: { media: uri.replace('.json', '/Media.json'), feedback: uri.replace('.json', '/Feedback.json') },
      to: m.to,
      uri,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', this.base);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const query = Object.fromEntries(url.searchParams);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method: req.method ?? '', path: url.pathname, query, form, status });
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string, headers: Record<string, string> = {}): void =>
      answer(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);

    const expected = 'Basic ' + Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64');
    if (req.headers.authorization !== expected) return error(401, 20003, 'Authenticate');
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    if (url.pathname !== path) return error(404, 20404, `The requested resource ${url.pathname} was not found`);

    if (req.method === 'POST') {
      const to = form.To;
      if (!to) return error(400, 21604, "A 'To' phone number is required.");
      if (!form.Body) return error(400, 21602, 'Message body is required.');
      if (!form.From && !form.MessagingServiceSid) return error(400, 21603, "A 'From' phone number is required.");
      const failure = this.failures.get(to);
      if (failure) {
        if (failure.times !== undefined) {
          failure.times -= 1;
          if (failure.times <= 0) this.failures.delete(to);
        }
        const e = ERRORS[failure.kind];
        return error(e.status, e.code, e.message, failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {});
      }
      if (this.unsubscribed.has(to)) return error(400, 21610, ERRORS[21610].message);
      const at = this.now();
      const m: FakeMessage = {
        sid: sidOf('SM'),
        to,
        from: form.From ?? null,
        messagingServiceSid: form.MessagingServiceSid ?? null,
        body: form.Body,
        statusCallback: form.StatusCallback ?? null,
        status: 'sent',
        dateCreated: at,
        dateSent: at,
        errorCode: null,
      };
      this.messages.push(m);
      this.onCreated?.(m);
      return answer(201, this.messageJson(m, m.messagingServiceSid ? 'accepted' : 'queued'));
    }
    if (req.method === 'GET') {
      const since = query['DateSent>'] ? Date.parse(query['DateSent>']) : null;
      const before = query['DateSent<'] ? Date.parse(query['DateSent<']) : null;
      const on = query.DateSent ? query.DateSent.slice(0, 10) : null;
      const pageSize = Math.min(1000, Number(query.PageSize ?? 50));
      const found = this.messages
        .filter((m) => (!query.To || m.to === query.To) && (!query.From || m.from === query.From))
        .filter((m) => since === null || (m.dateSent !== null && m.dateSent.getTime() >= since))
        .filter((m) => before === null || (m.dateSent !== null && m.dateSent.getTime() <= before))
        .filter((m) => on === null || (m.dateSent !== null && m.dateSent.toISOString().slice(0, 10) === on))
        .reverse() // newest first, as Twilio lists them
        .slice(0, pageSize);
      const uri = `${path}?${url.searchParams.toString()}`;
      return answer(200, {
        end: Math.max(0, found.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        messages: found.map((m) => this.messageJson(m)),
        start: 0,
        uri,
      });
    }
    return error(405, 20004, 'Method not allowed');
  }

  /** Twilio's status callback for a message it created (MessageStatus, ErrorCode), signed, POSTed to its StatusCallback. */
  async deliver(sid: string, status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed', errorCode?: number): Promise<{ status: number; body: string }> {
    const m = this.messages.find((x) => x.sid === sid);
    if (!m?.statusCallback) throw new Error(`fake twilio: no message ${sid} with a status callback`);
    m.status = status;
    if (errorCode !== undefined) m.errorCode = errorCode;
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: m.from ?? '',
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: m.to,
      ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
      ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
    };
    return this.post(m.statusCallback, params);
  }

  /** The params of an incoming SMS as Twilio posts them to the number's webhook. */
  inboundParams(msg: { from: string; to: string; body: string; messageSid?: string }): Record<string, string> {
    const sid = msg.messageSid ?? sidOf('SM');
    return {
      ToCountry: 'FR', ToState: '', SmsMessageSid: sid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: sid, FromState: '',
      SmsStatus: 'received', FromCity: '', Body: msg.body, FromCountry: 'FR', To: msg.to, MessagingServiceSid: '', ToZip: '',
      NumSegments: '1', MessageSid: sid, AccountSid: this.accountSid, From: msg.from, ApiVersion: '2010-04-01',
    };
  }

  /** A client's SMS arriving: Twilio's signed POST to our webhook URL. */
  async inbound(webhookUrl: string, msg: { from: string; to: string; body: string; messageSid?: string }): Promise<{ status: number; body: string; params: Record<string, string> }> {
    const params = this.inboundParams(msg);
    return { ...(await this.post(webhookUrl, params)), params };
  }

  /** The X-Twilio-Signature Twilio would send for these params to that (public) URL. */
  sign(url: string, params: Record<string, string>): string {
    return twilio.getExpectedTwilioSignature(this.authToken, url, params);
  }

  /**
   * POSTs form params to a public URL (through `route`), signed as Twilio would for that URL — or with the given
   * signature (null = no header), for the forgery tests.
   */
  async post(url: string, params: Record<string, string>, signature: string | null = this.sign(url, params)): Promise<{ status: number; body: string }> {
    const res = await fetch(this.route(url), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'User-Agent': 'TwilioProxy/1.1',
        'I-Twilio-Idempotency-Token': sidOf(''),
        ...(signature !== null ? { 'X-Twilio-Signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  }
}
