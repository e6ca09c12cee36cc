import { Command, CommanderError } from 'commander';
import { registerAsk } from './commands/ask.ts';
import { registerDb } from './commands/db.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEtl } from './commands/etl.ts';
import { registerTsp } from './commands/tsp.ts';
import { registerVrptw } from './commands/vrptw.ts';
import { UsageError } from './context.ts';

/** Builds the `sav` program. Each command lives in `cli/commands/<name>.ts` and registers itself here. */
export function buildProgram(): Command {
  const program = new Command('sav')
    .description('sav-assistant: warehouse, ETL, optimisers and conversation from the terminal')
    .exitOverride()
    .showHelpAfterError();
  registerDb(program);
  registerDemo(program);
  registerEtl(program);
  registerAsk(program);
  registerTsp(program);
  registerVrptw(program);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage). Errors are one clear line on stderr. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
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
