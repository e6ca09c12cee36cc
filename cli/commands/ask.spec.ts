import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFixture } from '../../core/conversation/fixtures.ts';
import { openDb } from '../../core/warehouse/db.ts';
import { UsageError } from '../context.ts';
import { parseNow, registerAsk } from './ask.ts';
import { runCommand } from '../test-helpers.ts';

let dir: string;
const savedDb = process.env.SAV_DB;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-ask-'));
  process.env.SAV_DB = join(dir, 'sav.db');
  const db = openDb(process.env.SAV_DB);
  seedFixture(db);
  db.close();
});
afterAll(() => {
  if (savedDb === undefined) delete process.env.SAV_DB;
  else process.env.SAV_DB = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]): Promise<string> => runCommand(registerAsk, 'ask', args);

describe('sav ask', () => {
  it('prints intent, entities and reply as JSON', async () => {
    const out = await run("ma tournée aujourd'hui", '--as', 'Karim.Benali@duret-electricite.fr', '--now', '2026-12-01T07:30:00+01:00', '--json');
    const r = JSON.parse(out) as { intent: string; entities: unknown; reply: { text: string; card: { type: string } } };
    expect(r.intent).toBe('route');
    expect(r.entities).toEqual({ technician: { id: 3, name: 'Karim Benali' }, date: '2026-12-01' });
    expect(r.reply.text).toMatch(/^Tournée de Karim Benali — mardi 1 décembre/);
    expect(r.reply.card.type).toBe('AdaptiveCard');
  });

  it('prints the text alone without --json', async () => {
    const out = await run('tournée de Karim', '--as', 'karim.benali@duret-electricite.fr', '--now', '2026-12-01');
    expect(out.split('\n')[0]).toMatch(/^Tournée de Karim Benali — mardi 1 décembre : 3 interventions/);
  });

  it('refuses an unknown user, listing the valid logins', async () => {
    await expect(run('aide', '--as', 'nobody@example.com')).rejects.toThrow(UsageError);
    await expect(run('aide', '--as', 'nobody@example.com')).rejects.toThrow(/valid logins: clothilde\.martin@duret-electricite\.fr \(planning\), .*karim\.benali/);
  });

  it('refuses a bad --now', async () => {
    await expect(run('aide', '--as', 'marc.duret@duret-electricite.fr', '--now', 'tomorrow')).rejects.toThrow(/--now expects an ISO date/);
  });
});

describe('parseNow', () => {
  it('reads instants, Paris local times and days', () => {
    expect(parseNow('2026-12-01T07:30:00+01:00').toISOString()).toBe('2026-12-01T06:30:00.000Z');
    expect(parseNow('2026-11-30T23:30:00Z').toISOString()).toBe('2026-11-30T23:30:00.000Z');
    expect(parseNow('2026-12-01T07:30').toISOString()).toBe('2026-12-01T06:30:00.000Z');
    expect(parseNow('2026-07-01').toISOString()).toBe('2026-07-01T06:00:00.000Z'); // 08:00 Paris, summer time
    expect(Math.abs(parseNow(undefined).getTime() - Date.now())).toBeLessThan(5000);
  });

  it.each(['', 'demain', '2026-13-01', '2026-02-30', '2026-12-01T25:00', '01/12/2026'])('rejects "%s"', (v) => {
    expect(() => parseNow(v)).toThrow(UsageError);
  });
});
