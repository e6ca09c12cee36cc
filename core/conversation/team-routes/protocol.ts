/** The messages between the main thread and the team-routes worker (checked with zod on both sides). */
import { z } from 'zod';
import { ROLES } from '../../warehouse/schema.ts';

const UserSchema = z.object({
  userId: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  technicienId: z.number().int().nullable(),
  langue: z.enum(['fr', 'en']),
});

export const TeamRoutesJob = z.object({
  /** the SQLite file of the warehouse (absolute path): the worker opens its own connection to it */
  path: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD'),
  /** one route card per item: who will read it (access and language) and whose day it is */
  items: z.array(z.object({ user: UserSchema, technicienId: z.number().int().positive(), lang: z.enum(['fr', 'en']) })).max(500),
  /** road km already fetched from OSRM by the main thread (RoadDistances.known), so both compute the same km */
  distances: z.array(z.tuple([z.string(), z.number()])).max(2_000_000),
});
export type TeamRoutesJob = z.infer<typeof TeamRoutesJob>;

const ReplySchema = z.object({ text: z.string(), card: z.record(z.string(), z.unknown()).nullable() });

export const TeamRoutesResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), replies: z.array(ReplySchema), ms: z.number() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type TeamRoutesResult = z.infer<typeof TeamRoutesResult>;
