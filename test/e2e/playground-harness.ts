/** Shared by the specs that drive Microsoft's Agents Playground in headless Debian Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const PLAYGROUND_CLI = resolve('node_modules/@microsoft/m365agentsplayground/cli.js');
export const hasChromium = existsSync(CHROMIUM);

/** Starts the Playground CLI and resolves with the port it reports ("Listening on <port>"). */
export function startPlayground(botUrl: string, cwd: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [PLAYGROUND_CLI, '--app-endpoint', botUrl, '--channel-id', 'msteams', '--port', '0', '--disable-telemetry'],
    {
      cwd,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: join(cwd, 'playground.log') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolvePort, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const m = /Listening on (\d+)/.exec(out);
      if (m) {
        child.stdout?.off('data', onData);
        resolvePort({ child, port: Number(m[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the Playground exited (code ${code}) before listening:\n${out}`)));
    child.once('error', reject);
  });
}

/** Stops a child process and resolves once it has exited (no orphans). */
export function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
