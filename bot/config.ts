import cron from 'node-cron';
import { z } from 'zod';
import { normalisePhone } from '../core/sms/phone.ts';
import { surveySettings, type SurveySettings } from '../core/survey/settings.ts';

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
  /** how SMS go out: Twilio, or the local simulator (absent = simulator, as in hand-built configs) */
  readonly sms?: SmsConfig;
  /** the satisfaction survey (absent = off) */
  readonly survey?: SurveyConfig;
}

export interface SmsConfig {
  /** 'twilio' when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set, else the local simulator (/dev/sms in LOCAL mode) */
  readonly mode: 'twilio' | 'simulator';
  readonly accountSid: string | null;
  readonly authToken: string | null;
  /** the sender number (E.164), short code or alphanumeric id; or messagingServiceSid (one is required with Twilio) */
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  /** at most this many SMS per second (the account's / sender's throughput) */
  readonly ratePerSec: number;
  /** the app's public URL as Twilio calls it (no trailing slash): webhook signatures, status callbacks, survey links */
  readonly publicBaseUrl: string | null;
}

export interface SurveyConfig {
  readonly enabled: boolean;
  readonly settings: SurveySettings;
  /** how often signed reports are scanned for surveys to plan */
  readonly scanCron: string;
  /** the monthly analysis (1st of the month, 08:00) */
  readonly monthlyCron: string;
  /** where the monthly report files are written */
  readonly reportDir: string;
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
  TWILIO_ACCOUNT_SID: z.preprocess(blankToUndefined, z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an account SID: AC followed by 32 hex digits').optional()),
  TWILIO_AUTH_TOKEN: z.preprocess(blankToUndefined, z.string().trim().min(16, 'must be at least 16 characters').optional()),
  TWILIO_FROM: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .transform((v) => normalisePhone(v) ?? v)
      .refine((v) => /^\+[1-9]\d{6,14}$/.test(v) || /^\d{3,8}$/.test(v) || (/^[A-Za-z0-9 ]{1,11}$/.test(v) && /[A-Za-z]/.test(v)), 'must be an E.164 number (+33…), a short code or an alphanumeric sender id (≤ 11 characters)')
      .optional(),
  ),
  TWILIO_MESSAGING_SERVICE_SID: z.preprocess(blankToUndefined, z.string().trim().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID: MG followed by 32 hex digits').optional()),
  TWILIO_RATE_PER_SEC: z.preprocess(blankToUndefined, z.coerce.number().positive('must be > 0').max(1000).default(10)),
  PUBLIC_BASE_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://sav.example.com' })
      .refine((u) => !/[?#]/.test(u), 'must not have a query or fragment')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  SURVEY_ENABLED: z.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }).transform((v) => ['true', '1', 'yes'].includes(v)).optional()),
  SURVEY_CHANNEL: z.preprocess(blankToUndefined, z.enum(['sms', 'web'], { error: 'must be sms or web' }).default('web')),
  SURVEY_SEND_AFTER_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(60).default(2)),
  SURVEY_REMIND_AFTER_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(60).default(7)),
  SURVEY_CLOSE_AFTER_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(120).default(14)),
  SURVEY_HOURS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .default('08:00-20:00')
      .refine((v) => {
        const m = /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/.exec(v);
        return m !== null && /^([01]\d|2[0-3]):[0-5]\d$/.test(m[1]!) && /^([01]\d|2[0-4]):[0-5]\d$/.test(m[2]!) && m[1]! < m[2]!;
      }, 'must be a window HH:MM-HH:MM (start before end), e.g. 08:00-20:00'),
  ),
  SURVEY_SKIP_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(3650).default(90)),
  SURVEY_SCAN_CRON: cronSetting('*/10 * * * *'),
  SURVEY_MONTHLY_CRON: cronSetting('0 8 1 * *'),
  SURVEY_REPORT_DIR: z.preprocess(blankToUndefined, z.string().trim().min(1).default('data/reports')),
});

const SECRETS = new Set(['CLIENT_SECRET', 'ETL_TOKEN', 'TWILIO_AUTH_TOKEN']);

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
    const shown = SECRETS.has(name) ? '' : value !== undefined ? ` (got "${value}")` : '';
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
  const sms = smsConfig(e);
  const survey = surveyConfig(e, production, sms);
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
    sms,
    survey,
  };
}

type Env = z.output<typeof EnvSchema>;

function smsConfig(e: Env): SmsConfig {
  const twilio = { TWILIO_ACCOUNT_SID: e.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: e.TWILIO_AUTH_TOKEN };
  const set = Object.entries(twilio).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (set.length === 1) {
    const missing = Object.keys(twilio).find((k) => !set.includes(k));
    throw new ConfigError(`partial Twilio credentials: ${set[0]} set but ${missing} missing — set both (SMS through Twilio) or neither (local SMS simulator)`);
  }
  const mode = set.length === 2 ? 'twilio' : 'simulator';
  if (mode === 'twilio') {
    if (!e.TWILIO_FROM && !e.TWILIO_MESSAGING_SERVICE_SID) throw new ConfigError('Twilio needs a sender: set TWILIO_FROM (number, short code or sender id) or TWILIO_MESSAGING_SERVICE_SID');
    if (!e.PUBLIC_BASE_URL) throw new ConfigError('Twilio needs PUBLIC_BASE_URL (the https URL Twilio calls): webhook signatures are checked against it');
  }
  return {
    mode,
    accountSid: e.TWILIO_ACCOUNT_SID ?? null,
    authToken: e.TWILIO_AUTH_TOKEN ?? null,
    from: e.TWILIO_FROM ?? null,
    messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID ?? null,
    ratePerSec: e.TWILIO_RATE_PER_SEC,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
  };
}

/**
 * The survey runs by default when its SMS can go somewhere: Twilio, or the simulator in LOCAL mode. In production
 * without Twilio it is off unless asked for, and asking for it is an error (the SMS would go nowhere).
 */
function surveyConfig(e: Env, production: boolean, sms: SmsConfig): SurveyConfig {
  const deliverable = sms.mode === 'twilio' || !production;
  if (e.SURVEY_ENABLED === true && !deliverable) {
    throw new ConfigError('SURVEY_ENABLED=true in production needs Twilio (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN): without it the SMS would go nowhere');
  }
  const enabled = e.SURVEY_ENABLED ?? deliverable;
  const [from, to] = e.SURVEY_HOURS.split('-').map((x) => x.trim()) as [string, string];
  // LOCAL mode serves the web form on loopback; in production the link needs the public URL
  const formBaseUrl = e.PUBLIC_BASE_URL ?? (production ? null : `http://${LOOPBACK}:${e.PORT}`);
  if (enabled && e.SURVEY_CHANNEL === 'web' && formBaseUrl === null) {
    throw new ConfigError('SURVEY_CHANNEL=web needs PUBLIC_BASE_URL (the survey link is PUBLIC_BASE_URL/s/<token>)');
  }
  let settings: SurveySettings;
  try {
    const input = {
      channel: e.SURVEY_CHANNEL,
      schedule: { sendAfterDays: e.SURVEY_SEND_AFTER_DAYS, reminderAfterDays: e.SURVEY_REMIND_AFTER_DAYS, closeAfterDays: e.SURVEY_CLOSE_AFTER_DAYS, from, to },
      skipIfSurveyedWithinDays: e.SURVEY_SKIP_DAYS,
      formBaseUrl,
    };
    // (survey off in production without a public URL: the rest is still checked, the link is simply not needed)
    settings = input.channel === 'web' && formBaseUrl === null ? { ...surveySettings({ ...input, channel: 'sms' }), channel: 'web' } : surveySettings(input);
  } catch (err) {
    throw new ConfigError(`invalid survey settings (SURVEY_*): ${err instanceof Error ? err.message : String(err)}`);
  }
  return { enabled, settings, scanCron: e.SURVEY_SCAN_CRON, monthlyCron: e.SURVEY_MONTHLY_CRON, reportDir: e.SURVEY_REPORT_DIR };
}
