/**
 * The fault tests' child processes: `node --import tsx <fixture> …` with its stdout read line by line, so the
 * parent waits for a line the child prints at a point ("stopped …", "listening …", "report …") — no sleeps —
 * and then kills it (SIGKILL) or lets it finish.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface Child {
  process: ChildProcess;
  /** every stdout line so far */
  lines: string[];
  /** the first line starting with `prefix` (already printed or to come); rejects if the child exits first */
  line(prefix: string): Promise<string>;
  exited: Promise<Exit>;
  /** SIGKILL, then the exit */
  kill(): Promise<Exit>;
}

export const ROOT = new URL('../../', import.meta.url).pathname;

export function spawnChild(fixture: string, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) if (l.startsWith(w.prefix)) waiters.splice(waiters.indexOf(w), 1), w.resolve(l);
  });
  const exited = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const exit = { code, signal, stderr };
      for (const w of waiters.splice(0)) w.reject(new Error(`child ${fixture} exited (${code ?? signal}) before printing "${w.prefix}…":\n${stderr}`));
      resolve(exit);
    });
  });
  return {
    process: child,
    lines,
    exited,
    line(prefix) {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found) return Promise.resolve(found);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`child ${fixture} already exited:\n${stderr}`));
      return new Promise((resolve, reject) => waiters.push({ prefix, resolve, reject }));
    },
    kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}
