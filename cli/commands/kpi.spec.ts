import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { roiWarehouse } from '../../core/kpi/roi-test-warehouse.ts';
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

  it('prints the measured ROI lines with --json: planner hours, retention, each beside its target', async () => {
    const kpiDb = process.env.SAV_DB;
    process.env.SAV_DB = join(dir, 'roi.db');
    roiWarehouse({ path: process.env.SAV_DB }).close();
    vi.stubEnv('SAV_PLANNER_MINUTES_PER_JOB', '20');
    vi.stubEnv('SAV_PLANNER_HOURLY_COST', '40');
    try {
      const out = JSON.parse(await run('roi', '--period', '2026-11', '--today', '2026-11-24', '--json')) as {
        data: {
          planner: { period: { acceptedPlans: number; jobsPlaced: number; hours: number; eur: number }; year: { eur: number } };
          retention: { status: string; acted: { clients: number; kept: number }; notActed: { clients: number; kept: number }; eur: number };
          targets: { planning: number; retention: number; zoning: number };
        };
      };
      // the figures worked out by hand in core/kpi/roi.spec.ts
      expect(out.data.planner.period).toMatchObject({ acceptedPlans: 2, jobsPlaced: 3, hours: 0.25, eur: 10 });
      expect(out.data.planner.year.eur).toBe(20);
      expect(out.data.retention).toMatchObject({ status: 'measured', acted: { clients: 7, kept: 6 }, notActed: { clients: 7, kept: 3 } });
      expect(out.data.retention.eur).toBeCloseTo(750, 6);
      expect(out.data.targets).toEqual({ zoning: 15_000, retention: 20_000, planning: 10_000 });
      await expect(run('roi', '--period', '2026-11', '--today', '2026-11-24', '--zone', '1', '--json')).resolves.toContain('"status": "not_enough_data"');
      vi.stubEnv('SAV_RETENTION_DAYS', 'trois mois');
      await expect(run('roi', '--period', '2026-11', '--today', '2026-11-24', '--json')).rejects.toThrow(/SAV_RETENTION_DAYS/);
    } finally {
      vi.unstubAllEnvs();
      process.env.SAV_DB = kpiDb;
    }
  });

  it('refuses bad usage with the flag and the reason', async () => {
    await expect(run('sales')).rejects.toThrow(UsageError);
    await expect(run('quality', '--period', '2026-13')).rejects.toThrow(/--period: .*01–12/);
    await expect(run('quality', '--zone', 'x')).rejects.toThrow(/--zone expects an integer/);
    await expect(run('quality', '--kpi', 'bonheur')).rejects.toThrow(/--kpi: unknown KPI/);
  });
});
