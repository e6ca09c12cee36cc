import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../context.ts';
import { registerVrptw } from './vrptw.ts';
import { runCommand } from '../test-helpers.ts';

const fixture = fileURLToPath(new URL('../../core/routing/fixtures/solomon/C101_25.txt', import.meta.url));

const run = (...args: string[]): Promise<string> => runCommand(registerVrptw, 'vrptw', args);

describe('sav vrptw', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints vehicles, distance, routes, feasible and ms as JSON', async () => {
    const out = JSON.parse(await run(fixture, '--time-limit-ms', '300', '--convention', 'trunc1', '--objective', 'distance', '--json'));
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['vehicles', 'distance', 'routes', 'feasible', 'ms']));
    expect(out.feasible).toBe(true);
    expect(out.routes.flat().sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 25 }, (_, k) => k + 1));
    expect(out.distance).toBeGreaterThanOrEqual(191.3);
  });

  it('rejects bad flags and unreadable files with a UsageError', async () => {
    await expect(run(fixture, '--time-limit-ms', 'abc')).rejects.toThrow(UsageError);
    await expect(run(fixture, '--convention', 'round2')).rejects.toThrow(/--convention must be double or trunc1/);
    await expect(run(fixture, '--objective', 'cost')).rejects.toThrow(/--objective must be vehicles or distance/);
    await expect(run('/nonexistent/file.txt')).rejects.toThrow(/cannot read \/nonexistent\/file.txt: ENOENT/);
  });

  it('names the line of a malformed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrptw-'));
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'X\nVEHICLE\nNUMBER CAPACITY\n2 50\nCUSTOMER\nCUST NO.\n0 0 0 0 0 100 0\n1 1 1 1 1\n');
    await expect(run(bad)).rejects.toThrow(/line 8: customer row: expected 7 numbers, got 5/);
  });
});
