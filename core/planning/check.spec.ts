import { describe, expect, it } from 'vitest';
import { benchInstance } from './bench-instance.ts';
import { checkPlan } from './check.ts';
import { planningConfigFromEnv } from './config.ts';

describe('checkPlan (independent of the solver)', () => {
  const instance = benchInstance({ technicians: 2, jobs: 10, seed: 1 });
  const [t1, t2] = instance.technicians;
  const job = (skillOf: typeof t1) => instance.jobs.find((j) => skillOf!.skills.includes(j.skill))!;

  it('accepts a valid plan', () => {
    expect(checkPlan(instance, [{ jobId: job(t1).id, technicienId: t1!.id, date: instance.days[0]! }])).toEqual({ feasible: true, problems: [] });
  });

  it('finds a missing skill, a job planned twice, a day off, a non-working day and an over-full day', () => {
    const unskilled = instance.jobs.find((j) => !t2!.skills.includes(j.skill));
    const sick = { ...instance, technicians: [{ ...t1!, offDays: [instance.days[1]!] }, t2!] };
    const j = job(t1);
    const problems = checkPlan(sick, [
      { jobId: j.id, technicienId: t1!.id, date: instance.days[1]! },
      { jobId: j.id, technicienId: t1!.id, date: instance.days[2]! },
      ...(unskilled ? [{ jobId: unskilled.id, technicienId: t2!.id, date: instance.days[0]! }] : []),
      { jobId: 999, technicienId: t1!.id, date: '2026-03-07' },
    ]).problems.join('\n');
    expect(problems).toMatch(/absent/);
    expect(problems).toMatch(/deux fois/);
    if (unskilled) expect(problems).toMatch(/compétence/);
    expect(problems).toMatch(/999 inconnue/);

    const long = { ...instance, jobs: instance.jobs.map((x) => ({ ...x, skill: t1!.skills[0]!, durationMin: 180 })) };
    const full = checkPlan(long, long.jobs.slice(0, 3).map((x) => ({ jobId: x.id, technicienId: t1!.id, date: instance.days[0]! })));
    expect(full.problems).toEqual([`${t1!.name} le ${instance.days[0]} : 540 min > 480 min`]);
  });
});

describe('planningConfigFromEnv', () => {
  it('has defaults, reads PLAN_* variables and names a bad one', () => {
    expect(planningConfigFromEnv({}).mipRelGap).toBe(0.001);
    expect(planningConfigFromEnv({ PLAN_WEIGHT_KM: '2', PLAN_URGENCY_WEIGHTS: '1,2,5' })).toMatchObject({ weightKm: 2, urgencyWeights: { normale: 1, urgente: 2, critique: 5 } });
    expect(() => planningConfigFromEnv({ PLAN_WEIGHT_KM: 'abc' })).toThrow(/PLAN_WEIGHT_KM/);
    expect(() => planningConfigFromEnv({ PLAN_MIP_REL_GAP: '3' })).toThrow(/PLAN_MIP_REL_GAP/);
    expect(() => planningConfigFromEnv({ PLAN_URGENCY_WEIGHTS: '1,2' })).toThrow(/PLAN_URGENCY_WEIGHTS/);
  });
});
