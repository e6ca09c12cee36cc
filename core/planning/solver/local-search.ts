import type { CostModel } from '../model/costs.ts';
import type { JobOption } from '../model/options.ts';
import type { PlanningInstance } from '../model/types.ts';

/**
 * Improves a plan (one option index per job, −1 = unplanned) by first-improvement local search on the exact
 * objective: relocate a job to another technician-day (or in / out of the plan), swap two planned jobs.
 * Capacity is kept at every step. Stops at a local optimum or at the deadline (performance.now()).
 */
export function localSearch(instance: PlanningInstance, options: readonly JobOption[][], costs: CostModel, start: readonly number[], deadline: number): number[] {
  const { jobs, technicians, days } = instance;
  const nt = technicians.length;
  const choice = [...start];
  const free = technicians.map((t) => days.map(() => t.capacityMin));
  const load = new Array<number>(nt).fill(0);
  const share = technicians.map((t) => costs.shares().get(t.id) ?? 0);
  const w = costs.config.weightBalance;
  const assignCost = options.map((list, j) => list.map((o) => costs.assignCost(technicians[o.tech]!, jobs[j]!, o.day)));
  const unplannedCost = jobs.map((j) => costs.unplannedCost(j));
  let total = 0;
  choice.forEach((c, j) => {
    if (c < 0) return;
    const o = options[j]![c]!;
    free[o.tech]![o.day] = free[o.tech]![o.day]! - jobs[j]!.durationMin;
    load[o.tech] = load[o.tech]! + jobs[j]!.durationMin;
    total += jobs[j]!.durationMin;
  });
  const dev = (i: number, l: number, T: number): number => Math.abs(l - share[i]! * T);
  const balanceAll = (T: number, i1 = -1, l1 = 0, i2 = -1, l2 = 0): number => {
    let s = 0;
    for (let i = 0; i < nt; i++) s += dev(i, i === i1 ? l1 : i === i2 ? l2 : load[i]!, T);
    return s;
  };
  const cost = (j: number, c: number): number => (c < 0 ? unplannedCost[j]! : assignCost[j]![c]!);

  const apply = (j: number, c: number): void => {
    const dur = jobs[j]!.durationMin;
    const old = choice[j]!;
    if (old >= 0) {
      const o = options[j]![old]!;
      free[o.tech]![o.day] = free[o.tech]![o.day]! + dur;
      load[o.tech] = load[o.tech]! - dur;
      total -= dur;
    }
    if (c >= 0) {
      const o = options[j]![c]!;
      free[o.tech]![o.day] = free[o.tech]![o.day]! - dur;
      load[o.tech] = load[o.tech]! + dur;
      total += dur;
    }
    choice[j] = c;
  };

  /** Δ objective of moving job j to option c (−1 = unplanned), capacity permitting; +∞ when it does not fit. */
  const relocateDelta = (j: number, c: number): number => {
    const old = choice[j]!;
    if (c === old) return Infinity;
    const dur = jobs[j]!.durationMin;
    const from = old >= 0 ? options[j]![old]! : null;
    const to = c >= 0 ? options[j]![c]! : null;
    if (to && !(from && from.tech === to.tech && from.day === to.day) && free[to.tech]![to.day]! < dur) return Infinity;
    let d = cost(j, c) - cost(j, old);
    if (from && to) {
      if (from.tech !== to.tech) {
        d += w * (dev(from.tech, load[from.tech]! - dur, total) + dev(to.tech, load[to.tech]! + dur, total) - dev(from.tech, load[from.tech]!, total) - dev(to.tech, load[to.tech]!, total));
      }
    } else if (from || to) {
      const T = total + (to ? dur : -dur);
      const before = balanceAll(total);
      const after = from ? balanceAll(T, from.tech, load[from.tech]! - dur) : balanceAll(T, to!.tech, load[to!.tech]! + dur);
      d += w * (after - before);
    }
    return d;
  };

  let improved = true;
  while (improved && performance.now() < deadline) {
    improved = false;
    // relocations
    for (let j = 0; j < jobs.length; j++) {
      const list = options[j]!;
      let bestC = choice[j]!;
      let bestD = -1e-7;
      for (let c = -1; c < list.length; c++) {
        const d = relocateDelta(j, c);
        if (d < bestD) {
          bestD = d;
          bestC = c;
        }
      }
      if (bestC !== choice[j]) {
        apply(j, bestC);
        improved = true;
      }
    }
    if (performance.now() >= deadline) break;
    // swaps between two planned jobs: j1 takes j2's technician-day and vice versa
    const slot = new Map<string, number>();
    for (let j = 0; j < jobs.length; j++) {
      const opts = options[j]!;
      opts.forEach((o, c) => slot.set(`${j}:${o.tech}:${o.day}`, c));
    }
    for (let j1 = 0; j1 < jobs.length && performance.now() < deadline; j1++) {
      const c1 = choice[j1]!;
      if (c1 < 0) continue;
      const o1 = options[j1]![c1]!;
      for (let j2 = j1 + 1; j2 < jobs.length; j2++) {
        const c2 = choice[j2]!;
        if (c2 < 0) continue;
        const o2 = options[j2]![c2]!;
        if (o1.tech === o2.tech && o1.day === o2.day) continue;
        const n1 = slot.get(`${j1}:${o2.tech}:${o2.day}`);
        const n2 = slot.get(`${j2}:${o1.tech}:${o1.day}`);
        if (n1 === undefined || n2 === undefined) continue;
        const d1 = jobs[j1]!.durationMin;
        const d2 = jobs[j2]!.durationMin;
        if (free[o2.tech]![o2.day]! + d2 - d1 < 0 || free[o1.tech]![o1.day]! + d1 - d2 < 0) continue;
        let d = assignCost[j1]![n1]! + assignCost[j2]![n2]! - assignCost[j1]![c1]! - assignCost[j2]![c2]!;
        if (o1.tech !== o2.tech) {
          const l1 = load[o1.tech]! - d1 + d2;
          const l2 = load[o2.tech]! - d2 + d1;
          d += w * (dev(o1.tech, l1, total) + dev(o2.tech, l2, total) - dev(o1.tech, load[o1.tech]!, total) - dev(o2.tech, load[o2.tech]!, total));
        }
        if (d < -1e-7) {
          apply(j1, -1);
          apply(j2, n2);
          apply(j1, n1);
          improved = true;
          break;
        }
      }
    }
  }
  return choice;
}
