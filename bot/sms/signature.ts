/**
 * X-Twilio-Signature: HMAC-SHA1 (auth token) of the exact URL Twilio called followed by the POST params sorted
 * by name. Behind a proxy or tunnel the URL the app sees is not the one Twilio signed, so it is rebuilt from the
 * configured public base URL + the request's path and query. `twilio.webhook()` is not used: it ignores that
 * option and would validate against the internal URL.
 */
import twilio from 'twilio';

export type WebhookParams = Record<string, string | string[]>;

/** Form-urlencoded body → params (a repeated name keeps every value, as Twilio signs them). */
export function parseForm(body: string): WebhookParams {
  const out: WebhookParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The URL Twilio signed: the public base (no trailing slash) + path + query as received. */
export function publicUrl(publicBaseUrl: string, pathAndQuery: string): string {
  return publicBaseUrl.replace(/\/+$/, '') + (pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`);
}

/** Whether the request carries a valid signature for that URL and params (false when missing). */
export function validTwilioSignature(authToken: string, header: string | string[] | undefined, url: string, params: WebhookParams): boolean {
  const signature = Array.isArray(header) ? header[0] : header;
  if (!signature || signature.length > 200) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}
