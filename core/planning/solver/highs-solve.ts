import type { Highs } from 'highs';
import type { PlanningConfig } from '../config.ts';
import { CostModel, evaluatePlan } from '../model/costs.ts';
import { buildMilp, columnValues, type MilpModel } from '../model/milp.ts';
import { jobOptions, type JobOption } from '../model/options.ts';
import type { PlanAssignment, PlanMethod, PlanningInstance, PlanResult, Unplanned } from '../model/types.ts';
import { greedyChoice } from './greedy.ts';
import { localSearch } from './local-search.ts';

interface RunOutcome {
  optimal: boolean;
  values: Float64Array | null;
  bound: number;
}

function toModelData(highs: Highs, m: MilpModel, integer: boolean) {
  const inf = (a: Float64Array): Float64Array => a.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
  return {
    numCols: m.numCols,
    numRows: m.numRows,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: inf(m.colUpper),
    rowLower: inf(m.rowLower),
    rowUpper: inf(m.rowUpper),
    matrix: { format: 'csc' as const, numRows: m.numRows, numCols: m.numCols, starts: m.starts, indices: m.indices, values: m.values },
    ...(integer ? { integrality: m.integrality as unknown as Int32Array } : {}),
  };
}

/** The LP relaxation's optimum of a model (a bound for the MILP), or −∞ when not solved in time. */
function lpBound(highs: Highs, m: MilpModel, timeLimitS: number): number {
  const model = highs.createModel(toModelData(highs, m, false) as Parameters<Highs['createModel']>[0]);
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.5, timeLimitS) });
    const { modelStatus } = model.run();
    return modelStatus === highs.constants.modelStatus.optimal ? model.getObjectiveValue() : -Infinity;
  } finally {
    model.dispose();
  }
}

/**
 * The MILP from a warm start (the greedy plan improved by local search) until proven optimal within the gap
 * tolerance or the deadline.
 */
function runMilp(highs: Highs, m: MilpModel, config: PlanningConfig, deadline: number, start: Float64Array): RunOutcome {
  const model = highs.createModel(toModelData(highs, m, true) as Parameters<Highs['createModel']>[0]);
  try {
    model.options.set({ output_flag: false, random_seed: 1 });
    const warm = start;
    model.options.set({ time_limit: Math.max(0.5, (deadline - performance.now()) / 1000), mip_rel_gap: config.mipRelGap });
    model.setSolution({ colValue: warm });
    const { modelStatus } = model.run();
    const optimal = modelStatus === highs.constants.modelStatus.optimal;
    const primal = Number(model.info.get('primal_solution_status'));
    const values = primal === 2 ? Float64Array.from(model.getSolution().colValue) : warm;
    const b = Number(model.info.get('mip_dual_bound'));
    return { optimal, values, bound: Number.isFinite(b) ? b : -Infinity };
  } finally {
    model.dispose();
  }
}

/** Why a job the solver left out could not be placed (capacity: before its due date, or in the whole week). */
function capacityReason(instance: PlanningInstance, jobIndex: number, costs: CostModel): Unplanned {
  const job = instance.jobs[jobIndex]!;
  const detail = costs.dueThisWeek(job)
    ? `plus de place avant l’échéance du ${job.due} chez les techniciens ${job.skill} disponibles`
    : `semaine complète pour les techniciens ${job.skill} (échéance ${job.due ?? 'non fixée'} : à planifier plus tard)`;
  return { jobId: job.id, reason: 'no_capacity', detail };
}

/**
 * Solves the weekly planning with HiGHS (synchronous: call it inside a worker). Exact MILP up to
 * `exactMaxColumns` assignment variables; above, a restricted MILP on the cheapest options per job (the greedy
 * plan always included) with the gap reported against the LP relaxation of the full model.
 */
export function solveWithHighs(highs: Highs, instance: PlanningInstance, config: PlanningConfig): PlanResult {
  const t0 = performance.now();
  const costs = new CostModel(instance, config);
  const { options: allOptions, impossible } = jobOptions(instance);
  const totalCols = allOptions.reduce((s, o) => s + o.length, 0);
  const restricted = totalCols > config.exactMaxColumns;
  const method: PlanMethod = restricted ? 'milp-restricted' : 'milp';

  let options: JobOption[][] = allOptions;
  if (restricted) {
    const greedyFull = greedyChoice(instance, allOptions, costs);
    options = allOptions.map((list, j) => {
      const job = instance.jobs[j]!;
      const ranked = list
        .map((o, k) => ({ o, k, c: costs.assignCost(instance.technicians[o.tech]!, job, o.day) }))
        .sort((a, b) => a.c - b.c || a.k - b.k);
      const kept = ranked.slice(0, config.candidatesPerJob);
      const g = greedyFull[j]!;
      if (g >= 0 && !kept.some((r) => r.k === g)) kept.push(ranked.find((r) => r.k === g)!);
      return kept.sort((a, b) => a.k - b.k).map((r) => r.o);
    });
  }
  const greedy = greedyChoice(instance, options, costs);
  const choice = localSearch(instance, options, costs, greedy, t0 + config.timeLimitS * 1000 * 0.25);
  const model = buildMilp(instance, options, costs);
  const warm = columnValues(model, choice, options, instance, costs);
  const offset = impossible.reduce((s, u) => s + costs.unplannedCost(instance.jobs.find((j) => j.id === u.jobId)!), 0);

  let outcome: RunOutcome = { optimal: false, values: null, bound: -Infinity };
  const deadline = t0 + config.timeLimitS * 1000 * (restricted ? 0.8 : 1);
  if (model.numCols > 0) outcome = runMilp(highs, model, config, deadline, warm);
  const values = outcome.values ?? warm;
  let bound = outcome.bound + offset;
  if (restricted) {
    const left = config.timeLimitS - (performance.now() - t0) / 1000;
    bound = lpBound(highs, buildMilp(instance, allOptions, costs), Math.max(1, left)) + offset;
  }
  if (model.numCols === 0) bound = offset;

  const assignments: PlanAssignment[] = [];
  const unassigned: Unplanned[] = [...impossible];
  model.xCols.forEach((c, k) => {
    if ((values[k] ?? 0) > 0.5) assignments.push({ jobId: instance.jobs[c.job]!.id, technicienId: instance.technicians[c.tech]!.id, date: instance.days[c.day]! });
  });
  const placed = new Set(assignments.map((a) => a.jobId));
  instance.jobs.forEach((job, j) => {
    if (model.uCol[j]! >= 0 && !placed.has(job.id)) unassigned.push(capacityReason(instance, j, costs));
  });
  const planCosts = evaluatePlan(instance, assignments, config);
  const objective = planCosts.total;
  if (!Number.isFinite(bound)) bound = 0;
  bound = Math.min(bound, objective);
  const gap = objective > 1e-9 ? Math.max(0, (objective - bound) / Math.abs(objective)) : 0;
  const status = instance.jobs.length > 0 && assignments.length === 0 ? 'infeasible' : outcome.optimal && !restricted ? 'optimal' : 'feasible';
  return {
    status,
    objective,
    bound: Math.round(bound * 1e4) / 1e4,
    gap: Math.round(gap * 1e6) / 1e6,
    ms: Math.round(performance.now() - t0),
    method: outcome.values ? method : 'greedy',
    assignments,
    unassigned,
    costs: planCosts,
    columns: model.numCols,
    rows: model.numRows,
  };
}
