import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkRoutes } from '../../core/routing/check/routes.ts';
import { readSolomon } from '../../core/routing/solomon/index.ts';
import { solveVrptw, type Convention, type Objective } from '../../core/routing/vrptw/index.ts';
import { UsageError, intFlag, printJson } from '../context.ts';

interface VrptwFlags {
  timeLimitMs: string;
  seed: string;
  convention: string;
  objective: string;
  json?: boolean;
}

/** `sav vrptw <solomon.txt>`: solves a Solomon instance (fewest vehicles first, then distance, by default). */
export function registerVrptw(program: Command): void {
  program
    .command('vrptw')
    .description('solve a Solomon VRPTW instance (fewest vehicles, then distance)')
    .argument('<file>', 'Solomon instance file')
    .option('--time-limit-ms <ms>', 'time budget', '30000')
    .option('--seed <n>', 'random seed', '1')
    .option('--convention <c>', 'double | trunc1 (distances and times truncated to one decimal)', 'double')
    .option('--objective <o>', 'vehicles (fewest vehicles, then distance) | distance', 'vehicles')
    .option('--json', 'print JSON')
    .action((file: string, opts: VrptwFlags) => {
      const timeLimitMs = intFlag('time-limit-ms', opts.timeLimitMs, 1, 3_600_000);
      const seed = intFlag('seed', opts.seed, 0, 2 ** 32 - 1);
      if (opts.convention !== 'double' && opts.convention !== 'trunc1') throw new UsageError(`--convention must be double or trunc1, got "${opts.convention}"`);
      if (opts.objective !== 'vehicles' && opts.objective !== 'distance') throw new UsageError(`--objective must be vehicles or distance, got "${opts.objective}"`);
      const convention: Convention = opts.convention;
      const objective: Objective = opts.objective === 'vehicles' ? 'vehicles-then-distance' : 'distance';
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      const instance = readSolomon(text);
      const r = solveVrptw(instance, { timeLimitMs, seed, convention, objective });
      const check = checkRoutes(instance, r.routes, convention, { allowUnvisited: true });
      const out = { name: instance.name, vehicles: r.vehicles, distance: round(r.distance), routes: r.routes, feasible: r.feasible && check.feasible, unassigned: r.unassigned, ms: r.ms };
      if (opts.json) printJson(out);
      else {
        process.stdout.write(`${instance.name}: ${out.vehicles} vehicles, distance ${out.distance}${out.feasible ? '' : ' (INFEASIBLE)'}, ${out.ms} ms\n`);
        r.routes.forEach((route, k) => process.stdout.write(`  ${k + 1}: ${route.join(' ')}\n`));
        if (r.unassigned.length) process.stdout.write(`  unassigned: ${r.unassigned.join(' ')}\n`);
      }
    });
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
