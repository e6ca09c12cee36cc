/**
 * Weekly planning benchmark: HiGHS (the solver used) against javascript-lp-solver (the baseline named in the
 * original design) on the same generated instances and the same MILP.
 *
 *   npx tsx scripts/bench-planning.ts [--baseline-timeout-s 20] [--sizes 5x80,5x100,5x160,20x400] [--baseline-max-jobs 160]
 *
 * Every plan is checked by the independent checker; for the baseline, a fractional or capacity-breaking
 * answer is reported as such.
 */
import loadHighs, { type Highs } from 'highs';
import jsLpSolver from 'javascript-lp-solver';
import { benchInstance, instanceLoad } from '../core/planning/bench-instance.ts';
import { checkPlan } from '../core/planning/check.ts';
import { planningConfigFromEnv } from '../core/planning/config.ts';
import { CostModel, evaluatePlan } from '../core/planning/model/costs.ts';
import { buildMilp } from '../core/planning/model/milp.ts';
import { jobOptions } from '../core/planning/model/options.ts';
import type { PlanAssignment, PlanningInstance } from '../core/planning/model/types.ts';
import { solveWithHighs } from '../core/planning/solver/highs-solve.ts';

const arg = (name: string, fallback: string): string => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1]! : fallback;
};
const sizes = arg('sizes', '5x80,5x100,5x160,20x400').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const baselineTimeoutS = Number(arg('baseline-timeout-s', '20'));
const baselineMaxJobs = Number(arg('baseline-max-jobs', '160'));
const config = planningConfigFromEnv();
// ESM default export at run time; the typings describe the CommonJS namespace
const solver = jsLpSolver as unknown as { Solve: (model: unknown) => unknown };

function baseline(instance: PlanningInstance): { status: string; objective: number | null; ms: number; note: string } {
  const costs = new CostModel(instance, config);
  const { options } = jobOptions(instance);
  const m = buildMilp(instance, options, costs);
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  for (let r = 0; r < m.numRows; r++) {
    const lo = m.rowLower[r]!;
    const hi = m.rowUpper[r]!;
    constraints[`r${r}`] = lo === hi ? { equal: lo } : { ...(Number.isFinite(lo) ? { min: lo } : {}), ...(Number.isFinite(hi) ? { max: hi } : {}) };
  }
  const variables: Record<string, Record<string, number>> = {};
  const binaries: Record<string, 1> = {};
  for (let c = 0; c < m.numCols; c++) {
    const v: Record<string, number> = { obj: m.colCost[c]! };
    for (let k = m.starts[c]!; k < m.starts[c + 1]!; k++) v[`r${m.indices[k]!}`] = m.values[k]!;
    variables[`c${c}`] = v;
    if (m.integrality[c] === 1) binaries[`c${c}`] = 1;
  }
  const t0 = performance.now();
  const res = solver.Solve({ optimize: 'obj', opType: 'min', constraints, variables, binaries, options: { timeout: baselineTimeoutS * 1000, tolerance: 0.001 } }) as Record<string, number | boolean | undefined>;
  const ms = Math.round(performance.now() - t0);
  if (!res.feasible) return { status: 'no plan', objective: null, ms, note: 'reported infeasible / no solution' };
  const assignments: PlanAssignment[] = [];
  let fractional = 0;
  m.xCols.forEach((x, k) => {
    const v = Number(res[`c${k}`] ?? 0);
    if (v > 1e-6 && v < 1 - 1e-6) fractional++;
    if (v > 0.5) assignments.push({ jobId: instance.jobs[x.job]!.id, technicienId: instance.technicians[x.tech]!.id, date: instance.days[x.day]! });
  });
  const check = checkPlan(instance, assignments);
  const objective = evaluatePlan(instance, assignments, config).total;
  const note = [fractional > 0 ? `${fractional} fractional x` : '', check.feasible ? '' : `checker: ${check.problems.length} problems (${check.problems[0]})`, res.isIntegral === false ? 'isIntegral=false' : '']
    .filter(Boolean)
    .join('; ');
  return { status: fractional === 0 && check.feasible ? 'feasible' : 'invalid', objective, ms, note: note || 'ok' };
}

const highs = await (loadHighs as unknown as () => Promise<Highs>)();
const rows: string[] = [];
rows.push('| instance | load | HiGHS status | HiGHS objective | bound | gap | HiGHS ms | unplanned | jsLPSolver | jsLPSolver objective | jsLPSolver ms | note |');
rows.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [t, j] of sizes) {
  const instance = benchInstance({ technicians: t, jobs: j, seed: 1 });
  const r = solveWithHighs(highs, instance, config);
  const check = checkPlan(instance, r.assignments);
  if (!check.feasible) throw new Error(`HiGHS plan fails the checker: ${check.problems.join('; ')}`);
  const b = j <= baselineMaxJobs ? baseline(instance) : { status: 'not run', objective: null, ms: 0, note: `above --baseline-max-jobs ${baselineMaxJobs}` };
  const row = `| ${t}×${j} | ${instanceLoad(instance)} | ${r.status} (${r.method}) | ${r.objective} | ${r.bound} | ${(r.gap * 100).toFixed(3)} % | ${r.ms} | ${r.unassigned.length} | ${b.status} | ${b.objective ?? '—'} | ${b.ms} | ${b.note} |`;
  rows.push(row);
  process.stderr.write(`${row}\n`);
}
process.stdout.write(`${rows.join('\n')}\n`);
