import { Command } from 'commander';
import { vi } from 'vitest';

/**
 * Runs one `sav` command in-process, as the CLI parses it (commander errors thrown, not exiting), and returns
 * what it printed on stdout. `quietStderr` keeps its progress lines out of the test output.
 */
export async function runCommand(register: (program: Command) => void, name: string, args: string[], options: { quietStderr?: boolean } = {}): Promise<string> {
  const program = new Command('sav').exitOverride();
  register(program);
  let out = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = options.quietStderr ? vi.spyOn(process.stderr, 'write').mockImplementation(() => true) : null;
  try {
    await program.parseAsync(['node', 'sav', name, ...args]);
  } finally {
    stdout.mockRestore();
    stderr?.mockRestore();
  }
  return out;
}
