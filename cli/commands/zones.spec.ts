import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../core/warehouse/db.ts';
import { generateDemo } from '../../core/warehouse/demo/index.ts';
import { UsageError } from '../context.ts';
import { registerZones, type ZonesOutput } from './zones.ts';
import { runCommand } from '../test-helpers.ts';

let dir: string;
const savedDb = process.env.SAV_DB;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-zones-'));
  process.env.SAV_DB = join(dir, 'sav.db');
  const db = openDb(process.env.SAV_DB);
  generateDemo(db, { seed: 3, today: '2026-12-01', clients: 100, technicians: 5, months: 2 });
  db.close();
}, 60_000);
afterAll(() => {
  if (savedDb === undefined) delete process.env.SAV_DB;
  else process.env.SAV_DB = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]): Promise<string> => runCommand(registerZones, 'zones', args);
const zoneRows = () => {
  const db = openDb(process.env.SAV_DB!);
  try {
    return db.prepare('SELECT zone_id, nom_zone, nb_clients_zone FROM dim_zones ORDER BY zone_id').all();
  } finally {
    db.close();
  }
};

describe('sav zones', () => {
  it('--dry-run --json: the zones and the balance report, nothing written', async () => {
    const before = zoneRows();
    const out = JSON.parse(await run('--k', '7', '--balanced', '--seed', '2', '--dry-run', '--json')) as ZonesOutput;
    expect(out).toMatchObject({ k: 7, seed: 2, balanced: true, written: false, clients: 100 });
    expect(out.zones.map((z) => z.zoneId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(out.zones.reduce((s, z) => s + z.clients, 0)).toBe(100);
    expect(out.after.cv).toBeLessThanOrEqual(out.before.cv);
    expect(zoneRows()).toEqual(before);
  });

  it('writes the zones and prints the report in French', async () => {
    const text = await run('--k', '6', '--balanced');
    expect(text).toMatch(/^Zones écrites : k = 6, graine 1, équilibrées — 100 clients/);
    expect(text).toMatch(/Équilibre des minutes prévues par zone : max\/min [\d,]+ → [\d,]+, coefficient de variation [\d,]+ → [\d,]+ \(\d+ clients déplacés aux frontières\)/);
    const rows = zoneRows() as { zone_id: number; nb_clients_zone: number }[];
    expect(rows.filter((z) => z.zone_id <= 6).reduce((s, z) => s + z.nb_clients_zone, 0)).toBe(100);
    expect(rows.filter((z) => z.zone_id > 6).every((z) => z.nb_clients_zone === 0)).toBe(true);
    if (rows.length > 6) expect(text).toMatch(/Zone 7 « .* » conservée sans clients/);
  });

  it('refuses bad flags with the flag named', async () => {
    await expect(run('--k', 'sept')).rejects.toThrow(UsageError);
    await expect(run('--k', '0')).rejects.toThrow(/--k must be between 1 and 100/);
    await expect(run('--k', '101')).rejects.toThrow(/--k must be between 1 and 100/);
    await expect(run('--k', '3', '--tolerance', 'beaucoup')).rejects.toThrow(/--tolerance/);
    await expect(run('--k', '3', '--today', '2026-02-30')).rejects.toThrow(/--today/);
  });
});
