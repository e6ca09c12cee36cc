import cron from 'node-cron';
import { z } from 'zod';

/** How the bot authenticates Teams: every request's JWT checked, or LOCAL (no credentials, loopback only). */
export type BotMode = 'production' | 'local';

export interface BotConfig {
  readonly mode: BotMode;
  readonly port: number;
  /** the interface to listen on; always 127.0.0.1 in LOCAL mode */
  readonly host: string;
  readonly dbPath: string | null;
  readonly credentials: { readonly clientId: string; readonly clientSecret: string; readonly tenantId: string } | null;
  /** LOCAL mode: whom the Playground's mock user acts as */
  readonly localUser: string;
  /** bearer token of POST /api/etl/:source; null = endpoint disabled */
  readonly etlToken: string | null;
  readonly logLevel: LogLevel;
  /** the job scheduler (absent = off, as in tests that build a config by hand) */
  readonly scheduler?: SchedulerConfig;
}

export interface SchedulerConfig {
  readonly enabled: boolean;
  /** the time zone of the recurring jobs' cron expressions */
  readonly timezone: string;
  readonly morningTourCron: string;
  /** a morning tour not started within this many minutes of its time is skipped, not sent late */
  readonly morningTourMaxLatenessMin: number;
  /** the weekly plan suggestion to the planners (absent = job off) */
  readonly planWeeklyCron?: string;
  /** the nightly churn scoring and its alerts (absent = job off) */
  readonly churnNightlyCron?: string;
  /** the planner's daily KPI alerts (absent = job off) */
  readonly kpiDailyCron?: string;
  /** the direction's monthly summary (absent = job off) */
  readonly kpiMonthlyCron?: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOCAL_USER = 'clothilde.martin@duret-electricite.fr';
export const LOOPBACK = '127.0.0.1';

/** A bad setting: one line naming the variable and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());

function cronSetting(fallback: string) {
  return z.preprocess(
    blankToUndefined,
    z.string().trim().default(fallback).refine((v) => v.split(/\s+/).length === 5 && cron.validate(v), 'must be a 5-field cron expression (minute hour day month weekday)'),
  );
}

const EnvSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(blankToUndefined, z.string().trim().min(1).default(LOOPBACK)),
  SAV_DB: optionalText,
  CLIENT_ID: optionalText,
  CLIENT_SECRET: optionalText,
  TENANT_ID: optionalText,
  SAV_LOCAL_USER: z.preprocess(blankToUndefined, z.email().default(DEFAULT_LOCAL_USER)),
  ETL_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  SCHEDULER_ENABLED: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }).default('true').transform((v) => ['true', '1', 'yes'].includes(v)),
  ),
  SCHEDULER_TIMEZONE: z.preprocess(
    blankToUndefined,
    z.string().trim().default('Europe/Paris').refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  ),
  MORNING_TOUR_CRON: cronSetting('45 6 * * 1-6'),
  PLAN_WEEKLY_CRON: cronSetting('0 7 * * 1'),
  CHURN_NIGHTLY_CRON: cronSetting('30 2 * * *'),
  KPI_DAILY_CRON: cronSetting('0 8 * * 1-5'),
  KPI_MONTHLY_CRON: cronSetting('0 8 1 * *'),
  MORNING_TOUR_MAX_LATENESS_MIN: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(24 * 60).default(180)),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Reads the bot settings from the environment; throws a ConfigError with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    const value = typeof issue?.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = name === 'CLIENT_SECRET' || name === 'ETL_TOKEN' ? '' : value !== undefined ? ` (got "${value}")` : '';
    throw new ConfigError(`invalid ${name}: ${issue?.message ?? 'invalid value'}${shown}`);
  }
  const e = parsed.data;
  const creds = { CLIENT_ID: e.CLIENT_ID, CLIENT_SECRET: e.CLIENT_SECRET, TENANT_ID: e.TENANT_ID };
  const set = Object.entries(creds).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (set.length > 0 && set.length < 3) {
    const missing = Object.keys(creds).filter((k) => !set.includes(k));
    throw new ConfigError(
      `partial Azure credentials: ${set.join(', ')} set but ${missing.join(', ')} missing — set all three (production) or none (LOCAL mode)`,
    );
  }
  const production = set.length === 3;
  return {
    mode: production ? 'production' : 'local',
    port: e.PORT,
    host: production ? e.HOST : LOOPBACK,
    dbPath: e.SAV_DB ?? null,
    credentials: production ? { clientId: e.CLIENT_ID!, clientSecret: e.CLIENT_SECRET!, tenantId: e.TENANT_ID! } : null,
    localUser: e.SAV_LOCAL_USER.toLowerCase(),
    etlToken: e.ETL_TOKEN ?? null,
    logLevel: e.LOG_LEVEL,
    scheduler: {
      enabled: e.SCHEDULER_ENABLED,
      timezone: e.SCHEDULER_TIMEZONE,
      morningTourCron: e.MORNING_TOUR_CRON,
      morningTourMaxLatenessMin: e.MORNING_TOUR_MAX_LATENESS_MIN,
      planWeeklyCron: e.PLAN_WEEKLY_CRON,
      churnNightlyCron: e.CHURN_NIGHTLY_CRON,
      kpiDailyCron: e.KPI_DAILY_CRON,
      kpiMonthlyCron: e.KPI_MONTHLY_CRON,
    },
  };
}
