import { afterEach, describe, expect, it } from 'vitest';
import { findJob, listJobs, type HandlerRegistry } from '../core/jobs/index.ts';
import { openDb, type Db } from '../core/warehouse/db.ts';
import { ConfigError, loadConfig } from './config.ts';
import { MORNING_TOUR_KIND } from './jobs/index.ts';
import { createScheduler, defaultRecurring } from './scheduler.ts';

let db: Db;
afterEach(() => db?.close());

describe('scheduler settings', () => {
  it('defaults: on, 06:45 Monday–Saturday, Europe/Paris, 180 min lateness; plan Monday 07:00, churn 02:30, KPI 08:00', () => {
    expect(loadConfig({}).scheduler).toEqual({
      enabled: true, timezone: 'Europe/Paris', morningTourCron: '45 6 * * 1-6', morningTourMaxLatenessMin: 180,
      planWeeklyCron: '0 7 * * 1', churnNightlyCron: '30 2 * * *', kpiDailyCron: '0 8 * * 1-5', kpiMonthlyCron: '0 8 1 * *',
    });
  });

  it('reads and checks the variables', () => {
    const c = loadConfig({
      SCHEDULER_ENABLED: 'false', MORNING_TOUR_CRON: '30 7 * * 1-5', SCHEDULER_TIMEZONE: 'UTC', MORNING_TOUR_MAX_LATENESS_MIN: '60',
      PLAN_WEEKLY_CRON: '0 6 * * 5', CHURN_NIGHTLY_CRON: '0 3 * * *', KPI_DAILY_CRON: '15 8 * * *', KPI_MONTHLY_CRON: '0 9 2 * *',
    });
    expect(c.scheduler).toEqual({
      enabled: false, timezone: 'UTC', morningTourCron: '30 7 * * 1-5', morningTourMaxLatenessMin: 60,
      planWeeklyCron: '0 6 * * 5', churnNightlyCron: '0 3 * * *', kpiDailyCron: '15 8 * * *', kpiMonthlyCron: '0 9 2 * *',
    });
    for (const name of ['PLAN_WEEKLY_CRON', 'CHURN_NIGHTLY_CRON', 'KPI_DAILY_CRON', 'KPI_MONTHLY_CRON']) {
      expect(() => loadConfig({ [name]: '0 7 * *' })).toThrow(new RegExp(`invalid ${name}: must be a 5-field cron`));
    }
    expect(() => loadConfig({ MORNING_TOUR_CRON: '99 6 * * *' })).toThrow(ConfigError);
    expect(() => loadConfig({ MORNING_TOUR_CRON: '99 6 * * *' })).toThrow(/invalid MORNING_TOUR_CRON: .*cron/);
    expect(() => loadConfig({ SCHEDULER_TIMEZONE: 'Mars/Olympus' })).toThrow(/invalid SCHEDULER_TIMEZONE/);
    expect(() => loadConfig({ SCHEDULER_ENABLED: 'peut-être' })).toThrow(/invalid SCHEDULER_ENABLED: must be true or false/);
  });

  it('defaultRecurring turns them into the job definitions; a hand-built config without the new crons keeps the morning tour only', () => {
    const config = loadConfig({}).scheduler!;
    expect(defaultRecurring(config)).toEqual([
      { kind: MORNING_TOUR_KIND, cron: '45 6 * * 1-6', timezone: 'Europe/Paris', maxLatenessMs: 180 * 60_000 },
      { kind: 'plan.weekly', cron: '0 7 * * 1', timezone: 'Europe/Paris' },
      { kind: 'churn.nightly', cron: '30 2 * * *', timezone: 'Europe/Paris' },
      { kind: 'kpi.daily', cron: '0 8 * * 1-5', timezone: 'Europe/Paris' },
      { kind: 'kpi.monthly', cron: '0 8 1 * *', timezone: 'Europe/Paris' },
    ]);
    const { planWeeklyCron: _p, churnNightlyCron: _c, kpiDailyCron: _d, kpiMonthlyCron: _m, ...handBuilt } = config;
    expect(defaultRecurring(handBuilt).map((d) => d.kind)).toEqual([MORNING_TOUR_KIND]);
  });
});

describe('createScheduler', () => {
  it('tick enqueues the day’s occurrence and runs it once; a second tick the same minute runs nothing', async () => {
    db = openDb(':memory:');
    const ran: unknown[] = [];
    const handlers: HandlerRegistry = { [MORNING_TOUR_KIND]: async (job) => void ran.push(job.payload) };
    let now = new Date('2026-12-01T06:45:00+01:00');
    const s = createScheduler({ db, handlers, recurring: defaultRecurring(loadConfig({}).scheduler!), now: () => now, owner: 'p1' });
    const first = await s.tick();
    // the other recurring jobs are enqueued too (this test's process has no handler for them: they stay pending)
    expect(first.enqueued).toEqual(['tournee.morning:2026-11-30', 'tournee.morning:2026-12-01', 'plan.weekly:2026-11-30', 'churn.nightly:2026-11-30', 'churn.nightly:2026-12-01', 'kpi.daily:2026-11-30']);
    expect(first.done).toEqual(['tournee.morning:2026-12-01']);
    expect(first.skipped).toEqual(['tournee.morning:2026-11-30']); // yesterday's, too late
    expect(ran).toEqual([{ date: '2026-12-01', occurrence: '2026-12-01T05:45:00.000Z' }]);
    now = new Date('2026-12-01T06:45:40+01:00');
    expect(await s.tick()).toEqual({ enqueued: [], done: [], skipped: [], retried: [], failed: [], lost: [] });
    expect(ran).toHaveLength(1);
  });

  it('ticks of one process never overlap', async () => {
    db = openDb(':memory:');
    let active = 0;
    let maxActive = 0;
    const handlers: HandlerRegistry = {
      slow: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await Promise.resolve();
        active--;
      },
    };
    const s = createScheduler({ db, handlers, recurring: [{ kind: 'slow', cron: '* * * * *', oncePer: 'occurrence', lookbackMs: 3 * 60_000 }], now: () => new Date('2026-12-01T08:00:30Z') });
    const reports = await Promise.all([s.tick(), s.tick(), s.tick()]);
    expect(maxActive).toBe(1);
    expect(reports.flatMap((r) => r.done)).toHaveLength(3);
  });

  it('start() ticks at once (then every minute through node-cron); stop() waits for the running tick', async () => {
    db = openDb(':memory:');
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release: () => void = () => undefined;
    const handlers: HandlerRegistry = {
      [MORNING_TOUR_KIND]: () => {
        entered();
        return new Promise<void>((done) => (release = done));
      },
    };
    const s = createScheduler({ db, handlers, recurring: defaultRecurring(loadConfig({}).scheduler!), now: () => new Date('2026-12-01T07:00:00+01:00') });
    s.start();
    await inHandler;
    expect(findJob(db, 'tournee.morning:2026-12-01')?.status).toBe('running');
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise<void>((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(findJob(db, 'tournee.morning:2026-12-01')?.status).toBe('done');
    expect(listJobs(db, { status: 'done' })).toHaveLength(1);
  });

  it('a bad cron is refused when the scheduler is built', () => {
    db = openDb(':memory:');
    expect(() => createScheduler({ db, handlers: {}, recurring: [{ kind: 'x', cron: '0 25 * * *' }] })).toThrow(/recurring job x: .*hour/);
  });
});
