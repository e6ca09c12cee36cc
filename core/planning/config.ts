import { z } from 'zod';

/**
 * Weights and limits of the weekly planning, with defaults. Every field can be overridden by an environment
 * variable (PLAN_*), read by `planningConfigFromEnv`; a bad value is an error naming the variable.
 */
export const planningConfigSchema = z.object({
  /** cost per estimated km */
  weightKm: z.number().min(0).default(1),
  /** cost per minute of deviation of a technician's week from their fair share of the load */
  weightBalance: z.number().min(0).default(0.05),
  /** cost per day late, multiplied by the urgency weight */
  weightLateness: z.number().min(0).default(10),
  /** cost per day of waiting (day index in the week), multiplied by the urgency weight: urgent jobs first */
  weightEarliness: z.number().min(0).default(0.2),
  /** cost of leaving a job unplanned, multiplied by the urgency weight */
  penaltyUnplanned: z.number().min(0).default(1000),
  /** extra cost of un-planning a job that was already planned (an appointment given to a client) */
  penaltyUnplanCurrent: z.number().min(0).default(500),
  /** jobs due after the week cost this fraction of the unplanned penalty */
  notDueFactor: z.number().min(0).max(1).default(0.3),
  urgencyWeights: z
    .object({ normale: z.number().positive(), urgente: z.number().positive(), critique: z.number().positive() })
    .default({ normale: 1, urgente: 3, critique: 10 }),
  /** HiGHS time limit, seconds */
  timeLimitS: z.number().positive().default(55),
  /** HiGHS relative MIP gap at which the solve stops (0.001 = 0.1 %) */
  mipRelGap: z.number().min(0).max(1).default(0.001),
  /** above this many assignment variables the model keeps only the cheapest options per job (restricted MILP) */
  exactMaxColumns: z.number().int().positive().default(10_000),
  /** options kept per job in a restricted MILP */
  candidatesPerJob: z.number().int().positive().default(15),
});

export type PlanningConfig = z.output<typeof planningConfigSchema>;
export type PlanningConfigInput = z.input<typeof planningConfigSchema>;

export const DEFAULT_PLANNING_CONFIG: PlanningConfig = planningConfigSchema.parse({});

/** Environment variable → config field (numbers). */
export const PLANNING_ENV: Readonly<Record<string, keyof Omit<PlanningConfig, 'urgencyWeights'>>> = {
  PLAN_WEIGHT_KM: 'weightKm',
  PLAN_WEIGHT_BALANCE: 'weightBalance',
  PLAN_WEIGHT_LATENESS: 'weightLateness',
  PLAN_WEIGHT_EARLINESS: 'weightEarliness',
  PLAN_PENALTY_UNPLANNED: 'penaltyUnplanned',
  PLAN_PENALTY_UNPLAN_CURRENT: 'penaltyUnplanCurrent',
  PLAN_NOT_DUE_FACTOR: 'notDueFactor',
  PLAN_TIME_LIMIT_S: 'timeLimitS',
  PLAN_MIP_REL_GAP: 'mipRelGap',
  PLAN_EXACT_MAX_COLUMNS: 'exactMaxColumns',
  PLAN_CANDIDATES_PER_JOB: 'candidatesPerJob',
};

/** The config from defaults, PLAN_* variables, then `overrides`. */
export function planningConfigFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: PlanningConfigInput = {}): PlanningConfig {
  const fromEnv: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(PLANNING_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
    fromEnv[field] = n;
  }
  const urgency = env.PLAN_URGENCY_WEIGHTS;
  if (urgency !== undefined && urgency.trim() !== '') {
    const parts = urgency.split(',').map((x) => Number(x.trim()));
    if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x) || x <= 0)) {
      throw new Error(`PLAN_URGENCY_WEIGHTS must be three positive numbers "normale,urgente,critique", got "${urgency}"`);
    }
    fromEnv.urgencyWeights = { normale: parts[0], urgente: parts[1], critique: parts[2] };
  }
  const parsed = planningConfigSchema.safeParse({ ...fromEnv, ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const envName = Object.entries(PLANNING_ENV).find(([, f]) => f === field)?.[0] ?? (field === 'urgencyWeights' ? 'PLAN_URGENCY_WEIGHTS' : field);
    throw new Error(`planning config: ${envName}: ${issue.message}`);
  }
  return parsed.data;
}
