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
