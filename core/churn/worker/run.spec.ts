import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../conversation/ask.ts';
import type { User } from '../../access/types.ts';
import { openDb, type Db } from '../../warehouse/db.ts';
import { generateDemo } from '../../warehouse/demo/index.ts';
import { churnAlerts, churnAlertsOffThread } from '../alerts.ts';
import { DEMO_TODAY } from '../fixtures/warehouse.ts';
import { atRisk, latestScoringDay } from '../score.ts';
import { NotEnoughDataError } from '../train.ts';
import { ensureScoredOffThread, warehouseFile } from './run.ts';

/**
 * The event loop while `work` runs, seen by a 5 ms interval: the longest gap between two ticks, and the longest
 * time the main thread was busy (event-loop utilisation, active time) between two ticks. On a shared machine a gap
 * can also be the thread waiting for a core; busy time is only code running on this thread: what blocks it.
 */
async function watchLoop<T>(work: () => Promise<T>): Promise<{ value: T; maxGapMs: number; maxBusyMs: number; ticks: number }> {
  let last = performance.now();
  let lastElu = performance.eventLoopUtilization();
  let maxGapMs = 0;
  let maxBusyMs = 0;
  let ticks = 0;
  const sample = (): void => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    maxBusyMs = Math.max(maxBusyMs, performance.eventLoopUtilization(lastElu).active);
    last = now;
    lastElu = performance.eventLoopUtilization();
  };
  const timer = setInterval(() => {
    sample();
    ticks++;
  }, 5);
  try {
    const value = await work();
    sample(); // the stretch still open when the work ends counts too
    return { value, maxGapMs, maxBusyMs, ticks };
  } finally {
    clearInterval(timer);
  }
}

const planner: User = { userId: 1, email: 'planning@duret-electricite.fr', displayName: 'P', role: 'planning', technicienId: null, langue: 'fr' };

/**
 * A demo warehouse as a SQLite file, without the demo's churn history (its weekly scores and the placeholder
 * model): the first scoring trains a model. Also returns the same data in memory, before it became a file.
 */
function warehouseFileWithoutChurn(path: string, options: { clients: number; months: number; technicians: number }): { db: Db; memory: Db } {
  const memory = openDb(':memory:');
  generateDemo(memory, { seed: 7, today: DEMO_TODAY, ...options });
  memory.exec('DELETE FROM churn_scores; DELETE FROM churn_models;');
  writeFileSync(path, memory.serialize());
  return { db: openDb(path), memory };
}

let dir: string;
let db: Db;
let inMemory: Db;
let short: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-churn-worker-'));
  ({ db, memory: inMemory } = warehouseFileWithoutChurn(join(dir, 'warehouse.db'), { clients: 160, months: 18, technicians: 5 }));
  // too little history to train a model
  const few = warehouseFileWithoutChurn(join(dir, 'short.db'), { clients: 40, months: 3, technicians: 2 });
  few.memory.close();
  short = few.db;
});
afterAll(() => {
  for (const d of [db, inMemory, short]) d.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ensureScoredOffThread', () => {
  it('on the main thread (the same warehouse in memory) training blocks the event loop: the yardstick of the next test', async () => {
    const run = await watchLoop(() => ensureScoredOffThread(inMemory, DEMO_TODAY));
    expect(run.value).toEqual({ trained: true, scored: true, where: 'in-process' });
    expect(run.maxBusyMs).toBeGreaterThanOrEqual(100);
    expect(run.maxGapMs).toBeGreaterThanOrEqual(100);
  });

  it('trains and scores a warehouse file in a worker thread: the main thread is never busy 100 ms at a stretch, two calls share one run', async () => {
    expect(latestScoringDay(db, DEMO_TODAY)).toBeNull();
    const run = await watchLoop(() => Promise.all([ensureScoredOffThread(db, DEMO_TODAY), ensureScoredOffThread(db, DEMO_TODAY)]));
    expect(run.value).toEqual([
      { trained: true, scored: true, where: 'worker' },
      { trained: true, scored: true, where: 'worker' },
    ]);
    expect(run.maxBusyMs, `max gap between ticks ${run.maxGapMs.toFixed(0)} ms`).toBeLessThan(100);
    expect(run.ticks).toBeGreaterThan(10);
    // this connection sees what the worker wrote: one model, today's scores
    expect(db.prepare('SELECT COUNT(*) AS n FROM churn_models').get()).toEqual({ n: 1 });
    expect(latestScoringDay(db, DEMO_TODAY)).toBe(DEMO_TODAY);
    expect(atRisk(db, DEMO_TODAY, 5)).toHaveLength(5);
    // done for the day: nothing more to do
    await expect(ensureScoredOffThread(db, DEMO_TODAY)).resolves.toEqual({ trained: false, scored: false, where: 'none' });
  });

  it('another day scores with the stored model (no new training); the alerts are those of the in-thread path', async () => {
    const day = '2026-03-16';
    const alerts = await churnAlertsOffThread(db, day, { role: 'direction', lang: 'en' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM churn_models').get()).toEqual({ n: 1 });
    expect(latestScoringDay(db, day)).toBe(day);
    expect(JSON.stringify(alerts)).toBe(JSON.stringify(churnAlerts(db, day, { role: 'direction', lang: 'en' })));
  });

  it('too little history: the worker’s NotEnoughDataError comes back as one, and the chat answer says why', async () => {
    const err = await ensureScoredOffThread(short, DEMO_TODAY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotEnoughDataError);
    expect((err as Error).message).toMatch(/pas assez d’historique/);
    const first = ask(short, { text: 'clients à risque', user: planner, now: new Date(`${DEMO_TODAY}T09:00:00+01:00`) });
    expect(first.reply.text).toMatch(/Je calcule/);
    const reply = await first.reply.followUp!();
    expect(reply.text).toMatch(/^Impossible de calculer les scores : pas assez d’historique/);
  });

  it('runs in a worker only for a writable SQLite file', () => {
    expect(warehouseFile(db)).toBe(join(dir, 'warehouse.db'));
    const mem = openDb(':memory:');
    const ro = openDb(join(dir, 'warehouse.db'), { readonly: true });
    try {
      expect(warehouseFile(mem)).toBeNull();
      expect(warehouseFile(ro)).toBeNull();
    } finally {
      mem.close();
      ro.close();
    }
  });
});
