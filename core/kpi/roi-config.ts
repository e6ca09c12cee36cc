/**
 * Assumptions of the measured ROI lines (planner hours, retention), from the environment (defaults in parentheses).
 * The seed gives no figure for the planner's time: the defaults are stated assumptions, shown on the card.
 * - SAV_PLANNER_MINUTES_PER_JOB (5): minutes the planner spends placing one intervention by hand (skills, zone,
 *   agenda, travel); an accepted plan saves them for every intervention it places.
 * - SAV_PLANNER_REVIEW_MINUTES (30): at most this many minutes spent reviewing one suggested plan (accepted or
 *   rejected) — the time actually counted is the smaller of this and the time between the suggestion and the decision.
 * - SAV_PLANNER_HOURLY_COST (30): € per hour of the planner, loaded (salary + employer charges).
 * - SAV_RETENTION_DAYS (90): the client's contract is looked at this many days after the alert (or at the period's
 *   end, when sooner).
 */
import { z } from 'zod';

export interface RoiConfig {
  plannerMinutesPerJob: number;
  plannerReviewMinutes: number;
  plannerHourlyCost: number;
  retentionDays: number;
}

export const DEFAULT_ROI_CONFIG: RoiConfig = { plannerMinutesPerJob: 5, plannerReviewMinutes: 30, plannerHourlyCost: 30, retentionDays: 90 };

/** The settings, their variables and whether they must be whole numbers. */
const SETTINGS: readonly { key: keyof RoiConfig; name: string; integer: boolean; allowZero: boolean }[] = [
  { key: 'plannerMinutesPerJob', name: 'SAV_PLANNER_MINUTES_PER_JOB', integer: false, allowZero: false },
  { key: 'plannerReviewMinutes', name: 'SAV_PLANNER_REVIEW_MINUTES', integer: false, allowZero: true },
  { key: 'plannerHourlyCost', name: 'SAV_PLANNER_HOURLY_COST', integer: false, allowZero: false },
  { key: 'retentionDays', name: 'SAV_RETENTION_DAYS', integer: true, allowZero: false },
];

function parser(name: string, integer: boolean, allowZero: boolean) {
  const number = z
    .string()
    .trim()
    .regex(integer ? /^\d+$/ : /^\d+(?:[.,]\d+)?$/, integer ? `${name} : nombre entier de jours attendu (ex. 90)` : `${name} : nombre positif attendu (ex. 5)`)
    .transform((s) => Number(s.replace(',', '.')));
  return number.pipe(allowZero ? z.number().min(0) : z.number().positive(`${name} doit être > 0`));
}

/** Reads the assumptions; a bad value is an error naming the variable. */
export function loadRoiConfig(env: NodeJS.ProcessEnv = process.env): RoiConfig {
  const out: RoiConfig = { ...DEFAULT_ROI_CONFIG };
  for (const s of SETTINGS) {
    const raw = env[s.name];
    if (raw === undefined || raw.trim() === '') continue;
    const r = parser(s.name, s.integer, s.allowZero).safeParse(raw);
    if (!r.success) throw new Error(`${s.name}="${raw}" : ${r.error.issues[0]?.message ?? 'valeur invalide'}`);
    out[s.key] = r.data;
  }
  return out;
}
