import type { Command } from 'commander';
import { benchInstance, instanceLoad } from '../../core/planning/bench-instance.ts';
import { checkPlan } from '../../core/planning/check.ts';
import { planningConfigFromEnv } from '../../core/planning/config.ts';
import { ISO_WEEK, loadWeek } from '../../core/planning/model/from-warehouse.ts';
import type { PlanningInstance, PlanResult } from '../../core/planning/model/types.ts';
import { solveInWorker } from '../../core/planning/solver/run.ts';
import { UsageError, intFlag, openAppDb, printJson } from '../context.ts';

interface PlanFlags {
  week?: string;
  json?: boolean;
  timeLimit?: string;
}

interface BenchFlags {
  technicians: string;
  jobs: string;
  seed: string;
  json?: boolean;
  timeLimit?: string;
}

/** The JSON the issue asks for: status, objective, bound, gap, ms, assigned, unassigned. */
function summary(r: PlanResult) {
  return {
    status: r.status,
    objective: r.objective,
    bound: r.bound,
    gap: r.gap,
    ms: r.ms,
    assigned: r.assignments.length,
    unassigned: r.unassigned.map((u) => ({ id: u.jobId, reason: u.reason, detail: u.detail })),
  };
}

async function solveAndPrint(instance: PlanningInstance, timeLimit: string | undefined, json: boolean, header: string): Promise<void> {
  const config = planningConfigFromEnv(process.env, timeLimit ? { timeLimitS: intFlag('time-limit', timeLimit, 1, 3600) } : {});
  const r = await solveInWorker(instance, config);
  const check = checkPlan(instance, r.assignments);
  if (!check.feasible) throw new Error(`the plan fails the feasibility check: ${check.problems.slice(0, 3).join('; ')}`);
  process.stderr.write(`${header}, load ${instanceLoad(instance)} (total minutes / capacity), method ${r.method}, ${r.columns} columns × ${r.rows} rows\n`);
  if (json) {
    printJson(summary(r));
    return;
  }
  const pct = (r.gap * 100).toFixed(3);
  process.stdout.write(`${r.status}: objective ${r.objective}, bound ${r.bound}, gap ${pct} %, ${r.ms} ms — ${r.assignments.length} planned, ${r.unassigned.length} unplanned\n`);
  process.stdout.write(`  km ${r.costs.km}, lateness ${r.costs.lateness}, imbalance ${r.costs.imbalanceMin} min\n`);
  const names = new Map(instance.technicians.map((t) => [t.id, t.name]));
  const jobs = new Map(instance.jobs.map((j) => [j.id, j]));
  for (const t of instance.technicians) {
    const mine = r.assignments.filter((a) => a.technicienId === t.id);
    const min = mine.reduce((s, a) => s + (jobs.get(a.jobId)?.durationMin ?? 0), 0);
    process.stdout.write(`  ${names.get(t.id)}: ${mine.length} jobs, ${min} min\n`);
  }
  for (const u of r.unassigned) process.stdout.write(`  unplanned ${u.jobId} (${jobs.get(u.jobId)?.label ?? ''}): ${u.detail}\n`);
}

/** `sav plan --week 2026-W49` (from the warehouse) and `sav plan bench` (a generated instance). */
export function registerPlan(program: Command): void {
  const plan = program
    .command('plan')
    .description('weekly planning (MILP, HiGHS): the week to plan from the warehouse, or `plan bench`')
    .option('--week <week>', 'ISO week YYYY-Www')
    .option('--time-limit <s>', 'solver time limit in seconds (default PLAN_TIME_LIMIT_S or 55)')
    .option('--json', 'print JSON')
    .action(async (opts: PlanFlags) => {
      if (!opts.week) throw new UsageError('--week is required (YYYY-Www), e.g. sav plan --week 2026-W49');
      if (!ISO_WEEK.test(opts.week)) throw new UsageError(`--week expects an ISO week YYYY-Www, got "${opts.week}"`);
      const db = await openAppDb();
      try {
        const { instance } = loadWeek(db, opts.week);
        await solveAndPrint(instance, opts.timeLimit, opts.json ?? false, `week ${opts.week}: ${instance.technicians.length} technicians, ${instance.jobs.length} jobs, ${instance.days.length} working days`);
      } finally {
        db.close();
      }
    });
  plan
    .command('bench')
    .description('solve a generated instance (durations 30–180 min, 7 zones, 6 skills)')
    .option('--technicians <n>', 'technicians', '5')
    .option('--jobs <n>', 'jobs', '100')
    .option('--seed <n>', 'seed', '1')
    .option('--time-limit <s>', 'solver time limit in seconds')
    .option('--json', 'print JSON')
    .action(async (opts: BenchFlags) => {
      const technicians = intFlag('technicians', opts.technicians, 1, 200);
      const jobs = intFlag('jobs', opts.jobs, 0, 5000);
      const seed = intFlag('seed', opts.seed, 0, 2 ** 31 - 1);
      const instance = benchInstance({ technicians, jobs, seed });
      // `--json` / `--time-limit` may be read by the parent `plan` command: accept them there too
      const parent = plan.opts<PlanFlags>();
      await solveAndPrint(instance, opts.timeLimit ?? parent.timeLimit, opts.json ?? parent.json ?? false, `bench ${technicians} technicians × ${jobs} jobs (seed ${seed})`);
    });
}
