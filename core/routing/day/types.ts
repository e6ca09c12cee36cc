import { z } from 'zod';
import { HHMM } from './time.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

const hhmm = z.string().regex(HHMM, 'attendu HH:MM');
const latLon = { lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) };

export const dayStopSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  ...latLon,
  serviceMin: z.number().min(0),
  window: z
    .object({ from: hhmm, to: hhmm })
    .refine((w) => w.from <= w.to, { message: 'le créneau finit avant de commencer' })
    .optional(),
});

export const dayInputSchema = z
  .object({
    base: z.object(latLon),
    start: hhmm.default('08:00'),
    maxWorkMin: z.number().positive().default(480),
    stops: z.array(dayStopSchema),
    distanceKm: z.custom<(a: LatLon, b: LatLon) => number>((f) => typeof f === 'function', 'distanceKm doit être une fonction'),
    speedKmh: z.number().positive().default(40),
    timeLimitMs: z.number().positive().default(1000),
    seed: z.number().int().default(1),
    /** Iteration budget of the engine above 8 stops (keeps a day reproducible for a seed). */
    maxIterations: z.number().int().positive().default(1000),
  })
  .refine((d) => new Set(d.stops.map((s) => s.id)).size === d.stops.length, { message: 'deux visites ont le même id', path: ['stops'] });

export type DayStop = z.input<typeof dayStopSchema>;
export type DayInput = z.input<typeof dayInputSchema>;
export type DayParsed = z.output<typeof dayInputSchema>;
export type StopId = string | number;

export interface DayVisit {
  id: StopId;
  /** Arrival at the stop, service start (after waiting for the window), departure. */
  arrival: string;
  start: string;
  departure: string;
}

export type UnfittedReason = 'window-unreachable' | 'exceeds-day' | 'day-full';

export interface Unfitted {
  id: StopId;
  reason: UnfittedReason;
  /** Why, in French, for the planner. */
  message: string;
}

export interface DayPlan {
  /** Stop ids in the optimised order (base at both ends implied). */
  order: StopId[];
  visits: DayVisit[];
  /** Leaving the base and back at the base. */
  leave: string;
  back: string;
  km: number;
  driveMin: number;
  /** Back at base minus start (drive, service and waiting). */
  workMin: number;
  unfitted: Unfitted[];
  /** 'exact' (enumeration, ≤ 8 stops) or 'engine' (VRPTW engine). */
  method: 'exact' | 'engine';
}
