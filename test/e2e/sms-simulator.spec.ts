/**
 * Without Twilio credentials: the local SMS simulator. The survey SMS show on GET /dev/sms (LOCAL mode), the form
 * there replies as the client through the same inbound path as Twilio's webhook; /api/sms is closed (503).
 * Also: an inbound SMS recorded by a process that stopped before processing it is processed at the next start.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@microsoft/teams.apps';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordInbound } from '../../core/sms/dispatch.ts';
import { listSms } from '../../core/sms/outbox.ts';
import { planSurveys, sendSurvey } from '../../core/survey/index.ts';
import type { SurveySettings } from '../../core/survey/settings.ts';
import { world, type World } from '../../core/survey/test-world.ts';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { createSmsDispatcher, createSmsTransport, registerSmsRoutes, type SmsDispatcher, type SmsRoutes } from '../../bot/sms/index.ts';

const SETTINGS: SurveySettings = { channel: 'sms', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: null };
const NOW = new Date('2026-12-01T10:00:00+01:00');

let w: World;
let server: http.Server;
let base: string;
let dispatcher: SmsDispatcher;
let routes: SmsRoutes;

beforeEach(async () => {
  w = world();
  const config = loadConfig({});
  expect(config.sms?.mode).toBe('simulator');
  const log = createLogger('silent');
  server = http.createServer();
  const adapter = new ExpressAdapter(server);
  dispatcher = createSmsDispatcher({ db: w.db, transport: createSmsTransport(config), owner: 'local', now: () => NOW, log, ratePerSec: config.sms!.ratePerSec });
  routes = registerSmsRoutes(adapter, { db: w.db, log, now: () => NOW, dispatcher, authToken: null, publicBaseUrl: null, simulator: { number: 'SAV' } });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await routes.idle();
  await dispatcher.idle();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  w.db.close();
});

function started(): { id: number; phone: string } {
  const clientId = w.client({ prenom: 'Zoé' });
  const interventionId = w.intervention(clientId, '2026-11-27T16:00:00+01:00');
  planSurveys(w.db, NOW, SETTINGS);
  const { satisfaction_id: id } = w.db.prepare('SELECT satisfaction_id FROM fact_satisfaction WHERE intervention_id = ?').get(interventionId) as { satisfaction_id: number };
  sendSurvey(w.db, id, NOW, SETTINGS);
  return { id, phone: (w.db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').get(clientId) as { telephone: string }).telephone };
}

const page = async (): Promise<string> => {
  const res = await fetch(`${base}/dev/sms`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  return res.text();
};

describe('the local SMS simulator (/dev/sms)', () => {
  it('shows the survey SMS and replies as the client through the inbound path, the next question following', async () => {
    const { id, phone } = started();
    expect((await dispatcher.flush()).sent).toBe(1);
    const first = await page();
    expect(first).toContain(phone);
    expect(first).toContain('Sur une échelle de 0 à 10');
    expect(first).not.toMatch(/<script/i);

    const res = await fetch(`${base}/dev/sms`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ from: phone, body: '9' }), redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain(encodeURIComponent(phone));
    const second = await page();
    expect(second).toContain('Le technicien a-t-il été professionnel');
    expect(w.db.prepare('SELECT nps FROM fact_satisfaction WHERE satisfaction_id = ?').get(id)).toEqual({ nps: 9 });
    expect(listSms(w.db, { to: phone }).map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(listSms(w.db, { to: phone }).every((m) => /^SM[0-9a-f]{32}$/.test(m.sid ?? ''))).toBe(true);
  });

  it('escapes what clients write; a reply without a valid number is refused with a notice', async () => {
    const { phone } = started();
    await dispatcher.flush();
    await fetch(`${base}/dev/sms`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ from: phone, body: '<b>10</b>' }), redirect: 'manual' });
    const html = await page();
    expect(html).toContain('&lt;b&gt;10&lt;/b&gt;');
    expect(html).not.toContain('<b>10</b>');
    const bad = await fetch(`${base}/dev/sms`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ from: 'abc', body: 'x' }), redirect: 'manual' });
    expect(bad.status).toBe(303);
    expect(decodeURIComponent(bad.headers.get('location') ?? '')).toMatch(/E\.164/);
  });

  it('without Twilio credentials the Twilio webhooks are closed (503) and record nothing', async () => {
    const res = await fetch(`${base}/api/sms`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'MessageSid=SM' + '0'.repeat(32) + '&From=%2B33611111111&To=SAV&Body=9' });
    expect(res.status).toBe(503);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM sms_inbound').get()).toEqual({ n: 0 });
  });

  it('an inbound SMS recorded but not processed (the process stopped) is processed once at the next start', async () => {
    const { id, phone } = started();
    await dispatcher.flush();
    recordInbound(w.db, { messageSid: 'SM' + 'a'.repeat(32), from: phone, to: 'SAV', body: '6' }, NOW);
    expect(await routes.processPending()).toBe(1);
    await routes.idle();
    await dispatcher.flush();
    expect(w.db.prepare('SELECT nps FROM fact_satisfaction WHERE satisfaction_id = ?').get(id)).toEqual({ nps: 6 });
    expect(await routes.processPending()).toBe(0);
    expect(listSms(w.db, { to: phone })).toHaveLength(2);
  });
});
