import { registerTsp } from './commands/tsp.ts';
import { registerVrptw } from './commands/vrptw.ts';
import { newProgram, runProgram } from './main.ts';

/**
 * The solver commands, bundled ahead of time into dist/sav-fast.mjs (scripts/build-fast-cli.mjs, run by
 * `npm ci` through `prepare`): `sav tsp --time-limit-ms 1000` counts its limit from the process start, and
 * plain JavaScript starts in a fraction of the time tsx needs to load the TypeScript sources.
 */
export function main(argv: string[]): Promise<number> {
  return runProgram(async () => {
    const program = newProgram();
    registerTsp(program);
    registerVrptw(program);
    return program;
  }, argv);
}
