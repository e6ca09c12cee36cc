import type { CostModel } from '../model/costs.ts';
import type { JobOption } from '../model/options.ts';
import type { PlanningInstance } from '../model/types.ts';

/**
 * A quick feasible plan: the most urgent and earliest-due jobs first (longest first among equals), each on the
 * cheapest technician-day that still has room, counting a technician's excess over their fair share. Returns the
 * chosen option index per job (−1 = unplanned). Used as the MILP's starting solution.
 */
export function greedyChoice(instance: PlanningInstance, options: readonly JobOption[][], costs: CostModel): number[] {
  const { jobs, technicians, days } = instance;
  const free = technicians.map((t) => days.map(() => t.capacityMin));
  const load = new Array<number>(technicians.length).fill(0);
  const shares = costs.shares();
  const expected = Math.min(
    jobs.reduce((s, j) => s + j.durationMin, 0),
    technicians.reduce((s, t) => s + costs.availableMin(t), 0),
  );
  const order = jobs
    .map((job, j) => ({ job, j }))
    .sort(
      (a, b) =>
        costs.urgency(b.job) - costs.urgency(a.job) ||
        (a.job.due ?? '9999') .localeCompare(b.job.due ?? '9999') ||
        b.job.durationMin - a.job.durationMin ||
        a.j - b.j,
    );
  const choice = new Array<number>(jobs.length).fill(-1);
  for (const { job, j } of order) {
    let best = -1;
    let bestCost = Infinity;
    (options[j] ?? []).forEach((o, k) => {
      if (free[o.tech]![o.day]! < job.durationMin) return;
      const tech = technicians[o.tech]!;
      const target = (shares.get(tech.id) ?? 0) * expected;
      const excess = Math.max(0, load[o.tech]! + job.durationMin - target) - Math.max(0, load[o.tech]! - target);
      const cost = costs.assignCost(tech, job, o.day) + costs.config.weightBalance * 2 * excess;
      if (cost < bestCost) {
        bestCost = cost;
        best = k;
      }
    });
    if (best < 0 || bestCost >= costs.unplannedCost(job)) continue;
    const o = options[j]![best]!;
    free[o.tech]![o.day] = free[o.tech]![o.day]! - job.durationMin;
    load[o.tech] = load[o.tech]! + job.durationMin;
    choice[j] = best;
  }
  return choice;
}
