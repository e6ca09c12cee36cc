/**
 * The five dashboard cards in Microsoft's Agents Playground, driven in headless Debian Chromium: ask
 * "tableau de bord <name>" as the direction (who may see all five), wait for the card, check its charts are
 * drawn (as many drawn <svg> charts as the card has Chart.* elements, the heat map's PNG loaded), save a
 * screenshot of each card in test-results/dashboard-<name>.png. Offline: requests to anything but this machine are
 * aborted.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import type { Dashboard } from '../../core/conversation/types.ts';
import { kpiReply } from '../../core/kpi/index.ts';
import { DASHBOARD_NAMES } from '../../core/kpi/view/common.ts';
import { NOW, TODAY, demoDb, localConfig, type TempDb } from './helpers.ts';
import { CHROMIUM, hasChromium, startPlayground, stopChild } from './playground-harness.ts';


if (!hasChromium) {
  console.warn(`dashboards.spec: SKIPPED — ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

describe.skipIf(!hasChromium)('dashboard cards in the Agents Playground (headless Chromium)', () => {
  let temp: TempDb;
  let bot: BotApp;
  let playground: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let workDir = '';

  beforeAll(async () => {
    temp = demoDb();
    bot = createBotApp({ db: temp.db, config: localConfig({ localUser: 'marc.duret@duret-electricite.fr' }), now: () => NOW, logger: createLogger('warn') });
    const started = await bot.start();
    workDir = mkdtempSync(join(tmpdir(), 'sav-dashboards-'));
    const pg = await startPlayground(started.url, workDir);
    playground = pg.child;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      const host = url.startsWith('data:') ? '127.0.0.1' : new URL(url).hostname;
      return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
    });
    await page.goto(`http://127.0.0.1:${pg.port}/`, { waitUntil: 'domcontentloaded' });
    mkdirSync(resolve('test-results'), { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stopChild(playground);
    await bot?.stop();
    temp?.cleanup();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** The Chart.* elements of a card template, with the heat map's image (a data: PNG) counted apart. */
  function expectedCharts(dashboard: Dashboard): { charts: number; images: number } {
    const card = kpiReply(temp.db, { dashboard, period: TODAY.slice(0, 7), today: TODAY, lang: 'fr' }).card;
    let charts = 0;
    let images = 0;
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Chart.')) charts++;
      if (o.type === 'Image' && typeof o.url === 'string' && o.url.startsWith('data:image/png')) images++;
      Object.values(o).forEach(walk);
    };
    walk(card);
    return { charts, images };
  }

  const DASHBOARDS: readonly { dashboard: Dashboard; question: string }[] = [
    { dashboard: 'direction', question: 'tableau de bord direction' },
    { dashboard: 'planning', question: 'tableau de bord planning' },
    { dashboard: 'technicians', question: 'tableau de bord techniciens' },
    { dashboard: 'quality', question: 'tableau de bord qualité' },
    { dashboard: 'finance', question: 'tableau de bord finance' },
  ];

  for (const { dashboard, question } of DASHBOARDS) {
    it(`"${question}" → the card with its charts drawn`, async () => {
      const want = expectedCharts(dashboard);
      expect(want.charts).toBeGreaterThan(0);
      const compose = page.getByRole('textbox').first();
      await compose.click();
      await compose.fill(question);
      await page.getByRole('button', { name: 'Send Message' }).click();
      const title = `Tableau de bord ${DASHBOARD_NAMES[dashboard].fr}`;
      const card = page.locator('.ac-adaptiveCard', { hasText: title }).last();
      await card.waitFor({ state: 'visible', timeout: 20_000 });
      // Drawn charts: an <svg> at least 150 px wide with shapes in it (lines, bars, arcs; icons are smaller), or
      // the Playground's horizontal bar chart, drawn with HTML: its root holds coloured bars of some width.
      const drawn = (): Promise<number> =>
        card.evaluate((c) => {
          const svgs = [...c.querySelectorAll('svg')].filter((e) => e.getBoundingClientRect().width >= 150 && e.querySelector('rect, path, line, circle'));
          const bars = [...c.querySelectorAll('[aria-label="Horizontal bar chart"]')].filter((root) =>
            [...root.querySelectorAll('div')].some((d) => {
              const r = d.getBoundingClientRect();
              const bg = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(d).backgroundColor;
              return r.width > 4 && r.height > 4 && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent';
            }),
          );
          return svgs.length + bars.length;
        });
      await expect.poll(drawn, { timeout: 10_000 }).toBe(want.charts);
      if (want.images > 0) {
        const img = card.locator('img.ac-image[src^="data:image/png"]');
        await expect.poll(() => img.evaluateAll((list) => list.filter((e) => (e as unknown as { complete: boolean }).complete && (e as unknown as { naturalWidth: number }).naturalWidth > 0).length), { timeout: 10_000 }).toBe(want.images);
      }
      const shot = resolve(`test-results/dashboard-${dashboard}.png`);
      await card.screenshot({ path: shot });
      expect(existsSync(shot)).toBe(true);
    }, 40_000);
  }
});
