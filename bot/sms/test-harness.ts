/**
 * Tests only: the SMS webhooks on a real HTTP server (the Teams SDK's ExpressAdapter, as bot/app.ts builds it),
 * the dispatcher over the real `twilio` client and the fake Twilio, which reaches the server through its
 * public URL (the URL Twilio signs) routed to the local one — as a tunnel or reverse proxy would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@microsoft/teams.apps';
import type { Db } from '../../core/warehouse/db.ts';
import { createLogger, sdkLogger, type Logger } from '../logger.ts';
import { createSmsDispatcher, type SmsDispatcher } from './dispatcher.ts';
import type { FakeTwilio } from './fake-twilio.ts';
import { registerSmsRoutes, type SmsRoutes, type SurveyInboundHooks } from './routes.ts';
import { createTwilioTransport } from './twilio-transport.ts';

export const PUBLIC_BASE_URL = 'https://sav.example.com';
export const SAV_NUMBER = '+33700000000';

export interface SmsHarness {
  /** the server's own address */
  localUrl: string;
  /** what Twilio calls (signed): PUBLIC_BASE_URL/api/sms */
  webhookUrl: string;
  statusUrl: string;
  dispatcher: SmsDispatcher;
  routes: SmsRoutes;
  afterInboundCalls: number;
  /** waits until the work started after the webhooks' answers (and the replies they queued) is done */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function smsHarness(o: {
  db: Db;
  fake: FakeTwilio;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
  ratePerSec?: number;
  /** default: core/survey's service */
  survey?: SurveyInboundHooks;
}): Promise<SmsHarness> {
  const log = o.log ?? createLogger('silent');
  const server = http.createServer();
  const adapter = new ExpressAdapter(server, { logger: sdkLogger(log, 'test/http') });
  const transport = createTwilioTransport({
    accountSid: o.fake.accountSid,
    authToken: o.fake.authToken,
    from: SAV_NUMBER,
    messagingServiceSid: null,
    statusCallback: `${PUBLIC_BASE_URL}/api/sms/status`,
    apiBaseUrl: o.fake.url,
  });
  const dispatcher = createSmsDispatcher({ db: o.db, transport, owner: 'test', now: o.now, log, ratePerSec: o.ratePerSec ?? 10, sleep: o.sleep ?? (async () => undefined) });
  const h: SmsHarness = {
    localUrl: '',
    webhookUrl: `${PUBLIC_BASE_URL}/api/sms`,
    statusUrl: `${PUBLIC_BASE_URL}/api/sms/status`,
    dispatcher,
    routes: null as unknown as SmsRoutes,
    afterInboundCalls: 0,
    async settle() {
      await h.routes.idle();
      await dispatcher.idle();
      await dispatcher.flush();
    },
    async stop() {
      await h.settle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  h.routes = registerSmsRoutes(adapter, {
    db: o.db,
    log,
    now: o.now,
    dispatcher,
    authToken: o.fake.authToken,
    publicBaseUrl: PUBLIC_BASE_URL,
    ...(o.survey ? { survey: o.survey } : {}),
    afterInbound: () => {
      h.afterInboundCalls += 1;
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  h.localUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  o.fake.route = (u) => (u.startsWith(PUBLIC_BASE_URL) ? h.localUrl + u.slice(PUBLIC_BASE_URL.length) : u);
  return h;
}
