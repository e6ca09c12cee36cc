import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../context.ts';
import { registerTsp } from './tsp.ts';
import { runCommand } from '../test-helpers.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../core/routing/fixtures/tsplib/${name}`, import.meta.url));

const run = (...args: string[]): Promise<string> => runCommand(registerTsp, 'tsp', args);

describe('sav tsp', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints name, n, length, a 1-based tour and ms as JSON', async () => {
    const out = JSON.parse(await run(fixture('ulysses16.tsp'), '--time-limit-ms', '200', '--seed', '2', '--json'));
    expect(Object.keys(out)).toEqual(['name', 'n', 'length', 'tour', 'ms']);
    expect(out).toMatchObject({ name: 'ulysses16', n: 16, length: 6859 });
    expect([...out.tour].sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
    expect(out.tour[0]).toBe(1);
    expect(typeof out.ms).toBe('number');
  });

  it('prints plain text without --json', async () => {
    const out = await run(fixture('eil51.tsp'), '--time-limit-ms', '150');
    expect(out).toMatch(/^eil51: n=51, length \d+, \d+ ms\ntour: 1( \d+){50}\n$/);
  });

  it('rejects bad flags with a UsageError', async () => {
    await expect(run(fixture('eil51.tsp'), '--time-limit-ms', 'abc')).rejects.toThrow(UsageError);
    await expect(run(fixture('eil51.tsp'), '--seed', '-1')).rejects.toThrow(/--seed must be between/);
  });

  it('fails with one clear error on a missing or malformed file', async () => {
    await expect(run('/nonexistent/x.tsp')).rejects.toThrow(/cannot read \/nonexistent\/x\.tsp: ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), 'sav-tsp-'));
    const bad = join(dir, 'bad.tsp');
    writeFileSync(bad, 'NAME: bad\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 1 x\n3 2 2\nEOF\n');
    const err = await run(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('bad: line 6: bad number "x"');
  });
});
