import loadHighs, { type Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUser } from '../access/index.ts';
import type { User } from '../access/types.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { generateDemo } from '../warehouse/demo/index.ts';
import { checkPlan } from './check.ts';
import { planningConfigFromEnv } from './config.ts';
import { loadWeek } from './model/from-warehouse.ts';
import { decidePlan, planView, suggestPlan, type Solve } from './plans.ts';
import { solveWithHighs } from './solver/highs-solve.ts';

const TODAY = '2026-12-01';
const WEEK = '2026-W50';
const NOW = new Date('2026-12-01T07:30:00+01:00');
const config = planningConfigFromEnv({}, { timeLimitS: 1 });
let db: Db;
let highs: Highs;
let clothilde: User;
const solve: Solve = (instance, c) => Promise.resolve(solveWithHighs(highs, instance, c));

beforeAll(async () => {
  highs = await (loadHighs as unknown as () => Promise<Highs>)();
  db = openDb(':memory:');
  generateDemo(db, { seed: 7, today: TODAY, clients: 80, technicians: 5, months: 3 });
  clothilde = resolveUser(db, { email: 'clothilde.martin@duret-electricite.fr' })!;
});
afterAll(() => db.close());

const pi = (id: number) => db.prepare('SELECT technicien_id, date_prevue, ordre, statut FROM planned_interventions WHERE planned_id = ?').get(id);

describe('weekly plan from the warehouse', () => {
  it('loads the week: pending and already planned jobs, working days, absences', () => {
    const tech = db.prepare('SELECT technicien_id FROM dim_techniciens ORDER BY technicien_id LIMIT 1').get() as { technicien_id: number };
    db.prepare("INSERT INTO technicien_absences (technicien_id, date_debut, date_fin, motif) VALUES (?, '2026-12-07', '2026-12-09', 'arrêt maladie')").run(tech.technicien_id);
    const { instance, fingerprint } = loadWeek(db, WEEK);
    expect(instance.days).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']);
    expect(instance.technicians.find((t) => t.id === tech.technicien_id)!.offDays).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
    expect(instance.jobs.some((j) => j.current !== null)).toBe(true);
    expect(instance.jobs.some((j) => j.current === null)).toBe(true);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(() => loadWeek(db, '2026-50')).toThrow(/ISO week/);
  });

  it('suggests a plan that passes the checker, the sick technician idle on his days off', async () => {
    const { planId, result } = await suggestPlan(db, { week: WEEK, user: clothilde, now: NOW, config, solve });
    const { instance } = loadWeek(db, WEEK);
    expect(checkPlan(instance, result.assignments).problems).toEqual([]);
    const sick = instance.technicians.find((t) => t.offDays.length > 0)!;
    expect(result.assignments.filter((a) => a.technicienId === sick.id && sick.offDays.includes(a.date))).toEqual([]);
    const view = planView(db, planId)!;
    expect(view.plan.statut).toBe('draft');
    expect(view.lines).toHaveLength(instance.jobs.length);
    expect(view.currentCosts.km).toBeGreaterThan(0);
  });

  it('accepts once: writes planned_interventions in one go; a second accept is refused, nothing changes', async () => {
    const { planId } = await suggestPlan(db, { week: WEEK, user: clothilde, now: NOW, config, solve });
    const lines = planView(db, planId)!.lines;
    const first = decidePlan(db, { planId, version: 1, decision: 'accepted', user: clothilde, now: NOW });
    expect(first).toMatchObject({ ok: true, plan: { statut: 'accepted', version: 2, decided_by_name: clothilde.displayName } });
    for (const l of lines.filter((x) => x.technicienId !== null)) expect(pi(l.plannedId)).toEqual({ technicien_id: l.technicienId, date_prevue: l.date, ordre: l.ordre, statut: 'planifie' });
    for (const l of lines.filter((x) => x.technicienId === null)) expect(pi(l.plannedId)).toMatchObject({ statut: 'a_planifier', technicien_id: null });
    const snapshot = db.prepare('SELECT * FROM planned_interventions ORDER BY planned_id').all();
    expect(decidePlan(db, { planId, version: 1, decision: 'accepted', user: clothilde, now: NOW })).toMatchObject({ ok: false, reason: 'already_decided' });
    expect(decidePlan(db, { planId, version: 2, decision: 'rejected', user: clothilde, now: NOW })).toMatchObject({ ok: false, reason: 'already_decided' });
    expect(db.prepare('SELECT * FROM planned_interventions ORDER BY planned_id').all()).toEqual(snapshot);
  });

  it('refuses a plan computed on data that changed since, and a stale card version', async () => {
    const { planId } = await suggestPlan(db, { week: WEEK, user: clothilde, now: NOW, config, solve });
    expect(decidePlan(db, { planId, version: 7, decision: 'accepted', user: clothilde, now: NOW })).toMatchObject({ ok: false, reason: 'stale_version' });
    db.prepare("UPDATE planned_interventions SET urgence = 'critique' WHERE planned_id = (SELECT MIN(planned_id) FROM planned_interventions WHERE statut = 'a_planifier')").run();
    expect(decidePlan(db, { planId, version: 1, decision: 'accepted', user: clothilde, now: NOW })).toMatchObject({ ok: false, reason: 'data_changed', plan: { statut: 'superseded' } });
    expect(decidePlan(db, { planId: 99999, version: 1, decision: 'accepted', user: clothilde, now: NOW })).toEqual({ ok: false, reason: 'not_found' });
  });

  it('a new suggestion supersedes the draft of the same week', async () => {
    const a = await suggestPlan(db, { week: WEEK, user: clothilde, now: NOW, config, solve });
    const b = await suggestPlan(db, { week: WEEK, user: clothilde, now: NOW, config, solve });
    expect(planView(db, a.planId)!.plan.statut).toBe('superseded');
    expect(planView(db, b.planId)!.plan.statut).toBe('draft');
  });
});
