/** What the SMS dispatcher needs from a channel: send one SMS, and find the SMS already sent to a number. */

export interface OutgoingSms {
  to: string;
  body: string;
}

export interface SentSms {
  sid: string;
  /** the provider's status right after the create (queued, accepted, sent…) */
  status: string;
}

export interface FoundSms {
  sid: string;
  to: string;
  body: string;
  status: string;
  dateCreated: Date;
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'simulator';
  send(sms: OutgoingSms): Promise<SentSms>;
  /** messages to `to` sent since `since` (newest first), for reconciling an intent that has no SID */
  findSent(query: { to: string; since: Date }): Promise<FoundSms[]>;
}

/**
 * A failed provider call: the HTTP status (null = no answer: network error, timeout) and the provider's error
 * code (Twilio's 21610 = the recipient unsubscribed).
 */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Twilio: "Attempt to send to unsubscribed recipient". */
export const TWILIO_UNSUBSCRIBED = 21610;

/** Whether the message may have been accepted: no answer, or a 5xx (the provider may have queued it before failing). */
export const ambiguous = (e: SmsSendError): boolean => e.status === null || e.status >= 500;
/** Worth trying again later: throttled, server error, no answer. */
export const retryable = (e: SmsSendError): boolean => e.status === null || e.status === 429 || e.status >= 500;
