import { z } from 'zod';
import { ScheduleConfigSchema, type ScheduleOptions } from './schedule.ts';

/** How the survey is run; built by bot/config.ts from the environment (defaults below). */
export interface SurveySettings {
  /** 'sms': the conversation by SMS (short code); 'web': one SMS with a personal link to the web form. */
  channel: 'sms' | 'web';
  /** sendAfterDays 2, reminderAfterDays 7, closeAfterDays 14, 08:00–20:00 Monday–Saturday, no public holidays. */
  schedule: ScheduleOptions;
  /** A client surveyed (survey sent) within this many days is not surveyed again. */
  skipIfSurveyedWithinDays: number;
  /** Public base URL of the app (no trailing slash): the link is `${formBaseUrl}/s/${token}`. Required for 'web'. */
  formBaseUrl: string | null;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  channel: 'web',
  schedule: {},
  skipIfSurveyedWithinDays: 90,
  formBaseUrl: 'http://127.0.0.1:3978',
};

export const SurveySettingsSchema = z
  .object({
    channel: z.enum(['sms', 'web']).default('web'),
    schedule: z.custom<ScheduleOptions>((v) => ScheduleConfigSchema.safeParse(v ?? {}).success, 'invalid survey schedule').default({}),
    skipIfSurveyedWithinDays: z.number().int().min(0).max(3650).default(90),
    formBaseUrl: z
      .url({ protocol: /^https?$/, error: 'formBaseUrl must be an absolute http(s) URL such as https://sav.example.com' })
      .transform((u) => u.replace(/\/+$/, ''))
      .nullable()
      .default(null),
  })
  .refine((s) => s.channel !== 'web' || s.formBaseUrl !== null, { message: "the 'web' channel needs formBaseUrl (PUBLIC_BASE_URL)", path: ['formBaseUrl'] });

/** Validated settings with the defaults filled in; throws an Error naming the field. */
export function surveySettings(input: unknown = {}): SurveySettings {
  const parsed = SurveySettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`survey settings: invalid ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
