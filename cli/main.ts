import { Command, CommanderError } from 'commander';
import { UsageError } from './context.ts';

type Register = (program: Command) => void;

/**
 * The commands, each in `cli/commands/<name>.ts`, loaded on demand: `sav tsp` must not pay for the
 * conversation layer or the demo generator at start-up (the TSP time limit is measured on the whole run).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  db: async () => (await import('./commands/db.ts')).registerDb,
  demo: async () => (await import('./commands/demo.ts')).registerDemo,
  etl: async () => (await import('./commands/etl.ts')).registerEtl,
  ask: async () => (await import('./commands/ask.ts')).registerAsk,
  tsp: async () => (await import('./commands/tsp.ts')).registerTsp,
  vrptw: async () => (await import('./commands/vrptw.ts')).registerVrptw,
  churn: async () => (await import('./commands/churn.ts')).registerChurn,
  kpi: async () => (await import('./commands/kpi.ts')).registerKpi,
  plan: async () => (await import('./commands/plan.ts')).registerPlan,
  survey: async () => (await import('./commands/survey.ts')).registerSurvey,
  zones: async () => (await import('./commands/zones.ts')).registerZones,
};

/** The bare `sav` program, without commands. */
export function newProgram(): Command {
  return new Command('sav')
    .description('sav-assistant: warehouse, ETL, optimisers and conversation from the terminal')
    .exitOverride()
    .showHelpAfterError();
}

/** Builds the `sav` program with the named command only (when it exists), else with every command (help). */
export async function buildProgram(only?: string): Promise<Command> {
  const program = newProgram();
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage). Errors are one clear line on stderr. */
export function main(argv: string[]): Promise<number> {
  return runProgram(() => buildProgram(argv[2]), argv);
}

/** Parses `argv` with the program `build` gives, mapping errors to exit codes. */
export async function runProgram(build: () => Promise<Command>, argv: string[]): Promise<number> {
  try {
    await (await build()).parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      process.stderr.write(`sav: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`sav: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
