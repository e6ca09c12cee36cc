import { makeRoute } from '../vrptw/route.ts';
import { solveData, type VrptwData } from '../vrptw/index.ts';
import { dayData } from './data.ts';
import { exactTour } from './exact.ts';
import { toHHMM } from './time.ts';
import { dayInputSchema, type DayInput, type DayParsed, type DayPlan, type Unfitted } from './types.ts';

/** Up to this many stops the tour is enumerated exactly. */
export const EXACT_MAX_STOPS = 8;

/**
 * Plans one technician's day: leaves the base at `start`, visits the stops in the order that serves the most
 * stops and then drives the fewest km, and is back at the base within `maxWorkMin`. Appointment windows are
 * hard (service starts inside the window; arriving early means waiting). Visits that do not fit are listed in
 * `unfitted` with the reason. Exact for ≤ 8 stops, the VRPTW engine (one vehicle) above.
 */
export function planDay(input: DayInput): DayPlan {
  const parsed = dayInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`journée invalide (${issue.path.join('.') || 'entrée'}) : ${issue.message}`);
  }
  const day = parsed.data;
  const data = dayData(day);
  const unfitted: Unfitted[] = [];
  const servable: number[] = [];
  for (let c = 1; c < data.n; c++) {
    const why = aloneProblem(day, data, c);
    if (why) unfitted.push(why);
    else servable.push(c);
  }
  let order: number[];
  let method: DayPlan['method'];
  if (servable.length <= EXACT_MAX_STOPS) {
    order = exactTour(data, servable);
    method = 'exact';
  } else {
    const result = solveData(data, { objective: 'distance', timeLimitMs: day.timeLimitMs, maxIterations: day.maxIterations, seed: day.seed });
    order = result.routes[0] ?? [];
    method = 'engine';
  }
  const inTour = new Set(order);
  for (const c of servable) {
    if (!inTour.has(c)) {
      unfitted.push({ id: day.stops[c - 1]!.id, reason: 'day-full', message: 'Faisable seule, mais ne tient pas dans la journée avec les autres visites.' });
    }
  }
  return schedule(day, data, order, unfitted, method);
}

/** Plans each technician's day independently (one `planDay` per technician). */
export function planTeamDay(days: DayInput[]): DayPlan[] {
  return days.map(planDay);
}

function aloneProblem(day: DayParsed, data: VrptwData, c: number): Unfitted | null {
  if (makeRoute(data, [c]).feasible) return null;
  const stop = day.stops[c - 1]!;
  const earliest = data.ready[0]! + data.time[c]!;
  if (earliest > data.due[c]! && stop.window) {
    return {
      id: stop.id,
      reason: 'window-unreachable',
      message: `Créneau ${stop.window.from}–${stop.window.to} inatteignable : arrivée au plus tôt à ${toHHMM(earliest)}.`,
    };
  }
  return {
    id: stop.id,
    reason: 'exceeds-day',
    message: `Même seule, cette visite ne permet pas de rentrer à la base avant ${toHHMM(data.due[0]!)} (journée de ${day.maxWorkMin} min).`,
  };
}

function schedule(day: DayParsed, data: VrptwData, order: number[], unfitted: Unfitted[], method: DayPlan['method']): DayPlan {
  const { n, dist, time, ready, service } = data;
  const leave = ready[0]!;
  let t = leave;
  let prev = 0;
  let km = 0;
  let drive = 0;
  const visits = order.map((c) => {
    const arrival = t + service[prev]! + time[prev * n + c]!;
    const start = Math.max(arrival, ready[c]!);
    km += dist[prev * n + c]!;
    drive += time[prev * n + c]!;
    t = start;
    prev = c;
    return { id: day.stops[c - 1]!.id, arrival: toHHMM(arrival), start: toHHMM(start), departure: toHHMM(start + service[c]!) };
  });
  km += dist[prev * n]!;
  drive += time[prev * n]!;
  const back = order.length === 0 ? leave : t + service[prev]! + time[prev * n]!;
  const idOrder = new Map(day.stops.map((s, k) => [s.id, k]));
  unfitted.sort((a, b) => idOrder.get(a.id)! - idOrder.get(b.id)!);
  return {
    order: visits.map((v) => v.id),
    visits,
    leave: toHHMM(leave),
    back: toHHMM(back),
    km: Math.round(km * 1000) / 1000,
    driveMin: Math.round(drive * 10) / 10,
    workMin: Math.round((back - leave) * 10) / 10,
    unfitted,
    method,
  };
}
