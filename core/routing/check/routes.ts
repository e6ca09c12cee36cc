import type { Convention, VrptwInstance } from '../vrptw/types.ts';
import type { DayInput, DayPlan, LatLon } from '../day/index.ts';

export interface RoutesCheck {
  feasible: boolean;
  /** Total distance (rounded to the tenth under `trunc1`). */
  distance: number;
  vehicles: number;
  errors: string[];
}

/**
 * Independent feasibility check and cost of Solomon routes (customer ids, depot omitted), recomputed from
 * the instance alone: every customer exactly once, capacity, arrival ≤ due date (waiting allowed, service
 * before leaving), back at the depot by its due date, at most the instance's vehicles (`allowUnvisited`: customers
 * may be left out, e.g. under a capped fleet). Under `trunc1`
 * distances and times are truncated to one decimal and added in integer tenths.
 */
export function checkRoutes(instance: VrptwInstance, routes: number[][], convention: Convention, opts: { allowUnvisited?: boolean } = {}): RoutesCheck {
  const errors: string[] = [];
  const nodes = instance.nodes;
  const depot = nodes[0];
  if (!depot) return { feasible: false, distance: 0, vehicles: 0, errors: ['the instance has no depot'] };
  const k = convention === 'trunc1' ? 10 : 1;
  const eps = convention === 'trunc1' ? 0 : 1e-7;
  const leg = (i: number, j: number): number => {
    const a = nodes[i]!;
    const b = nodes[j]!;
    const sq = (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
    if (convention === 'double') return Math.sqrt(sq);
    let t = Math.trunc(Math.sqrt(sq) * 10);
    while (t * t > 100 * sq) t--;
    while ((t + 1) * (t + 1) <= 100 * sq) t++;
    return t;
  };

  const seen = new Map<number, number>();
  let total = 0;
  routes.forEach((route, r) => {
    const label = `route ${r + 1}`;
    if (route.length === 0) errors.push(`${label} is empty`);
    let load = 0;
    let time = depot.ready * k;
    let prev = 0;
    for (const id of route) {
      const node = Number.isInteger(id) && id > 0 ? nodes[id] : undefined;
      if (!node) {
        errors.push(`${label}: ${id} is not a customer`);
        continue;
      }
      if (seen.has(id)) errors.push(`customer ${id} is visited twice (routes ${seen.get(id)! + 1} and ${r + 1})`);
      seen.set(id, r);
      load += node.demand;
      const d = leg(prev, id);
      total += d;
      const arrival = time + nodes[prev]!.service * k + d;
      if (arrival > node.due * k + eps) errors.push(`${label}: customer ${id} reached at ${arrival / k}, after its due date ${node.due}`);
      time = Math.max(arrival, node.ready * k);
      prev = id;
    }
    const back = leg(prev, 0);
    total += back;
    const end = time + nodes[prev]!.service * k + back;
    if (route.length > 0 && end > depot.due * k + eps) errors.push(`${label}: back at the depot at ${end / k}, after its due date ${depot.due}`);
    if (load > instance.capacity) errors.push(`${label}: load ${load} exceeds the capacity ${instance.capacity}`);
  });
  if (!opts.allowUnvisited) for (let id = 1; id < nodes.length; id++) if (!seen.has(id)) errors.push(`customer ${id} is not visited`);
  if (routes.length > instance.vehicles) errors.push(`${routes.length} routes for ${instance.vehicles} vehicles`);
  const distance = convention === 'trunc1' ? total / 10 : total;
  return { feasible: errors.length === 0, distance, vehicles: routes.length, errors };
}

export interface DayCheck {
  feasible: boolean;
  km: number;
  errors: string[];
}

/**
 * Independent check of a `planDay` result against its input: every stop planned or reported unfitted exactly
 * once, each service starting inside its window, back at the base within the working day, and the km and
 * times announced matching a recomputation. Defaults as in `planDay` (08:00, 480 min, 40 km/h).
 */
export function checkDay(input: DayInput, plan: DayPlan): DayCheck {
  const errors: string[] = [];
  const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const speed = input.speedKmh ?? 40;
  const dayStart = minutes(input.start ?? '08:00');
  const dayEnd = dayStart + (input.maxWorkMin ?? 480);
  const byId = new Map(input.stops.map((s) => [s.id, s]));
  const counted = new Map<DayInput['stops'][number]['id'], number>();
  for (const id of [...plan.order, ...plan.unfitted.map((u) => u.id)]) {
    if (!byId.has(id)) errors.push(`unknown stop ${id}`);
    counted.set(id, (counted.get(id) ?? 0) + 1);
  }
  for (const s of input.stops) if (counted.get(s.id) !== 1) errors.push(`stop ${s.id} appears ${counted.get(s.id) ?? 0} times (order + unfitted)`);

  let here: LatLon = input.base;
  let t = dayStart;
  let km = 0;
  plan.order.forEach((id, k) => {
    const stop = byId.get(id);
    if (!stop) return;
    const leg = input.distanceKm(here, stop);
    km += leg;
    const arrival = t + (leg / speed) * 60;
    const start = Math.max(arrival, stop.window ? minutes(stop.window.from) : -Infinity);
    if (stop.window && start > minutes(stop.window.to) + 1e-6) errors.push(`stop ${id}: service starts at ${fmt(start)}, after its window ${stop.window.from}–${stop.window.to}`);
    const visit = plan.visits[k];
    if (!visit || visit.id !== id || visit.arrival !== fmt(arrival) || visit.start !== fmt(start) || visit.departure !== fmt(start + stop.serviceMin)) {
      errors.push(`stop ${id}: announced times differ from ${fmt(arrival)} / ${fmt(start)} / ${fmt(start + stop.serviceMin)}`);
    }
    t = start + stop.serviceMin;
    here = stop;
  });
  if (plan.order.length > 0) {
    const leg = input.distanceKm(here, input.base);
    km += leg;
    t += (leg / speed) * 60;
  }
  if (t > dayEnd + 1e-6) errors.push(`back at the base at ${fmt(t)}, after the end of the day ${fmt(dayEnd)}`);
  if (Math.abs(km - plan.km) > 1e-3) errors.push(`announced ${plan.km} km, recomputed ${km}`);
  return { feasible: errors.length === 0, km, errors };
}

function fmt(minutes: number): string {
  const m = Math.round(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
