import type { CostModel } from './costs.ts';
import type { JobOption } from './options.ts';
import type { PlanningInstance, PlanTechnicien } from './types.ts';

/**
 * The weekly planning as a mixed-integer program, in sparse column form (solver-agnostic):
 *
 *   x[j,i,t] ∈ {0,1}  technician i does job j on day t (only allowed pairs: skill, day off, fixed day)
 *   u[j] ∈ [0,1]      job j stays unplanned (at an explicit penalty)
 *   d[i] ≥ 0          |load of i − fair share of the planned load|
 *
 *   min Σ (km + lateness + wait) x + Σ penalty u + w_balance Σ d
 *   Σ_{i,t} x[j,i,t] + u[j] = 1                     each job once, or unplanned
 *   Σ_j dur_j x[j,i,t] ≤ capacity_i                 per technician-day
 *   ±(L_i − s_i T) ≤ d_i  with L_i = Σ dur x[·,i,·], T = Σ dur_j (1 − u_j)   (linearised deviation)
 *   L_a ≥ L_b for interchangeable technicians a < b  (symmetry breaking; the wait cost breaks day symmetry)
 */
export interface MilpModel {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSC */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  integrality: Int32Array;
  /** the x columns come first: column k is job xCols[k].job (index in instance.jobs) by tech/day indices */
  xCols: { job: number; tech: number; day: number }[];
  /** column of u[j] for the modelled jobs (index in instance.jobs), −1 when the job is not in the model */
  uCol: Int32Array;
  /** column of d[i], −1 when the technician has no working day */
  dCol: Int32Array;
}

function signature(t: PlanTechnicien): string {
  return JSON.stringify([[...t.skills].sort(), t.homeZone, t.capacityMin, [...t.offDays].sort(), t.base ?? null]);
}

/** Builds the model over the given options per job (a job with no option is left out). */
export function buildMilp(instance: PlanningInstance, options: readonly JobOption[][], costs: CostModel): MilpModel {
  const { jobs, technicians, days } = instance;
  const shares = costs.shares();
  const modelled = jobs.map((_, j) => (options[j]?.length ?? 0) > 0);

  // rows
  let numRows = 0;
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lo: number, hi: number): number => {
    rowLower.push(lo);
    rowUpper.push(hi);
    return numRows++;
  };
  const assignRow = jobs.map((_, j) => (modelled[j] ? addRow(1, 1) : -1));
  const capRow = technicians.map((tech) => days.map((date) => (tech.offDays.includes(date) ? -1 : addRow(-Infinity, tech.capacityMin))));
  const totalDur = jobs.reduce((s, job, j) => s + (modelled[j] ? job.durationMin : 0), 0);
  const share = technicians.map((t) => shares.get(t.id) ?? 0);
  const balanced = technicians.map((t) => costs.availableMin(t) > 0);
  const balPlus = technicians.map((_, i) => (balanced[i] ? addRow(-Infinity, share[i]! * totalDur) : -1));
  const balMinus = technicians.map((_, i) => (balanced[i] ? addRow(-Infinity, -share[i]! * totalDur) : -1));
  // symmetry: interchangeable technicians carry non-increasing loads
  const symRows: { a: number; b: number; row: number }[] = [];
  const groups = new Map<string, number[]>();
  technicians.forEach((t, i) => {
    if (!balanced[i]) return;
    const key = signature(t);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const g of groups.values()) for (let k = 0; k + 1 < g.length; k++) symRows.push({ a: g[k]!, b: g[k + 1]!, row: addRow(0, Infinity) });

  // columns
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const integrality: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const addCol = (cost: number, lo: number, hi: number, integer: boolean, entries: [number, number][]): number => {
    colCost.push(cost);
    colLower.push(lo);
    colUpper.push(hi);
    integrality.push(integer ? 1 : 0);
    entries.sort((p, q) => p[0] - q[0]);
    for (const [r, v] of entries) {
      indices.push(r);
      values.push(v);
    }
    starts.push(indices.length);
    return colCost.length - 1;
  };

  const xCols: MilpModel['xCols'] = [];
  jobs.forEach((job, j) => {
    for (const o of options[j] ?? []) {
      const tech = technicians[o.tech]!;
      const dur = job.durationMin;
      const entries: [number, number][] = [
        [assignRow[j]!, 1],
        [capRow[o.tech]![o.day]!, dur],
        [balPlus[o.tech]!, dur],
        [balMinus[o.tech]!, -dur],
      ];
      for (const s of symRows) {
        if (s.a === o.tech) entries.push([s.row, dur]);
        if (s.b === o.tech) entries.push([s.row, -dur]);
      }
      addCol(costs.assignCost(tech, job, o.day), 0, 1, true, entries);
      xCols.push({ job: j, tech: o.tech, day: o.day });
    }
  });
  const uCol = new Int32Array(jobs.length).fill(-1);
  jobs.forEach((job, j) => {
    if (!modelled[j]) return;
    const entries: [number, number][] = [[assignRow[j]!, 1]];
    technicians.forEach((_, i) => {
      if (!balanced[i]) return;
      entries.push([balPlus[i]!, share[i]! * job.durationMin], [balMinus[i]!, -share[i]! * job.durationMin]);
    });
    uCol[j] = addCol(costs.unplannedCost(job), 0, 1, false, entries);
  });
  const dCol = new Int32Array(technicians.length).fill(-1);
  technicians.forEach((_, i) => {
    if (!balanced[i]) return;
    dCol[i] = addCol(costs.config.weightBalance, 0, Infinity, false, [
      [balPlus[i]!, -1],
      [balMinus[i]!, -1],
    ]);
  });

  return {
    numCols: colCost.length,
    numRows,
    colCost: Float64Array.from(colCost),
    colLower: Float64Array.from(colLower),
    colUpper: Float64Array.from(colUpper),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality: Int32Array.from(integrality),
    xCols,
    uCol,
    dCol,
  };
}

/** A complete column vector for a plan given as one option index per job (−1 = unplanned), for warm starts. */
export function columnValues(model: MilpModel, choice: readonly number[], options: readonly JobOption[][], instance: PlanningInstance, costs: CostModel): Float64Array {
  const x = new Float64Array(model.numCols);
  const firstCol: number[] = [];
  let k = 0;
  instance.jobs.forEach((_, j) => {
    firstCol.push(k);
    k += options[j]?.length ?? 0;
  });
  const load = new Array<number>(instance.technicians.length).fill(0);
  let total = 0;
  instance.jobs.forEach((job, j) => {
    const c = choice[j] ?? -1;
    const u = model.uCol[j]!;
    if (u < 0) return;
    if (c < 0) x[u] = 1;
    else {
      x[firstCol[j]! + c] = 1;
      const o = options[j]![c]!;
      load[o.tech]! += job.durationMin;
      total += job.durationMin;
    }
  });
  const shares = costs.shares();
  instance.technicians.forEach((t, i) => {
    const d = model.dCol[i]!;
    if (d >= 0) x[d] = Math.abs(load[i]! - (shares.get(t.id) ?? 0) * total);
  });
  return x;
}
