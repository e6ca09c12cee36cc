import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallWarehouse } from '../../core/kpi/test-warehouse.ts';
import { UsageError } from '../context.ts';
import { registerKpi } from './kpi.ts';
import { runCommand } from '../test-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sav-kpi-'));
const previous = process.env.SAV_DB;

beforeAll(() => {
  process.env.SAV_DB = join(dir, 'kpi.db');
  smallWarehouse(process.env.SAV_DB).close();
});
afterAll(() => {
  if (previous === undefined) delete process.env.SAV_DB;
  else process.env.SAV_DB = previous;
});

const run = (...args: string[]): Promise<string> => runCommand(registerKpi, 'kpi', args);

describe('sav kpi', () => {
  it('prints a dashboard as text', async () => {
    const out = await run('quality', '--period', '2026-11', '--today', '2026-11-24');
    expect(out).toMatch(/^Tableau de bord Qualité — novembre 2026\n/);
    expect(out).toContain('Taux de réponse : 75');
  });

  it('prints the raw figures with --json, filtered by technician', async () => {
    const out = JSON.parse(await run('technicians', '--period', '2026-11', '--technician', '1', '--today', '2026-11-24', '--json')) as {
      data: { km: { km: number; kmPlan: number }; today: { total: number } };
      scope: { technicienId: number };
    };
    expect(out.scope.technicienId).toBe(1);
    expect(out.data.km).toMatchObject({ km: 30, kmPlan: 37 });
    expect(out.data.today.total).toBe(1);
  });

  it('prints the ROI and a single KPI card', async () => {
    expect(await run('roi', '--period', '2026-11', '--today', '2026-11-24')).toMatch(/^Gains du projet \(ROI\)/);
    const card = JSON.parse(await run('quality', '--kpi', 'nps', '--period', '2026-11', '--today', '2026-11-24', '--card')) as { type: string };
    expect(card.type).toBe('AdaptiveCard');
  });

  it('refuses bad usage with the flag and the reason', async () => {
    await expect(run('sales')).rejects.toThrow(UsageError);
    await expect(run('quality', '--period', '2026-13')).rejects.toThrow(/--period: .*01–12/);
    await expect(run('quality', '--zone', 'x')).rejects.toThrow(/--zone expects an integer/);
    await expect(run('quality', '--kpi', 'bonheur')).rejects.toThrow(/--kpi: unknown KPI/);
  });
});
