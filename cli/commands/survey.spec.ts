import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../context.ts';
import { runCommand } from '../test-helpers.ts';
import { registerSurvey } from './survey.ts';

const run = async (...args: string[]): Promise<unknown> => JSON.parse(await runCommand(registerSurvey, 'survey', ['parse', ...args, '--json']));

describe('sav survey parse', () => {
  afterEach(() => vi.restoreAllMocks());
  it('prints the three shapes', async () => {
    expect(await run('--question', 'q1', '--text', '9/10')).toEqual({ ok: true, value: 9 });
    expect(await run('--question', 'q2', '--text', 'Oui merci')).toEqual({ ok: true, value: true });
    expect(await run('--question', 'q4', '--text', 'non, toujours en panne')).toEqual({ ok: true, value: false, comment: 'toujours en panne' });
    expect(await run('--question', 'q5', '--text', 'Rien')).toEqual({ ok: true, value: 'Rien' });
    expect(await run('--question', 'q1', '--text', '11')).toEqual({ ok: false, reason: expect.stringMatching(/out of range/) });
    expect(await run('--question', 'q3', '--text', 'STOP SMS')).toEqual({ command: 'stop' });
    expect(await run('--question', 'q3', '--text', 'DEMARRER')).toEqual({ command: 'start' });
  });
  it('rejects an unknown question', async () => {
    await expect(run('--question', 'q9', '--text', 'x')).rejects.toThrow(UsageError);
  });
});

describe('sav survey simulate', () => {
  it('runs the loop on a small in-memory demo and prints the figures as JSON', async () => {
    const out = JSON.parse(
      await runCommand(registerSurvey, 'survey', ['simulate', '--days', '4', '--seed', '5', '--clients', '40', '--months', '1', '--skip-days', '0', '--json']),
    ) as Record<string, unknown> & { sent: number; answered: number; errors: number; alerts: Record<string, number>; nps: { n: number } };
    expect(out).toMatchObject({ days: 4, seed: 5, from: '2026-12-01', to: '2026-12-04', channel: 'sms', errors: 0 });
    expect(out.sent).toBeGreaterThan(0);
    expect(out.answered).toBeLessThanOrEqual(out.sent);
    expect(out.nps.n).toBe(out.answered);
    expect(Object.keys(out.alerts).sort()).toEqual(['non_resolu', 'nps_bas', 'reponse_tardive']);
  }, 120_000);

  it('prints text without --json', async () => {
    const out = await runCommand(registerSurvey, 'survey', ['simulate', '--days', '1', '--clients', '30', '--months', '1']);
    expect(out).toMatch(/^Survey simulation: 1 day\(s\) from 2026-12-01 to 2026-12-01, seed 1, channel sms\n/);
    expect(out).toMatch(/\nsent \d+ · answered \d+ · response rate /);
    expect(out).toMatch(/\nalerts: nps_bas \d+ · non_resolu \d+ · reponse_tardive \d+/);
  }, 120_000);

  it('rejects bad flags', async () => {
    await expect(runCommand(registerSurvey, 'survey', ['simulate', '--days', '0'])).rejects.toThrow(UsageError);
    await expect(runCommand(registerSurvey, 'survey', ['simulate', '--start', '01/12/2026'])).rejects.toThrow(UsageError);
    await expect(runCommand(registerSurvey, 'survey', ['simulate', '--seed', 'abc'])).rejects.toThrow(UsageError);
  });
});
