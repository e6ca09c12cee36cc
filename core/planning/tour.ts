import { roadKm } from '../routing/distance.ts';
import type { PlanJob, PlanTechnicien } from './model/types.ts';

/**
 * The order of a technician's jobs in a day: nearest neighbour from the base, then the jobs with an
 * appointment window put in window order on their slots. Km of the tour base → jobs → base (or the sum of the
 * model's estimates when locations are unknown).
 */
export function dayTour(tech: PlanTechnicien, jobs: readonly PlanJob[], roadFactor: number, estimate: (j: PlanJob) => number): { order: PlanJob[]; km: number } {
  const base = tech.base;
  if (!base || jobs.some((j) => !j.location)) return { order: [...jobs], km: jobs.reduce((s, j) => s + estimate(j), 0) };
  const left = [...jobs];
  const order: PlanJob[] = [];
  let here = base;
  while (left.length > 0) {
    let best = 0;
    left.forEach((j, k) => {
      if (roadKm(here, j.location!, roadFactor) < roadKm(here, left[best]!.location!, roadFactor)) best = k;
    });
    const next = left.splice(best, 1)[0]!;
    order.push(next);
    here = next.location!;
  }
  const slots = order.map((j, k) => (j.windowStart ? k : -1)).filter((k) => k >= 0);
  const windowed = slots.map((k) => order[k]!).sort((a, b) => (a.windowStart ?? '').localeCompare(b.windowStart ?? ''));
  slots.forEach((k, n) => (order[k] = windowed[n]!));
  let km = 0;
  let prev = base;
  for (const j of order) {
    km += roadKm(prev, j.location!, roadFactor);
    prev = j.location!;
  }
  if (order.length > 0) km += roadKm(prev, base, roadFactor);
  return { order, km };
}
