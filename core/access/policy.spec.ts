import { describe, expect, it } from 'vitest';
import { authorize, type AccessRequest } from './policy.ts';
import type { Role, User } from './types.ts';

const user = (role: Role, technicienId: number | null = null): User => ({ userId: 1, email: 'x@y', displayName: 'X Y', role, technicienId, langue: 'fr' });
const karim = user('technician', 3);

const EVERYTHING: AccessRequest[] = [
  { kind: 'route', technicienId: 3 }, { kind: 'route', technicienId: null }, { kind: 'planning.week', technicienId: null },
  { kind: 'planning.pending' }, { kind: 'churn' }, { kind: 'client.phone' }, { kind: 'alerts.contracts' },
  { kind: 'alerts.late', technicienId: null }, { kind: 'survey.status', technicienId: null }, { kind: 'help' },
  ...(['direction', 'planning', 'technicians', 'quality', 'finance'] as const).map((dashboard) => ({ kind: 'kpi' as const, dashboard, technicienId: null })),
];

describe('authorize', () => {
  it('lets direction and planning see everything', () => {
    for (const role of ['direction', 'planning'] as const) for (const r of EVERYTHING) expect(authorize(user(role), r).allowed, `${role} ${JSON.stringify(r)}`).toBe(true);
  });

  it('lets the technical director see everything but finance', () => {
    for (const r of EVERYTHING) {
      const finance = r.kind === 'kpi' && r.dashboard === 'finance';
      expect(authorize(user('technical_director'), r).allowed, JSON.stringify(r)).toBe(!finance);
    }
    expect(authorize(user('technical_director'), { kind: 'kpi', dashboard: 'finance', technicienId: null })).toMatchObject({ allowed: false, reason: 'no_finance' });
  });

  it('lets a technician see only their own route, planning, KPIs, delays and surveys', () => {
    const allowed: AccessRequest[] = [
      { kind: 'route', technicienId: 3 }, { kind: 'planning.week', technicienId: 3 }, { kind: 'kpi', dashboard: 'technicians', technicienId: 3 },
      { kind: 'kpi', dashboard: 'quality', technicienId: 3 }, { kind: 'alerts.late', technicienId: 3 }, { kind: 'survey.status', technicienId: 3 }, { kind: 'help' },
    ];
    for (const r of allowed) expect(authorize(karim, r).allowed, JSON.stringify(r)).toBe(true);
    const refused: [AccessRequest, string][] = [
      [{ kind: 'route', technicienId: 2 }, 'own_route_only'], [{ kind: 'route', technicienId: null }, 'own_route_only'],
      [{ kind: 'planning.week', technicienId: null }, 'own_route_only'], [{ kind: 'kpi', dashboard: 'technicians', technicienId: 2 }, 'own_kpi_only'],
      [{ kind: 'kpi', dashboard: 'technicians', technicienId: null }, 'own_kpi_only'], [{ kind: 'kpi', dashboard: 'direction', technicienId: 3 }, 'own_kpi_only'],
      [{ kind: 'kpi', dashboard: 'planning', technicienId: 3 }, 'own_kpi_only'], [{ kind: 'kpi', dashboard: 'finance', technicienId: 3 }, 'no_finance'],
      [{ kind: 'churn' }, 'no_churn'], [{ kind: 'client.phone' }, 'no_client_phone'], [{ kind: 'alerts.contracts' }, 'not_for_technicians'],
      [{ kind: 'planning.pending' }, 'not_for_technicians'], [{ kind: 'alerts.late', technicienId: null }, 'not_for_technicians'],
    ];
    for (const [r, reason] of refused) expect(authorize(karim, r), JSON.stringify(r)).toMatchObject({ allowed: false, reason });
  });

  it('a technician account without a technician id sees no route at all', () => {
    expect(authorize(user('technician', null), { kind: 'route', technicienId: null }).allowed).toBe(false);
  });

  it('refuses with a polite sentence in French and English', () => {
    const d = authorize(karim, { kind: 'route', technicienId: 1 });
    expect(d).toEqual({
      allowed: false,
      reason: 'own_route_only',
      message: { fr: 'Désolé, vous ne pouvez consulter que votre propre tournée.', en: 'Sorry, you can only view your own route.' },
    });
  });
});
