#!/usr/bin/env node
// The `sav` CLI. The solver commands run from a prebuilt bundle when it is up to date (fast start: their time
// limit counts from the process start); everything else runs the TypeScript sources through tsx.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FAST_COMMANDS = new Set(['tsp', 'vrptw']);
const bundle = join(root, 'dist', 'sav-fast.mjs');

/** Newest modification time of the TypeScript sources the bundle is made of. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'fixtures' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'cli')), newestSource(join(root, 'core')));
  } catch {
    return false;
  }
}

let main;
if (FAST_COMMANDS.has(process.argv[2]) && bundleIsFresh()) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv);
