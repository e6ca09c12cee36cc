/**
 * Routing benchmarks: `npx tsx scripts/bench-routing.ts [--time-limit-ms 1000] [--data <dir>]`.
 * TSP half: every instance of <data>/tsplib, each solved in its own process through the CLI's code path
 * (`runTspFile`: read, matrix, solve, check; `ms` counts all of it), against optima.tsv.
 * Benchmarks are measurements, not tests: nothing here fails a build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);
const REPO = resolve(dirname(HERE), '..');
/** ../shared/data relative to the repository (a sibling of the checkout). */
export const DEFAULT_DATA_DIR = resolve(REPO, '../shared/data');

/** One benchmark result. */
export interface Row {
  readonly set: string;
  readonly name: string;
  readonly n: number;
  /** The tour length found (or, for other sets, the objective). */
  readonly value: number;
  /** The optimum or best known value. */
  readonly reference: number;
  readonly gapPct: number;
  /** The solver's own wall time (reading and matrix included), as the CLI reports it. */
  readonly ms: number;
  /** Whole child process wall time, Node start-up included. */
  readonly processMs: number;
  readonly withinLimit: boolean;
}

/** Reads optima.tsv (name, type, dimension, optimal_length, …). */
function readOptima(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = readFileSync(join(dir, 'optima.tsv'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  for (const line of lines.slice(1)) {
    const [name, , , opt] = line.split('\t');
    if (name && opt && /^\d+(\.\d+)?$/.test(opt)) out.set(name, Number(opt));
  }
  return out;
}

/** Solves every `<dataDir>/tsplib/*.tsp`, one child process each, sequentially. */
export function benchTsp(dataDir: string, timeLimitMs: number): Row[] {
  const dir = join(dataDir, 'tsplib');
  const optima = readOptima(dir);
  const files = readdirSync(dir).filter((f) => f.endsWith('.tsp'));
  const rows: Row[] = [];
  for (const file of files) {
    const name = file.replace(/\.tsp$/, '');
    const reference = optima.get(name);
    if (reference === undefined) continue;
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', HERE, '--one', join(dir, file), String(timeLimitMs)], {
      cwd: REPO,
      encoding: 'utf8',
    });
    const processMs = performance.now() - t0;
    if (child.status !== 0) throw new Error(`${name}: the solver process failed: ${child.stderr.trim().split('\n').pop()}`);
    const out = JSON.parse(child.stdout) as { n: number; length: number; ms: number };
    rows.push({
      set: 'tsplib',
      name,
      n: out.n,
      value: out.length,
      reference,
      gapPct: ((out.length - reference) / reference) * 100,
      ms: out.ms,
      processMs: Math.round(processMs),
      withinLimit: out.ms <= timeLimitMs * 1.1,
    });
  }
  return rows.sort((a, b) => a.n - b.n || a.name.localeCompare(b.name));
}

/** A fixed-width table of rows, with the mean gap. */
export function formatRows(rows: readonly Row[], timeLimitMs: number): string {
  const head = `${'set'.padEnd(8)}${'instance'.padEnd(12)}${'n'.padStart(5)}${'length'.padStart(10)}${'optimum'.padStart(10)}${'gap %'.padStart(8)}${'ms'.padStart(7)}${'proc ms'.padStart(9)}`;
  const lines = rows.map(
    (r) =>
      `${r.set.padEnd(8)}${r.name.padEnd(12)}${String(r.n).padStart(5)}${String(r.value).padStart(10)}${String(r.reference).padStart(10)}${r.gapPct.toFixed(2).padStart(8)}${String(r.ms).padStart(7)}${String(r.processMs).padStart(9)}${r.withinLimit ? '' : '  OVER LIMIT'}`,
  );
  const mean = rows.reduce((s, r) => s + r.gapPct, 0) / Math.max(1, rows.length);
  const worst = rows.reduce((m, r) => Math.max(m, r.gapPct), 0);
  const over = rows.filter((r) => !r.withinLimit).length;
  const maxMs = rows.reduce((m, r) => Math.max(m, r.ms), 0);
  lines.push(
    `mean gap ${mean.toFixed(3)} %, worst ${worst.toFixed(2)} %, ${rows.length} instances, max ${maxMs} ms, ${over} over ${timeLimitMs} ms + 10 %`,
  );
  return [head, ...lines].join('\n');
}

async function one(file: string, timeLimitMs: number): Promise<void> {
  const { runTspFile } = await import('../cli/commands/tsp.ts');
  const out = runTspFile(file, { timeLimitMs, seed: 1 });
  process.stdout.write(JSON.stringify(out));
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--one') return one(args[1]!, Number(args[2]));
  const timeLimitMs = Number(flag(args, '--time-limit-ms') ?? 1000);
  if (!Number.isInteger(timeLimitMs) || timeLimitMs < 1) throw new Error(`--time-limit-ms expects a positive integer`);
  const dataDir = resolve(flag(args, '--data') ?? DEFAULT_DATA_DIR);
  if (!existsSync(join(dataDir, 'tsplib'))) throw new Error(`no tsplib folder in ${dataDir}`);
  process.stdout.write(`TSPLIB, ${timeLimitMs} ms per instance, seed 1, one process each\n`);
  process.stdout.write(formatRows(benchTsp(dataDir, timeLimitMs), timeLimitMs) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === HERE) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`bench-routing: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
