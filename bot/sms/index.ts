/** The SMS side of the survey: transports (Twilio, simulator), the dispatcher, the webhooks and /dev/sms. */
import type { SmsConfig } from '../config.ts';
import { createSimulatorTransport } from './simulator.ts';
import { createTwilioTransport } from './twilio-transport.ts';
import type { SmsTransport } from './transport.ts';

export { createSmsDispatcher, type FlushReport, type SmsDispatcher, type SmsDispatcherOptions, type SurveyDeliveryHooks } from './dispatcher.ts';
export { registerSmsRoutes, EMPTY_TWIML, type SmsRoutes, type SmsRoutesDeps, type SurveyInboundHooks } from './routes.ts';
export { createSimulatorTransport, type SimulatorTransport } from './simulator.ts';
export { createTwilioTransport, RedirectingRequestClient } from './twilio-transport.ts';
export { SmsSendError, type SmsTransport } from './transport.ts';

/** The status callback path; Twilio is given PUBLIC_BASE_URL + this. */
export const STATUS_PATH = '/api/sms/status';

/**
 * Twilio when its credentials are set (config.sms.mode 'twilio'), else the local simulator. `apiBaseUrl` (tests)
 * sends the Twilio client's requests to a fake server.
 */
export function createSmsTransport(config: { sms?: SmsConfig }, options: { apiBaseUrl?: string; now?: () => Date } = {}): SmsTransport {
  const sms = config.sms;
  if (!sms || sms.mode === 'simulator') return createSimulatorTransport(options.now);
  return createTwilioTransport({
    accountSid: sms.accountSid!,
    authToken: sms.authToken!,
    from: sms.from,
    messagingServiceSid: sms.messagingServiceSid,
    statusCallback: sms.publicBaseUrl ? sms.publicBaseUrl + STATUS_PATH : null,
    ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}),
  });
}
