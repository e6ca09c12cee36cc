#!/usr/bin/env node
// `npm start`: the bot (node --import tsx bot/main.ts) and, once /healthz answers, Microsoft's Agents
// Playground pointed at it (a dev dependency: without it, only the bot runs). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT || 56150);
const botUrl = `http://127.0.0.1:${port}`;
const playgroundBin = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

const children = new Set();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (children.size === 0) process.exit(code);
  // each child's exit removes it; the last one ends this process
}

function run(name, command, args, env, onLine) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'] });
  if (onLine) {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
  }
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit code ${code}`}); stopping everything`);
      stopAll(code ?? 1);
    }
    if (stopping && children.size === 0) process.exit(name === 'bot' ? (code ?? 0) : 0);
  });
  return child;
}

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`${botUrl}/healthz`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250)); // polling a process we do not control: the only way to know
  }
  return false;
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

run('bot', process.execPath, ['--import', 'tsx', join(root, 'bot', 'main.ts')]);

// First run fills the demo warehouse: give it time.
if (!(await waitForHealth(300_000))) {
  if (!stopping) console.error(`the bot did not answer ${botUrl}/healthz; stopping`);
  stopAll(1);
} else if (!existsSync(playgroundBin)) {
  console.log(`Bot ready on ${botUrl}/api/messages.`);
  console.log('The Agents Playground is not installed (production install without dev dependencies): only the bot runs.');
} else {
  run('playground', process.execPath, [
    playgroundBin,
    '--app-endpoint', `${botUrl}/api/messages`,
    '--channel-id', 'msteams',
    '--port', String(playgroundPort),
    '--disable-telemetry',
  ], {
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: process.env.M365_AGENTS_PLAYGROUND_LOGFILE || join(root, 'data', 'agentsplayground.log'),
  }, (line) => {
    // the Playground says "Listening on <port>" once it serves (it may pick another port if ours is taken)
    const m = /Listening on (\d+)/.exec(line);
    if (m) console.log(`\nOpen http://localhost:${m[1]} to chat with the bot (Ctrl-C stops both).\n`);
  });
}
