// Bundles the solver commands (cli/fast.ts) into dist/sav-fast.mjs, plain JavaScript that starts fast.
// bin/sav.mjs uses it for `sav tsp` / `sav vrptw` while it is newer than every source file, else tsx.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'cli', 'fast.ts')],
  outfile: join(root, 'dist', 'sav-fast.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
