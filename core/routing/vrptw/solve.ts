import { anneal } from './anneal.ts';
import { Budget } from './budget.ts';
import { dataFromInstance, type VrptwData } from './data.ts';
import { minimiseFleet } from './fleet.ts';
import { Rng, vrptwRng } from '../rng.ts';
import { recreate } from './recreate.ts';
import { makeRoute, type Route } from './route.ts';
import { neighbourLists } from './ruin.ts';
import { compare, solution, type Solution } from './solution.ts';
import type { SolveOptions, SolveResult, VrptwInstance } from './types.ts';

/** Share of the budget given to route minimisation under the hierarchical objective. */
const FLEET_SHARE = 0.3;
/** Independent searches under the hierarchical objective (different fleet-minimisation paths), best kept. */
const CYCLES = 3;

/** Solves a Solomon-style instance (see `solveData` for the method). */
export function solveVrptw(instance: VrptwInstance, opts: SolveOptions = {}): SolveResult {
  const data = dataFromInstance(instance, opts.convention ?? 'double');
  return solveData(data, opts);
}

/**
 * SISR (slack induction by string removals, Christiaens & Vanden Berghe 2020): a greedy-with-blinks start,
 * then, for `vehicles-then-distance`, route minimisation (remove a route, ruin and recreate with absence
 * counters until every customer is back), then ruin and recreate under simulated annealing on distance with
 * the fleet fixed. Under the hierarchical objective the budget is split into 3 independent searches (the
 * fixed-fleet landscape is poorly connected: restarting from another fleet-minimisation path pays more than
 * annealing longer), the best kept. Deterministic for a seed when bounded by `maxIterations`.
 */
export function solveData(data: VrptwData, opts: SolveOptions = {}): SolveResult {
  const t0 = performance.now();
  const timeLimitMs = opts.timeLimitMs ?? 30_000;
  const maxIterations = opts.maxIterations ?? Infinity;
  const objective = opts.objective ?? 'vehicles-then-distance';
  const rng = vrptwRng(opts.seed ?? 1);
  const maxRoutes = Math.min(data.maxVehicles, opts.maxVehicles ?? Infinity);
  const neighbours = neighbourLists(data);

  const hierarchical = objective === 'vehicles-then-distance';
  const cycles = hierarchical ? CYCLES : 1;
  let best: Solution | null = null;
  let iterations = 0;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const left = cycles - cycle;
    const cycleMs = Math.max(0, (timeLimitMs - (performance.now() - t0)) / left);
    const cycleIterations = (maxIterations - iterations) / left;
    const found = searchOnce(data, rng, neighbours, maxRoutes, hierarchical, cycleMs, cycleIterations);
    iterations += found.iterations;
    if (!best || compare(found.best, best, hierarchical) < 0) best = found.best;
  }
  return toResult(data, best!, iterations, performance.now() - t0);
}

/** One construction, route minimisation (hierarchical objective) and annealing on distance. */
function searchOnce(data: VrptwData, rng: Rng, neighbours: Int32Array[], maxRoutes: number, hierarchical: boolean, timeLimitMs: number, maxIterations: number): { best: Solution; iterations: number } {
  const t0 = performance.now();
  const customers = Array.from({ length: data.n - 1 }, (_, k) => k + 1);
  const startRoutes: Route[] = [];
  let best: Solution = solution(startRoutes, recreate(data, startRoutes, customers, rng, maxRoutes));
  let iterations = 0;
  if (hierarchical && best.absent.length === 0) {
    const fleet = new Budget(timeLimitMs * FLEET_SHARE, maxIterations * FLEET_SHARE);
    best = minimiseFleet(data, best, neighbours, rng, fleet, fleetLowerBound(data));
    iterations += fleet.iterations;
  }
  const rest = new Budget(Math.max(0, timeLimitMs - (performance.now() - t0)), maxIterations - iterations);
  const unit = meanNearest(data, neighbours);
  best = anneal(data, best, neighbours, rng, rest, {
    maxRoutes: hierarchical ? best.routes.length : maxRoutes,
    countVehicles: hierarchical,
    t0: 0.3 * unit,
    tf: 0.005 * unit,
    absentPenalty: Infinity,
  });
  return { best, iterations: iterations + rest.iterations };
}

/** Capacity bound on the number of vehicles. */
function fleetLowerBound(data: VrptwData): number {
  let total = 0;
  for (let c = 1; c < data.n; c++) total += data.demand[c]!;
  return Math.max(1, Math.ceil(total / data.capacity - 1e-9));
}

/** Mean distance from a customer to its nearest other customer: the annealing temperature's unit. */
function meanNearest(data: VrptwData, neighbours: Int32Array[]): number {
  let s = 0;
  for (let c = 1; c < data.n; c++) {
    const nb = neighbours[c]!;
    s += nb.length > 1 ? data.dist[c * data.n + nb[1]!]! : 0;
  }
  return data.n > 1 ? Math.max(s / (data.n - 1), 1e-6) : 1;
}

function toResult(data: VrptwData, best: Solution, iterations: number, ms: number): SolveResult {
  const routes = best.routes.map((r) => r.nodes.map((c) => data.ids[c]!));
  let dist = 0;
  for (const r of best.routes) dist += makeRoute(data, r.nodes).dist;
  const distance = data.scale === 1 ? dist : Math.round(dist) / data.scale;
  return {
    routes,
    vehicles: routes.length,
    distance,
    feasible: best.routes.every((r) => r.feasible),
    unassigned: best.absent.map((c) => data.ids[c]!).sort((a, b) => a - b),
    ms: Math.round(ms),
    iterations,
  };
}
