import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { addDaysIso, holidayName, TIME_ZONE } from '../warehouse/calendar.ts';

/** When survey SMS may go out and how the survey is timed (days counted from the signed report, Europe/Paris). */
export const ScheduleConfigSchema = z.object({
  sendAfterDays: z.number().int().min(0).max(60).default(2),
  reminderAfterDays: z.number().int().min(1).max(60).default(7),
  closeAfterDays: z.number().int().min(1).max(120).default(14),
  /** ISO weekdays allowed (1 = Monday … 7 = Sunday). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6]),
  /** Window start (inclusive) and end (exclusive), local "HH:MM". */
  from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('08:00'),
  to: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/).default('20:00'),
  skipHolidays: z.boolean().default(true),
}).refine((c) => c.from < c.to, { message: 'the window must start before it ends (from < to)', path: ['to'] });

export type ScheduleConfig = z.output<typeof ScheduleConfigSchema>;
export type ScheduleOptions = z.input<typeof ScheduleConfigSchema>;

export function scheduleConfig(options: ScheduleOptions = {}): ScheduleConfig {
  return ScheduleConfigSchema.parse(options);
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const paris = (d: Date): TZDate => new TZDate(d.getTime(), TIME_ZONE);
const isoOf = (t: TZDate): string => `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
/** A Paris wall-clock time as an instant (in a spring-forward gap, the instant just after it). */
function at(isoDate: string, minute: number): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, Math.floor(minute / 60), minute % 60, 0, TIME_ZONE).getTime());
}

/** A day messages may be sent on: an allowed weekday, not a French public holiday (unless configured). */
export function isSendDay(isoDate: string, config: ScheduleConfig): boolean {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const isoWeekday = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
  return config.weekdays.includes(isoWeekday) && !(config.skipHolidays && holidayName(isoDate));
}

/** The instant itself if it is inside an allowed window, else the start of the next allowed window. */
export function nextAllowedSlot(instant: Date, options: ScheduleOptions | ScheduleConfig = {}): Date {
  const config = scheduleConfig(options);
  const local = paris(instant);
  let day = isoOf(local);
  const minute = local.getHours() * 60 + local.getMinutes();
  const [from, to] = [minutes(config.from), minutes(config.to)];
  if (isSendDay(day, config) && minute >= from && minute < to) return instant;
  if (!(isSendDay(day, config) && minute < from)) day = addDaysIso(day, 1);
  for (let k = 0; k < 366 && !isSendDay(day, config); k++) day = addDaysIso(day, 1);
  if (!isSendDay(day, config)) throw new Error('survey schedule: no allowed day within a year (check weekdays)');
  return at(day, from);
}

export interface SurveyTimeline {
  /** First SMS: J+sendAfterDays at the report's local time, moved to the next allowed slot. */
  readonly sendAt: Date;
  /** Reminder if Q1 is unanswered: J+reminderAfterDays, next allowed slot, always after sendAt. */
  readonly remindAt: Date;
  /** Survey closed (no SMS sent then): J+closeAfterDays at the report's local time, after the reminder. */
  readonly closeAt: Date;
}

/** Same Paris wall-clock time `days` calendar days later (DST-safe). */
function plusDays(instant: Date, days: number): Date {
  const local = paris(instant);
  return at(addDaysIso(isoOf(local), days), local.getHours() * 60 + local.getMinutes());
}

/** The survey's timing from the instant its intervention report was signed. */
export function surveyTimeline(signedAt: Date, options: ScheduleOptions = {}): SurveyTimeline {
  const config = scheduleConfig(options);
  const sendAt = nextAllowedSlot(plusDays(signedAt, config.sendAfterDays), config);
  let remindAt = nextAllowedSlot(plusDays(signedAt, config.reminderAfterDays), config);
  if (remindAt.getTime() <= sendAt.getTime()) remindAt = nextAllowedSlot(plusDays(sendAt, 1), config);
  let closeAt = plusDays(signedAt, config.closeAfterDays);
  if (closeAt.getTime() <= remindAt.getTime()) closeAt = plusDays(remindAt, 1);
  return { sendAt, remindAt, closeAt };
}
