import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchInstance } from '../bench-instance.ts';
import { checkPlan } from '../check.ts';
import { planningConfigFromEnv } from '../config.ts';
import { evaluatePlan } from '../model/costs.ts';
import type { PlanningInstance } from '../model/types.ts';
import { solveWithHighs } from './highs-solve.ts';
import { solveInWorker } from './run.ts';

const config = planningConfigFromEnv({}, { timeLimitS: 10 });
let highs: Highs;
beforeAll(async () => {
  highs = await (loadHighs as unknown as () => Promise<Highs>)();
});

function expectChecked(instance: PlanningInstance, r: ReturnType<typeof solveWithHighs>): void {
  const check = checkPlan(instance, r.assignments);
  expect(check.problems).toEqual([]);
  const placed = new Set(r.assignments.map((a) => a.jobId));
  for (const u of r.unassigned) expect(placed.has(u.jobId)).toBe(false);
  expect(placed.size + r.unassigned.length).toBe(instance.jobs.length);
  expect(r.bound).toBeLessThanOrEqual(r.objective + 1e-6);
  expect(r.objective).toBeCloseTo(evaluatePlan(instance, r.assignments, config).total, 3);
}

describe('solveWithHighs', () => {
  it('plans a normal week to proven optimality, every job placed, the plan passes the checker', () => {
    const instance = benchInstance({ technicians: 2, jobs: 14, seed: 3 });
    const r = solveWithHighs(highs, instance, config);
    expectChecked(instance, r);
    expect(r.status).toBe('optimal');
    expect(r.gap).toBeLessThanOrEqual(0.001);
    expect(r.unassigned).toEqual([]);
  });

  it('an overfull week gives a plan with the overflow unplanned and named, never "infeasible"', () => {
    const instance = benchInstance({ technicians: 1, jobs: 30, seed: 4 });
    const r = solveWithHighs(highs, instance, config);
    expectChecked(instance, r);
    expect(r.status).not.toBe('infeasible');
    expect(r.unassigned.length).toBeGreaterThan(0);
    expect(r.unassigned.every((u) => u.detail.length > 10)).toBe(true);
    expect(r.unassigned.filter((u) => u.reason === 'no_capacity').length).toBeGreaterThan(0);
  });

  it('names a job no technician is skilled for, and says "infeasible" only when nothing can be placed', () => {
    const instance = benchInstance({ technicians: 2, jobs: 6, seed: 5 });
    instance.jobs[0]!.skill = 'Soudure';
    const r = solveWithHighs(highs, instance, config);
    expectChecked(instance, r);
    expect(r.unassigned).toContainEqual({ jobId: instance.jobs[0]!.id, reason: 'no_skilled_technician', detail: expect.stringMatching(/Soudure/) });
    expect(r.status).not.toBe('infeasible');

    for (const j of instance.jobs) j.skill = 'Soudure';
    const none = solveWithHighs(highs, instance, config);
    expect(none.status).toBe('infeasible');
    expect(none.assignments).toEqual([]);
    expect(none.unassigned).toHaveLength(6);
  });

  it('a technician off sick gets nothing on the days off; the others take what they can', () => {
    const instance = benchInstance({ technicians: 3, jobs: 16, seed: 6 });
    const sick = instance.technicians[0]!;
    sick.offDays = instance.days.slice(0, 4);
    const r = solveWithHighs(highs, instance, config);
    expectChecked(instance, r);
    expect(r.assignments.filter((a) => a.technicienId === sick.id && sick.offDays.includes(a.date))).toEqual([]);
    const all = { ...sick, offDays: [...instance.days] };
    instance.technicians[0] = all;
    const r2 = solveWithHighs(highs, instance, config);
    expect(r2.assignments.some((a) => a.technicienId === all.id)).toBe(false);
  });

  it('keeps an appointment on its day and rejects a job longer than any day', () => {
    const instance = benchInstance({ technicians: 2, jobs: 8, seed: 7 });
    instance.jobs[0]!.fixedDate = instance.days[3]!;
    instance.jobs[1]!.durationMin = 600;
    const r = solveWithHighs(highs, instance, config);
    expectChecked(instance, r);
    const fixed = r.assignments.find((a) => a.jobId === instance.jobs[0]!.id);
    if (fixed) expect(fixed.date).toBe(instance.days[3]);
    expect(r.unassigned.find((u) => u.jobId === instance.jobs[1]!.id)?.reason).toBe('too_long');
  });

  it('above exactMaxColumns it solves a restricted model and reports the gap to the full LP bound', () => {
    const instance = benchInstance({ technicians: 4, jobs: 40, seed: 8 });
    const r = solveWithHighs(highs, instance, { ...config, exactMaxColumns: 100, candidatesPerJob: 4 });
    expectChecked(instance, r);
    expect(r.method).toBe('milp-restricted');
    expect(r.status).toBe('feasible');
    expect(r.bound).toBeGreaterThan(0);
  });
});

describe('solveInWorker', () => {
  it('solves off the main thread: a timer fires while the solve runs, and the plan is the same checked plan', async () => {
    const instance = benchInstance({ technicians: 2, jobs: 12, seed: 9 });
    let settled = false;
    const solving = solveInWorker(instance, config).finally(() => {
      settled = true;
    });
    const firedWhileSolving = await new Promise<boolean>((resolve) => setTimeout(() => resolve(!settled), 5));
    const r = await solving;
    expect(firedWhileSolving).toBe(true);
    expect(checkPlan(instance, r.assignments).problems).toEqual([]);
    expect(r.assignments.length + r.unassigned.length).toBe(12);
  });

  it('rejects with a clear message when the solve fails', async () => {
    await expect(solveInWorker({ bad: true } as unknown as PlanningInstance, config)).rejects.toThrow(/planning solver failed/);
  });
});
