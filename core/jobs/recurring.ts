/**
 * Recurring jobs: a cron expression per job kind. At each tick the occurrences of the last `lookbackMs` are
 * enqueued under a key made of the kind and the local date (or date and time), so two processes ticking the
 * same minute create one job, a restart catches up what was due while down, and an occurrence older than its
 * max lateness is recorded and skipped rather than run late.
 */
import { TIME_ZONE } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import { enqueue } from './queue.ts';
import { localParts, occurrencesBetween, validateCron } from './recurrence.ts';
import type { Job } from './types.ts';

export interface RecurringDefinition {
  /** the job kind (its handler) */
  kind: string;
  /** 5-field cron: minute hour day-of-month month day-of-week */
  cron: string;
  /** default Europe/Paris */
  timezone?: string;
  /** 'day' (default): at most one run per local day, key `<kind>:<YYYY-MM-DD>`; 'occurrence': key `<kind>:<YYYY-MM-DD>T<HH:MM>` */
  oncePer?: 'day' | 'occurrence';
  /** an occurrence claimed later than this after its time is skipped (default 3 h; null = never too late) */
  maxLatenessMs?: number | null;
  /** how far back a tick looks for occurrences (default 36 h) */
  lookbackMs?: number;
  /** default `{ date, occurrence }` (local date, ISO instant) */
  payload?: (occurrence: Date, localDate: string) => unknown;
  maxAttempts?: number;
}

export const DEFAULT_MAX_LATENESS_MS = 3 * 3600_000;
export const DEFAULT_LOOKBACK_MS = 36 * 3600_000;

/** The idempotency key of one occurrence. */
export function occurrenceKey(def: Pick<RecurringDefinition, 'kind' | 'oncePer' | 'timezone'>, occurrence: Date): string {
  const { date, time } = localParts(occurrence, def.timezone ?? TIME_ZONE);
  return def.oncePer === 'occurrence' ? `${def.kind}:${date}T${time}` : `${def.kind}:${date}`;
}

/** Throws on a bad definition (which kind, which field). */
export function validateRecurring(defs: readonly RecurringDefinition[]): void {
  for (const d of defs) {
    try {
      validateCron(d.cron);
    } catch (e) {
      throw new Error(`recurring job ${d.kind}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Enqueues the occurrences in (now − lookback, now] of every definition; returns the jobs newly created. */
export function enqueueRecurring(db: Db, defs: readonly RecurringDefinition[], now: Date): Job[] {
  const created: Job[] = [];
  for (const def of defs) {
    const tz = def.timezone ?? TIME_ZONE;
    const from = new Date(now.getTime() - (def.lookbackMs ?? DEFAULT_LOOKBACK_MS));
    for (const occurrence of occurrencesBetween(def.cron, from, now, tz)) {
      const { date } = localParts(occurrence, tz);
      const payload = def.payload ? def.payload(occurrence, date) : { date, occurrence: occurrence.toISOString() };
      const maxLatenessMs = def.maxLatenessMs === undefined ? DEFAULT_MAX_LATENESS_MS : def.maxLatenessMs;
      const r = enqueue(
        db,
        { key: occurrenceKey(def, occurrence), kind: def.kind, payload, dueAt: occurrence, maxLatenessMs, ...(def.maxAttempts ? { maxAttempts: def.maxAttempts } : {}) },
        now,
      );
      if (r.created) created.push(r.job);
    }
  }
  return created;
}
