/**
 * The survey web form (the 'web' channel) served over HTTP and filled in headless Debian Chromium with
 * JavaScript disabled: the link comes from the SMS the survey service queued; the answers land in
 * fact_satisfaction and close the loop; the link works once; an English survey is in English; unknown links,
 * wrong bodies and oversized bodies get polite pages; every page carries the strict security headers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@microsoft/teams.apps';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSurveyForm, SECURITY_HEADERS } from '../../bot/survey-form/index.ts';
import { findJob } from '../../core/jobs/index.ts';
import { planSurveys, sendSurvey, surveySettings } from '../../core/survey/index.ts';
import { demoDb, type TempDb } from './helpers.ts';
import { CHROMIUM, hasChromium } from './playground-harness.ts';

/** Tuesday 1 December 2026, 10:00 in Annecy: within the sending hours. */
const NOW = new Date('2026-12-01T09:00:00Z');

let temp: TempDb;
let server: http.Server;
let base = '';
/** the survey links by satisfaction id, as sent in the SMS */
const links = new Map<number, string>();
let frId = 0;
let enId = 0;
let extraIds: number[] = [];

const linkOf = (db: TempDb['db'], id: number): string => {
  const body = (db.prepare('SELECT body FROM sms_messages WHERE satisfaction_id = ? ORDER BY message_id LIMIT 1').get(id) as { body: string }).body;
  const m = /(https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43})/.exec(body);
  if (!m) throw new Error(`no link in the SMS of survey ${id}`);
  return m[1]!;
};

const fact = (id: number) =>
  temp.db.prepare('SELECT statut, canal, nps, professionnel, professionnel_commentaire AS pc, delai_respecte AS delai, delai_commentaire AS dc, probleme_resolu AS resolu, probleme_commentaire AS rc, suggestion, repondu_at AS repondu FROM fact_satisfaction WHERE satisfaction_id = ?').get(id) as Record<string, unknown>;

function expectSecurityHeaders(headers: Headers | Record<string, string>): void {
  const get = (k: string): string | null => (headers instanceof Headers ? headers.get(k) : (headers[k.toLowerCase()] ?? null));
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(get(k), k).toBe(v);
  expect(get('content-security-policy')).toContain("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  expect(get('content-type')).toBe('text/html; charset=utf-8');
}

const post = (url: string, body: string, type = 'application/x-www-form-urlencoded') => fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body, redirect: 'manual' });

beforeAll(async () => {
  temp = demoDb();
  const db = temp.db;
  server = http.createServer();
  const adapter = new ExpressAdapter(server);
  registerSurveyForm(adapter, { db, now: () => NOW });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // four clients with a signed report and no survey yet: one English-speaking (with a name to escape)
  const planned = db.prepare("SELECT satisfaction_id AS id, client_id AS clientId FROM fact_satisfaction WHERE statut = 'planifie' ORDER BY satisfaction_id").all() as { id: number; clientId: number }[];
  const clients = [...new Set(planned.map((p) => p.clientId))].slice(0, 4);
  expect(clients).toHaveLength(4);
  db.prepare("UPDATE dim_clients SET langue = 'fr', prenom = 'Jeanne', telephone = '+33611000001' WHERE client_id = ?").run(clients[0]);
  db.prepare("UPDATE dim_clients SET langue = 'en', prenom = ?, telephone = '+33611000002' WHERE client_id = ?").run('Ann <b>&"O\'Neil"', clients[1]);
  db.prepare("UPDATE dim_clients SET telephone = '+33611000003' WHERE client_id = ?").run(clients[2]);
  db.prepare("UPDATE dim_clients SET telephone = '+33611000004' WHERE client_id = ?").run(clients[3]);
  const settings = surveySettings({ channel: 'web', formBaseUrl: base, skipIfSurveyedWithinDays: 0 });
  planSurveys(db, NOW, settings);
  const ids = (clientId: number): number => (db.prepare('SELECT st.satisfaction_id AS id FROM survey_states st JOIN fact_satisfaction s ON s.satisfaction_id = st.satisfaction_id WHERE s.client_id = ? ORDER BY st.satisfaction_id LIMIT 1').get(clientId) as { id: number }).id;
  [frId, enId] = [ids(clients[0]!), ids(clients[1]!)];
  extraIds = [ids(clients[2]!), ids(clients[3]!)];
  for (const id of [frId, enId, ...extraIds]) {
    sendSurvey(db, id, NOW, settings);
    links.set(id, linkOf(db, id));
  }
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  temp?.cleanup();
});

describe('survey form over HTTP', () => {
  it('the page: the five questions, no script, no external asset, escaped values, the strict headers', async () => {
    const res = await fetch(links.get(enId)!);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).toContain('Hello Ann &lt;b&gt;&amp;&quot;O&#39;Neil&quot;,');
    expect(html).not.toContain('<b>&');
    for (const q of ['q1', 'q2', 'q3', 'q4', 'q5']) expect(html).toContain(`name="${q}"`);
    expect(html.match(/name="q1" value="\d+"/g)).toHaveLength(11);
    expect(html).toContain('maxlength="500"');
    expect(html).toContain('a longer text is cut to 500 characters');
  });

  it('unknown, malformed or guessed links: a polite 404 that says nothing', async () => {
    const guessed = links.get(frId)!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const url of [`${base}/s/${'x'.repeat(43)}`, `${base}/s/short`, `${base}/s/%3Cscript%3E`, guessed]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(404);
      expectSecurityHeaders(res.headers);
      const html = await res.text();
      expect(html).toContain('Lien invalide');
      expect(html).not.toContain('Jeanne');
      expect(html).not.toContain('<form');
    }
    expect((await post(`${base}/s/${'y'.repeat(43)}`, 'q1=9')).status).toBe(404);
  });

  it('refuses another content type (415) and an oversized body (413), recording nothing', async () => {
    const url = links.get(extraIds[0]!)!;
    const json = await post(url, JSON.stringify({ q1: 9 }), 'application/json');
    expect(json.status).toBe(415);
    expectSecurityHeaders(json.headers);
    const big = await post(url, `q1=9&q5=${'a'.repeat(20 * 1024)}`);
    expect(big.status).toBe(413);
    expect(fact(extraIds[0]!)).toMatchObject({ statut: 'envoye', nps: null, repondu: null });
  });

  it('a missing score: the form again (422) with the error and the values kept', async () => {
    const url = links.get(extraIds[0]!)!;
    const res = await post(url, new URLSearchParams({ q2: 'non', q2c: 'Il a laissé des <traces>', q5: 'Rien à dire' }).toString());
    expect(res.status).toBe(422);
    expectSecurityHeaders(res.headers);
    const html = await res.text();
    expect(html).toContain('Merci de donner une note de 0 à 10.');
    expect(html).toContain('value="non" checked');
    expect(html).toContain('Il a laissé des &lt;traces&gt;</textarea>');
    expect(html).toContain('>Rien à dire</textarea>');
    expect(fact(extraIds[0]!)).toMatchObject({ statut: 'envoye', nps: null });
  });

  it('a suggestion over 500 characters is cut, and the thank-you page says so', async () => {
    const url = links.get(extraIds[1]!)!;
    const res = await post(url, new URLSearchParams({ q1: '10', q2: 'oui', q3: 'oui', q4: 'oui', q5: 'é'.repeat(600) }).toString());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Merci !');
    expect(html).toContain('nous en avons gardé les 500 premiers');
    expect(fact(extraIds[1]!)).toMatchObject({ statut: 'complete', canal: 'web', nps: 10, suggestion: 'é'.repeat(500) });
  });
});

describe.skipIf(!hasChromium)('survey form in headless Chromium, JavaScript off', () => {
  let browser: Browser;
  let context: BrowserContext;
  const external: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      external.push(url);
      return route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('a client fills the French form on a phone, sends it, is thanked; the answers close the loop; a second visit says already answered', async () => {
    const page = await context.newPage();
    const res = await page.goto(links.get(frId)!);
    expect(res?.status()).toBe(200);
    expectSecurityHeaders(res!.headers());
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.locator('h1').textContent()).resolves.toBe('Enquête de satisfaction');
    await expect(page.locator('main > p').first().textContent()).resolves.toMatch(/^Bonjour Jeanne, merci de nous avoir fait confiance pour l’intervention du \d\d\/\d\d\/2026\./);
    await page.check('input[name="q1"][value="4"]');
    await page.check('input[name="q2"][value="oui"]');
    await page.check('input[name="q3"][value="non"]');
    await page.fill('textarea[name="q3c"]', 'Une heure de retard sans prévenir');
    await page.check('input[name="q4"][value="non"]');
    await page.fill('textarea[name="q4c"]', 'Le disjoncteur saute encore');
    await page.fill('textarea[name="q5"]', 'Appeler avant de venir');
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    expect(answer?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Merci !');
    await expect(page.locator('.card p').first().textContent()).resolves.toBe('Vos réponses ont bien été enregistrées. Elles nous aident à mieux vous servir.');

    expect(fact(frId)).toMatchObject({
      statut: 'complete', canal: 'web', nps: 4, professionnel: 1, delai: 0, dc: 'Une heure de retard sans prévenir', resolu: 0, rc: 'Le disjoncteur saute encore', suggestion: 'Appeler avant de venir', repondu: NOW.toISOString(),
    });
    // the closed loop: a low score and a problem not solved, each with its push job due now
    const alerts = temp.db.prepare('SELECT alert_id AS id, kind, planned_id AS planned FROM survey_alerts WHERE satisfaction_id = ? ORDER BY alert_id').all(frId) as { id: number; kind: string; planned: number | null }[];
    expect(alerts.map((a) => a.kind)).toEqual(['nps_bas', 'non_resolu']);
    expect(alerts[1]!.planned).not.toBeNull();
    for (const a of alerts) expect(findJob(temp.db, `survey.alert:${a.id}`)?.dueAt.toISOString()).toBe(NOW.toISOString());

    const again = await page.goto(links.get(frId)!);
    expect(again?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('Déjà répondu');
    expect(await page.locator('form').count()).toBe(0);
    // sending the form again (back button, second tab) changes nothing
    const replay = await post(links.get(frId)!, 'q1=10&q2=oui&q3=oui&q4=oui');
    expect(replay.status).toBe(410);
    expect(fact(frId)).toMatchObject({ nps: 4, resolu: 0 });
    expect(external).toEqual([]);
    await page.close();
  });

  it('an English-speaking client gets the form and the thanks in English', async () => {
    const page = await context.newPage();
    await page.goto(links.get(enId)!);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.locator('legend').first().textContent()).resolves.toBe('1. On a scale of 0 to 10, how likely are you to recommend Duret Électricité to a friend?');
    await expect(page.locator('button[type="submit"]').textContent()).resolves.toBe('Send my answers');
    await expect(page.locator('main > p').first().textContent()).resolves.toMatch(/^Hello Ann <b>&"O'Neil", thank you/);
    await page.check('input[name="q1"][value="9"]');
    await page.check('input[name="q2"][value="oui"]');
    await page.check('input[name="q3"][value="oui"]');
    await page.check('input[name="q4"][value="oui"]');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Thank you!');
    expect(fact(enId)).toMatchObject({ statut: 'complete', canal: 'web', nps: 9, professionnel: 1, delai: 1, resolu: 1, suggestion: null });
    expect(temp.db.prepare('SELECT COUNT(*) AS n FROM survey_alerts WHERE satisfaction_id = ?').get(enId)).toEqual({ n: 0 });
    await page.goto(links.get(enId)!);
    await expect(page.locator('h1').textContent()).resolves.toBe('Already answered');
    expect(external).toEqual([]);
    await page.close();
  });
});
