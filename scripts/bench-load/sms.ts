/**
 * The SMS scenario: Twilio's incoming-SMS webhooks (form-urlencoded, X-Twilio-Signature for the public URL)
 * posted to our bot's /api/sms in a closed loop (scripts/bench-load.ts smsLane). It runs only when the bot serves /api/sms (bot/sms wired in
 * bot/app.ts); otherwise it is skipped with a note. The bot gets throwaway Twilio settings made up for the run
 * and an unreachable HTTPS proxy, so nothing can ever reach api.twilio.com; the senders are numbers the
 * warehouse does not know (+33 6 00 …), so the measure is the webhook path (signature, validation, idempotent
 * record, TwiML answer), not a survey's follow-up.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { formEncode, twilioSid, twilioSmsParams } from './activities.ts';
import type { Child } from './ipc.ts';

export const SMS_PATH = '/api/sms';
const PUBLIC_BASE_URL = 'https://sav-bench.invalid';
const SAV_NUMBER = '+33450000000';

/** Throwaway Twilio settings for the bot child (a random token per run, never a real account). */
export function smsEnv(): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: twilioSid('AC', 0xbe7c4),
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_FROM: SAV_NUMBER,
    PUBLIC_BASE_URL,
    // belt and braces: any request to Twilio's API would go to a closed local port
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
}

/** A sender the warehouse does not know: +33 6 00 CC NN NN (connection, sequence). */
export function benchSender(connection: number, seq: number): string {
  return `+33600${String(connection % 100).padStart(2, '0')}${String(seq % 10_000).padStart(4, '0')}`;
}

const BODIES = ['9', '10 très bien', '8', 'Oui merci', '7 un peu en retard'];

/**
 * One signed webhook: the body and headers Twilio would send for SMS number `seq` of `connection` in slice
 * `round` (a MessageSid unique over the run: a repeated one would be taken for Twilio's retry).
 */
export function signedWebhook(authToken: string, accountSid: string, connection: number, seq: number, round = 0): { body: string; headers: Record<string, string> } {
  const params = twilioSmsParams({
    messageSid: twilioSid('SM', round * 1e12 + connection * 1e8 + seq + 1),
    from: benchSender(connection, seq),
    to: SAV_NUMBER,
    body: BODIES[(connection + seq) % BODIES.length]!,
    accountSid,
  });
  const signature = twilio.getExpectedTwilioSignature(authToken, PUBLIC_BASE_URL + SMS_PATH, params);
  return { body: formEncode(params), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } };
}

/**
 * Probes /api/sms on `bot` (started with `env`): null when the closed loop can run, else why it is skipped —
 * 404: not served; 503: served without Twilio settings; a signed webhook not answered 2xx.
 */
export async function probeSms(bot: Child, env: Record<string, string>): Promise<string | null> {
  const probe = await fetch(`http://127.0.0.1:${bot.port}${SMS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Body=probe' });
  await probe.arrayBuffer();
  if (probe.status === 404) return 'sms skipped: the bot does not serve POST /api/sms (bot/sms not wired in bot/app.ts)';
  if (probe.status === 503) return 'sms skipped: /api/sms answers 503 (Twilio settings not taken by the bot)';
  if (probe.status !== 403) return `sms skipped: an unsigned POST /api/sms answered ${probe.status}, not 403`;
  // one signed request: a 2xx proves the signature scheme matches before the load
  const first = signedWebhook(env.TWILIO_AUTH_TOKEN!, env.TWILIO_ACCOUNT_SID!, 99, 0, 1000);
  const check = await fetch(`http://127.0.0.1:${bot.port}${SMS_PATH}`, { method: 'POST', headers: first.headers, body: first.body });
  await check.arrayBuffer();
  return check.status >= 200 && check.status < 300 ? null : `sms skipped: a signed webhook answered ${check.status}`;
}
