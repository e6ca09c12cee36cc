import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { checkTour } from '../../core/routing/check/tour.ts';
import { solveTsp } from '../../core/routing/tsp/index.ts';
import { buildMatrix, readTsplib } from '../../core/routing/tsplib/index.ts';
import { intFlag, printJson, UsageError } from '../context.ts';

/** What `sav tsp --json` prints. */
export interface TspOutput {
  readonly name: string;
  readonly n: number;
  readonly length: number;
  /** TSPLIB node ids (1-based), starting at node 1. */
  readonly tour: number[];
  /** Wall time from reading the file to the checked tour (reading, matrix and search included). */
  readonly ms: number;
}

/** Share of the time left after reading that the search may use (the rest covers checking and output). */
const SEARCH_SHARE = 0.98;
/** However slow the start was, the search keeps at least this share of the limit. */
const MIN_SEARCH_SHARE = 0.5;

/**
 * Reads a TSPLIB file, builds the matrix, solves within `timeLimitMs` counted from `startedAt` (a
 * `performance.now()` instant; default: the call — the CLI passes 0, the process start, so the whole run fits
 * the limit), and checks the tour independently. Throws a one-line error for an unreadable or malformed file.
 */
export function runTspFile(path: string, opts: { timeLimitMs: number; seed: number; startedAt?: number }): TspOutput {
  const t0 = opts.startedAt ?? performance.now();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    // a wrong path is bad usage (exit 2), as for `sav vrptw` and `sav etl`
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const inst = readTsplib(text, basename(path).replace(/\.tsp$/i, ''));
  const matrix = buildMatrix(inst);
  const left = Math.max(opts.timeLimitMs * MIN_SEARCH_SHARE, (opts.timeLimitMs - (performance.now() - t0)) * SEARCH_SHARE);
  const r = solveTsp(matrix, { timeLimitMs: left, seed: opts.seed });
  const check = checkTour(inst.dimension, r.tour, matrix, r.length);
  if (!check.ok) throw new Error(`internal error: the solver's tour failed the check: ${check.errors.join('; ')}`);
  return { name: inst.name, n: inst.dimension, length: r.length, tour: r.tour.map((v) => v + 1), ms: Math.round(performance.now() - t0) };
}

/** `sav tsp <file.tsp>`: a near-optimal tour for a TSPLIB instance. */
export function registerTsp(program: Command): void {
  program
    .command('tsp')
    .description('solve a TSPLIB symmetric TSP instance (EUC_2D, CEIL_2D, ATT, GEO, EXPLICIT)')
    .argument('<file>', 'TSPLIB .tsp file')
    .option('--time-limit-ms <ms>', 'time budget, reading and matrix included', '1000')
    .option('--seed <n>', 'random seed', '1')
    .option('--json', 'print JSON {name, n, length, tour, ms}')
    .action((file: string, opts: { timeLimitMs: string; seed: string; json?: boolean }) => {
      const timeLimitMs = intFlag('time-limit-ms', opts.timeLimitMs, 1, 3_600_000);
      const seed = intFlag('seed', opts.seed, 0, 2 ** 32 - 1);
      // performance.now() counts from the process start: the limit covers start-up, reading and search
      const out = runTspFile(file, { timeLimitMs, seed, startedAt: 0 });
      if (opts.json) printJson(out);
      else process.stdout.write(`${out.name}: n=${out.n}, length ${out.length}, ${out.ms} ms\ntour: ${out.tour.join(' ')}\n`);
    });
}
