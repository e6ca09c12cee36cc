/**
 * Microsoft's Agents Playground (the dev dependency's CLI) pointed at the running bot, driven in headless
 * Debian Chromium: type "route for Gaëtan today", send, and see the route card with the first stop.
 * Offline: the page's requests to anything but this machine (the Playground's web fonts) are aborted.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { resolveUser } from '../../core/access/index.ts';
import { dayRoute } from '../../core/planning/tournee.ts';
import { NOW, TODAY, demoDb, localConfig, type TempDb } from './helpers.ts';
import { CHROMIUM, hasChromium, startPlayground, stopChild } from './playground-harness.ts';

const SCREENSHOT = resolve('test-results/playground-route.png');

if (!hasChromium) {
  console.warn(`playground.spec: SKIPPED — ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

describe.skipIf(!hasChromium)('the Agents Playground in headless Chromium', () => {
  let temp: TempDb;
  let bot: BotApp;
  let playground: ChildProcess | undefined;
  let playgroundPort = 0;
  let browser: Browser | undefined;
  let workDir = '';
  const blocked: string[] = [];

  beforeAll(async () => {
    temp = demoDb();
    bot = createBotApp({ db: temp.db, config: localConfig(), now: () => NOW, logger: createLogger('warn') });
    const started = await bot.start();
    workDir = mkdtempSync(join(tmpdir(), 'sav-playground-'));
    const pg = await startPlayground(started.url, workDir);
    playground = pg.child;
    playgroundPort = pg.port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stopChild(playground);
    await bot?.stop();
    temp?.cleanup();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('"route for Gaëtan today" → the route card with the first stop\'s client', async () => {
    const gaetan = resolveUser(temp.db, { email: 'gaetan.morel@duret-electricite.fr' });
    const stops = dayRoute(temp.db, gaetan!.technicienId!, TODAY).stops;
    expect(stops.length).toBeGreaterThan(0);
    const firstClient = stops[0]!.client.name;

    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost' || route.request().url().startsWith('data:')) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(`http://127.0.0.1:${playgroundPort}/`, { waitUntil: 'domcontentloaded' });
    const compose = page.getByRole('textbox').first();
    await compose.click();
    await compose.fill('route for Gaëtan today');
    await page.getByRole('button', { name: 'Send Message' }).click();
    // the card renders the stops: wait for the first client's name (Playwright auto-waiting)
    const first = page.getByText(firstClient, { exact: false }).first();
    await first.waitFor({ state: 'visible', timeout: 60_000 });
    await first.scrollIntoViewIfNeeded();
    mkdirSync(resolve('test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
    // what was refused is cosmetic (Segoe UI web fonts, a "flair" animation script from Office's CDN):
    // the card above rendered without it
    expect(blocked.every((u) => new URL(u).hostname.endsWith('.cdn.office.net')), blocked.join('\n')).toBe(true);
    await page.close();
  }, 120_000);
});
