/**
 * SMS through the official `twilio` client. `apiBaseUrl` (tests only) rewrites https://api.twilio.com to a local
 * fake through a `twilio.RequestClient` subclass passed as the client's `httpClient` — the client's `edge` and
 * `region` options can only pick another Twilio host.
 */
import twilio from 'twilio';
import { SmsSendError, type FoundSms, type SentSms, type SmsTransport } from './transport.ts';

const TWILIO_API = 'https://api.twilio.com';
type RequestOptions<TData> = import('twilio/lib/base/RequestClient.js').RequestOptions<TData>;
type RequestResponse<TData> = Awaited<ReturnType<twilio.RequestClient['request']>> & { body: TData };

/** The real RequestClient, sending to `baseUrl` instead of https://api.twilio.com (tests' fake server). */
export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    opts?: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestOptions<TData>): Promise<RequestResponse<TData>> {
    const uri = opts.uri.startsWith(TWILIO_API) ? this.baseUrl.replace(/\/$/, '') + opts.uri.slice(TWILIO_API.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  /** the sender: a number or alphanumeric id, or a Messaging Service (one of the two) */
  from: string | null;
  messagingServiceSid: string | null;
  /** where Twilio posts delivery statuses (PUBLIC_BASE_URL + /api/sms/status); null = none */
  statusCallback: string | null;
  /** tests: the fake Twilio's URL */
  apiBaseUrl?: string;
  /** per request (default 15 s) */
  timeoutMs?: number;
}

/** A twilio RestException (status, code) or an axios/network error → SmsSendError. */
export function toSendError(err: unknown): SmsSendError {
  if (err instanceof SmsSendError) return err;
  const e = err as { status?: unknown; code?: unknown; message?: unknown; response?: { status?: unknown } };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.response?.status === 'number' ? e.response.status : null;
  const code = typeof e?.code === 'number' ? e.code : null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return new SmsSendError(message.slice(0, 300), status, code);
}

export function createTwilioTransport(options: TwilioTransportOptions): SmsTransport {
  if (!options.from && !options.messagingServiceSid) throw new Error('twilio transport: TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required');
  const timeout = options.timeoutMs ?? 15_000;
  const httpClient = options.apiBaseUrl
    ? new RedirectingRequestClient(options.apiBaseUrl, { timeout, keepAlive: true })
    : new twilio.RequestClient({ timeout, keepAlive: true });
  // autoRetry stays off: the dispatcher retries (with its own backoff and a reconciliation when a send is ambiguous)
  const client = twilio(options.accountSid, options.authToken, { httpClient });
  const sender = options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : { from: options.from! };

  return {
    kind: 'twilio',
    async send({ to, body }): Promise<SentSms> {
      try {
        const m = await client.messages.create({ to, body, ...sender, ...(options.statusCallback ? { statusCallback: options.statusCallback } : {}) });
        return { sid: m.sid, status: m.status };
      } catch (err) {
        throw toSendError(err);
      }
    },
    async findSent({ to, since }): Promise<FoundSms[]> {
      try {
        // DateSent> (inclusive): what was sent since the intent. A message still queued has no date_sent yet, so
        // the newest few are listed too and kept when created since the intent.
        const [bySent, newest] = await Promise.all([
          client.messages.list({ to, dateSentAfter: since, limit: 200 }),
          client.messages.list({ to, limit: 20 }),
        ]);
        const out = new Map<string, FoundSms>();
        for (const m of [...bySent, ...newest.filter((x) => x.dateCreated.getTime() >= since.getTime() - 1000)]) {
          out.set(m.sid, { sid: m.sid, to: m.to, body: m.body, status: m.status, dateCreated: m.dateCreated });
        }
        return [...out.values()];
      } catch (err) {
        throw toSendError(err);
      }
    },
  };
}
