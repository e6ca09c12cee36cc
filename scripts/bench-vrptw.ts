/**
 * Solomon benchmark of the VRPTW engine: the 25-customer files under `trunc1` with the distance objective,
 * the 100-customer files in double precision, 30 s, fewest vehicles first. Every result is checked by the
 * independent checker. Run: `npx tsx scripts/bench-vrptw.ts [--time-limit-ms 30000] [--seed 1]`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDay, checkRoutes } from '../core/routing/check/routes.ts';
import { planDay, type DayInput } from '../core/routing/day/index.ts';
import { readSolomon } from '../core/routing/solomon/index.ts';
import { solveVrptw, type Convention, type Objective } from '../core/routing/vrptw/index.ts';

export interface Row {
  instance: string;
  customers: number;
  convention: Convention;
  objective: Objective;
  vehicles: number;
  distance: number;
  bksVehicles: number;
  bksDistance: number;
  gapPct: number;
  feasible: boolean;
  ms: number;
}

interface Bks {
  instance: string;
  customers: number;
  file: string;
  vehicles: number;
  distance: number;
  convention: Convention;
}

function readBks(dataDir: string): Bks[] {
  const lines = readFileSync(join(dataDir, 'solomon', 'bks.tsv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
  return lines.map((line) => {
    const [instance, customers, file, vehicles, distance, convention] = line.split('\t');
    return {
      instance: instance!,
      customers: Number(customers),
      file: file!,
      vehicles: Number(vehicles),
      distance: Number(distance),
      convention: /truncated/.test(convention!) ? 'trunc1' : 'double',
    };
  });
}

export function benchVrptw(dataDir: string, opts: { timeLimitMs?: number; smallTimeLimitMs?: number; seed?: number } = {}): Row[] {
  const plan = readBks(dataDir).filter((b) => (b.customers === 25 ? b.convention === 'trunc1' : b.convention === 'double'));
  return plan.map((b) => {
    const instance = readSolomon(readFileSync(join(dataDir, 'solomon', b.file), 'utf8'));
    const objective: Objective = b.customers === 25 ? 'distance' : 'vehicles-then-distance';
    const timeLimitMs = b.customers === 25 ? (opts.smallTimeLimitMs ?? 2000) : (opts.timeLimitMs ?? 30_000);
    const r = solveVrptw(instance, { convention: b.convention, objective, timeLimitMs, seed: opts.seed ?? 1 });
    const check = checkRoutes(instance, r.routes, b.convention);
    return {
      instance: b.instance,
      customers: b.customers,
      convention: b.convention,
      objective,
      vehicles: r.vehicles,
      distance: Math.round(check.distance * 100) / 100,
      bksVehicles: b.vehicles,
      bksDistance: b.distance,
      gapPct: Math.round(((check.distance - b.distance) / b.distance) * 10_000) / 100,
      feasible: check.feasible && r.feasible,
      ms: r.ms,
    };
  });
}

/** Technician-day timings: one 10-stop day with windows, then 200 technicians × 12 stops (200 planDay calls). */
export function benchDay(): { tenStopMs: number; teamMs: number; teamStops: number; teamUnfitted: number; allChecked: boolean } {
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => 1.3 * 111.2 * Math.hypot(a.lat - b.lat, (a.lon - b.lon) * Math.cos((45.9 * Math.PI) / 180));
  const makeDay = (stops: number): DayInput => ({
    base: { lat: 45.9, lon: 6.12 },
    distanceKm: km,
    stops: Array.from({ length: stops }, (_, k) => {
      const from = 8 * 60 + Math.floor(rand() * 8) * 60;
      return { id: k + 1, lat: 45.9 + (rand() - 0.5) * 0.3, lon: 6.12 + (rand() - 0.5) * 0.4, serviceMin: 15 + Math.floor(rand() * 30), ...(rand() < 0.4 ? { window: { from: hhmm(from), to: hhmm(from + 120) } } : {}) };
    }),
  });
  for (let k = 0; k < 5; k++) planDay(makeDay(10)); // warm-up (JIT)
  const tens = Array.from({ length: 21 }, () => makeDay(10));
  const tenTimes = tens.map((d) => {
    const start = performance.now();
    planDay(d);
    return performance.now() - start;
  });
  const tenStopMs = tenTimes.sort((a, b) => a - b)[10]!;
  const ten = tens[0]!;
  const tenPlan = planDay(ten);
  let t = 0;
  const team = Array.from({ length: 200 }, () => makeDay(12));
  t = performance.now();
  const plans = team.map(planDay);
  const teamMs = performance.now() - t;
  const allChecked = checkDay(ten, tenPlan).feasible && plans.every((p, k) => checkDay(team[k]!, p).feasible);
  return { tenStopMs, teamMs, teamStops: plans.reduce((s, p) => s + p.order.length, 0), teamUnfitted: plans.reduce((s, p) => s + p.unfitted.length, 0), allChecked };
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data');
  const rows = args.includes('--day-only') ? [] : benchVrptw(dataDir, { timeLimitMs: flag('time-limit-ms'), seed: flag('seed') });
  const header = ['instance', 'n', 'conv', 'objective', 'veh', 'distance', 'BKS veh', 'BKS dist', 'gap %', 'feasible', 'ms'];
  const table = rows.map((r) => [r.instance, r.customers, r.convention, r.objective, r.vehicles, r.distance.toFixed(2), r.bksVehicles, r.bksDistance.toFixed(2), r.gapPct.toFixed(2), r.feasible ? 'yes' : 'NO', r.ms].map(String));
  const widths = header.map((h, k) => Math.max(h.length, ...table.map((t) => t[k]!.length)));
  for (const line of [header, ...table]) process.stdout.write(line.map((c, k) => c.padEnd(widths[k]!)).join('  ') + '\n');
  const mean = rows.reduce((s, r) => s + r.gapPct, 0) / rows.length;
  process.stdout.write(`mean gap ${mean.toFixed(2)} % (a gap on a row with more vehicles than the BKS is not comparable)\n`);
  const d = benchDay();
  process.stdout.write(`technician day: 10 stops with windows ${d.tenStopMs.toFixed(1)} ms (median of 21); 200 technicians x 12 stops (200 planDay calls) ${d.teamMs.toFixed(0)} ms, ${d.teamStops} visits planned, ${d.teamUnfitted} unfitted, all checked feasible: ${d.allChecked}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
