import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../context.ts';
import { registerPlan } from './plan.ts';
import { runCommand } from '../test-helpers.ts';

const run = (...args: string[]): Promise<string> => runCommand(registerPlan, 'plan', args, { quietStderr: true });

describe('sav plan', () => {
  afterEach(() => vi.restoreAllMocks());

  it('bench --json prints exactly status, objective, bound, gap, ms, assigned, unassigned', async () => {
    const out = JSON.parse(await run('bench', '--technicians', '2', '--jobs', '10', '--seed', '1', '--time-limit', '5', '--json'));
    expect(Object.keys(out)).toEqual(['status', 'objective', 'bound', 'gap', 'ms', 'assigned', 'unassigned']);
    expect(out.assigned + out.unassigned.length).toBe(10);
    expect(out.bound).toBeLessThanOrEqual(out.objective);
  });

  it('rejects a bad week and bad numbers with a UsageError', async () => {
    await expect(run('--week', '2026-49')).rejects.toThrow(UsageError);
    await expect(run()).rejects.toThrow(/--week is required/);
    await expect(run('bench', '--jobs', 'many')).rejects.toThrow(/--jobs expects an integer/);
  });
});
