/**
 * The scheduler: node-cron ticks every minute (and once at start); each tick enqueues the recurring jobs'
 * occurrences (idempotent keys: catch-up after a downtime included) and runs what is due through the handlers
 * by kind, under database leases (core/jobs), so several app processes sharing the database run each job once.
 * Nothing is kept in memory between ticks.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import {
  enqueueRecurring, runDueJobs, validateRecurring, type BackoffOptions, type HandlerRegistry, type JobEvent, type RecurringDefinition, type RunReport,
} from '../core/jobs/index.ts';
import type { Db } from '../core/warehouse/db.ts';
import type { SchedulerConfig } from './config.ts';
import { CHURN_NIGHTLY_KIND, KPI_DAILY_KIND, KPI_MONTHLY_KIND, MORNING_TOUR_KIND, PLAN_WEEKLY_KIND, SURVEY_MONTHLY_KIND, SURVEY_SCAN_KIND } from './jobs/index.ts';
import type { Logger } from './logger.ts';

export interface SchedulerOptions {
  db: Db;
  handlers: HandlerRegistry;
  recurring: readonly RecurringDefinition[];
  /** this process (lease owner); default host:pid:random */
  owner?: string;
  now?: () => Date;
  log?: Logger;
  leaseMs?: number;
  batch?: number;
  backoff?: BackoffOptions;
  /** the tick's cron (default every minute) */
  tickCron?: string;
}

export interface TickReport extends RunReport {
  /** keys of the recurring occurrences this tick created */
  enqueued: string[];
}

export interface Scheduler {
  readonly owner: string;
  /** one pass: enqueue the recurring occurrences, run everything due; ticks of one process never overlap */
  tick(): Promise<TickReport>;
  /** a tick now, then every minute */
  start(): void;
  /** no new ticks; waits for the running one */
  stop(): Promise<void>;
}

/** A lease owner id unique to this process. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The survey's recurring jobs, as in config.survey (bot/config.ts). */
export interface SurveyRecurringConfig {
  readonly enabled?: boolean;
  /** the scan for signed reports to survey (e.g. every 10 minutes) */
  readonly scanCron?: string;
  /** the monthly analysis to the direction (e.g. the 1st at 08:00) */
  readonly monthlyCron?: string;
}

/** A scan missed while down is not worth catching up one by one: the next one plans everything due. */
const SURVEY_SCAN_LATENESS_MS = 15 * 60_000;

/**
 * The recurring jobs from the settings: the morning tour, then the weekly plan, nightly churn alerts and KPI
 * pushes when their cron is set (loadConfig always sets them; a hand-built config may leave them off), and the
 * survey's scan (once per occurrence, only the last ones looked back at) and monthly report (run late rather
 * than never) when the survey is on and their cron set.
 */
export function defaultRecurring(config: SchedulerConfig, survey?: SurveyRecurringConfig): RecurringDefinition[] {
  const optional: [string, string | undefined][] = [
    [PLAN_WEEKLY_KIND, config.planWeeklyCron],
    [CHURN_NIGHTLY_KIND, config.churnNightlyCron],
    [KPI_DAILY_KIND, config.kpiDailyCron],
    [KPI_MONTHLY_KIND, config.kpiMonthlyCron],
  ];
  return [
    { kind: MORNING_TOUR_KIND, cron: config.morningTourCron, timezone: config.timezone, maxLatenessMs: config.morningTourMaxLatenessMin * 60_000 },
    ...optional.flatMap(([kind, cron]) => (cron ? [{ kind, cron, timezone: config.timezone }] : [])),
    ...surveyRecurring(config.timezone, survey),
  ];
}

function surveyRecurring(timezone: string, survey: SurveyRecurringConfig | undefined): RecurringDefinition[] {
  if (!survey || survey.enabled === false) return [];
  const defs: RecurringDefinition[] = [];
  if (survey.scanCron) {
    defs.push({ kind: SURVEY_SCAN_KIND, cron: survey.scanCron, timezone, oncePer: 'occurrence', lookbackMs: SURVEY_SCAN_LATENESS_MS, maxLatenessMs: SURVEY_SCAN_LATENESS_MS });
  }
  if (survey.monthlyCron) defs.push({ kind: SURVEY_MONTHLY_KIND, cron: survey.monthlyCron, timezone, maxLatenessMs: null });
  return defs;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  validateRecurring(options.recurring);
  const owner = options.owner ?? processOwner();
  const now = options.now ?? (() => new Date());
  const log = options.log?.child({ component: 'scheduler', owner });
  let task: ScheduledTask | null = null;
  let current: Promise<TickReport> | null = null;

  const onEvent = (e: JobEvent): void => {
    const base = { job: e.job.key, kind: e.job.kind, attempt: e.job.attempts };
    if (e.type === 'done') log?.info({ ...base, note: e.note }, 'job done');
    else if (e.type === 'skipped') log?.warn({ ...base, reason: e.note }, 'job skipped');
    else if (e.type === 'retry') log?.warn({ ...base, error: e.error, runAfter: e.runAfter.toISOString() }, 'job failed, will retry');
    else if (e.type === 'failed') log?.error({ ...base, error: e.error }, 'job failed for good');
    else log?.warn(base, 'job lease lost to another process');
  };

  const runTick = async (): Promise<TickReport> => {
    const enqueued = enqueueRecurring(options.db, options.recurring, now()).map((j) => j.key);
    if (enqueued.length > 0) log?.info({ enqueued }, 'recurring jobs enqueued');
    const report = await runDueJobs(options.db, {
      owner,
      now,
      handlers: options.handlers,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      ...(options.batch !== undefined ? { batch: options.batch } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      onEvent,
    });
    return { ...report, enqueued };
  };

  const tick = async (): Promise<TickReport> => {
    while (current) await current.catch(() => undefined);
    current = runTick();
    try {
      return await current;
    } finally {
      current = null;
    }
  };

  const safeTick = (): void => {
    tick().catch((err: unknown) => log?.error({ err }, 'scheduler tick failed'));
  };

  return {
    owner,
    tick,
    start() {
      if (task) return;
      task = cron.schedule(options.tickCron ?? '* * * * *', safeTick, { name: `sav-scheduler-${owner}`, noOverlap: true });
      log?.info({ recurring: options.recurring.map((r) => `${r.kind} ${r.cron} ${r.timezone ?? 'Europe/Paris'}`) }, 'scheduler started');
      safeTick();
    },
    async stop() {
      if (task) {
        await task.destroy();
        task = null;
      }
      while (current) await current.catch(() => undefined);
    },
  };
}
