/** The messages between the main thread and the churn worker (checked with zod on both sides). */
import { z } from 'zod';

export const ChurnJob = z.object({
  /** the SQLite file of the warehouse (absolute path): the worker opens its own connection to it */
  path: z.string().min(1),
  /** YYYY-MM-DD: the day to score */
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'today: a date YYYY-MM-DD'),
});
export type ChurnJob = z.infer<typeof ChurnJob>;

export const ChurnJobResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), trained: z.boolean(), scored: z.boolean(), ms: z.number() }),
  z.object({ ok: z.literal(false), error: z.string(), notEnoughData: z.boolean() }),
]);
export type ChurnJobResult = z.infer<typeof ChurnJobResult>;
