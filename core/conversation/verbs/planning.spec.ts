import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../access/policy.ts';
import { resolveUser } from '../../access/index.ts';
import type { User } from '../../access/types.ts';
import { openDb, type Db } from '../../warehouse/db.ts';
import { generateDemo } from '../../warehouse/demo/index.ts';
import { act } from '../act.ts';

const NOW = new Date('2026-12-01T07:30:00+01:00');
let db: Db;
const user = (email: string): User => resolveUser(db, { email })!;

beforeAll(() => {
  db = openDb(':memory:');
  generateDemo(db, { seed: 3, today: '2026-12-01', clients: 80, technicians: 5, months: 3 });
  db.prepare(
    `INSERT INTO plan_suggestions (semaine, statut, version, fingerprint, created_at, solver_status, method, objective, bound, gap, solve_ms, costs, current_costs)
     VALUES ('2026-W50', 'draft', 1, 'x', '2026-12-01T06:30:00Z', 'optimal', 'milp', 1, 1, 0, 10, '{}', '{}')`,
  ).run();
});
afterAll(() => db.close());

describe('plan verbs', () => {
  it('only planning and direction may accept or reject a plan', () => {
    const roles = (db.prepare('SELECT email, role FROM users').all() as { email: string; role: string }[]).map((r) => ({ role: r.role, allowed: authorize(user(r.email), { kind: 'planning.decide' }).allowed }));
    for (const r of roles) expect(r.allowed).toBe(r.role === 'planning' || r.role === 'direction');
    const tech = db.prepare("SELECT email FROM users WHERE role = 'technician' LIMIT 1").get() as { email: string };
    const reply = act(db, { verb: 'plan.accept', data: { planId: 1, version: 1 }, user: user(tech.email), now: NOW });
    expect(reply.text).toMatch(/seuls le planning et la direction/);
    expect((db.prepare('SELECT statut FROM plan_suggestions WHERE plan_id = 1').get() as { statut: string }).statut).toBe('draft');
  });

  it('bad data names the field; an unknown plan is said so', () => {
    const clothilde = user('clothilde.martin@duret-electricite.fr');
    expect(act(db, { verb: 'plan.accept', data: { planId: 'x' }, user: clothilde, now: NOW }).text).toMatch(/planId.*version/s);
    expect(act(db, { verb: 'plan.reject', data: { planId: 42, version: 1 }, user: clothilde, now: NOW }).text).toMatch(/Je ne trouve pas le planning n° 42/);
  });

  it('a stale card version is refused without change', () => {
    const clothilde = user('clothilde.martin@duret-electricite.fr');
    const reply = act(db, { verb: 'plan.reject', data: { planId: 1, version: 5 }, user: clothilde, now: NOW });
    expect(reply.text).toMatch(/plus à jour/);
    expect((db.prepare('SELECT statut FROM plan_suggestions WHERE plan_id = 1').get() as { statut: string }).statut).toBe('draft');
  });
});
