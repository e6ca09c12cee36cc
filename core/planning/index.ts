/** Weekly planning: the MILP (HiGHS in a worker), its independent checker, stored suggestions and decisions. */
export { benchInstance, instanceLoad, BENCH_DAYS, BENCH_WEEK, type BenchOptions } from './bench-instance.ts';
export { checkPlan, type PlanCheck } from './check.ts';
export { DEFAULT_PLANNING_CONFIG, PLANNING_ENV, planningConfigFromEnv, planningConfigSchema, type PlanningConfig, type PlanningConfigInput } from './config.ts';
export { CostModel, evaluatePlan } from './model/costs.ts';
export { ISO_WEEK, loadWeek, weekDates, type WeekData } from './model/from-warehouse.ts';
export { buildMilp, type MilpModel } from './model/milp.ts';
export { jobOptions, type JobOption } from './model/options.ts';
export type * from './model/types.ts';
export { currentAssignments, decidePlan, getPlan, planView, savePlan, suggestPlan, type DecideOutcome, type PlanLineView, type PlanRow, type PlanView, type Solve } from './plans.ts';
export { solveWithHighs } from './solver/highs-solve.ts';
export { solveInWorker } from './solver/run.ts';
export { dayTour } from './tour.ts';
