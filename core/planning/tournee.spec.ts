import { describe, expect, it } from 'vitest';
import { openDb } from '../warehouse/db.ts';
import { seedFixture, CLIENTS, TECHS } from '../conversation/fixtures.ts';
import { roadKm } from '../routing/distance.ts';
import { dayRoute, nextRouteDay } from './tournee.ts';

function db() {
  const d = openDb(':memory:');
  seedFixture(d);
  return d;
}

describe('dayRoute', () => {
  it('orders the planned and in-progress stops by ordre and drops cancelled/done ones', () => {
    const r = dayRoute(db(), 3, '2026-12-01', { roadFactor: 1.3 });
    expect(r.technicien).toMatchObject({ id: 3, name: 'Karim Benali', base: { lat: 45.9, lon: 6.12 } });
    expect(r.stops.map((s) => s.plannedId)).toEqual([2, 1, 3]);
    expect(r.stops.map((s) => s.client.name)).toEqual(['Jeanne Dupont', 'Boulangerie Lac', 'Paul Martin']);
    expect(r.stops[0]).toMatchObject({ ordre: 1, fenetre: { debut: '08:00', fin: '09:30' }, dureeMin: 60, type: { code: 'VMC_ENT', libelle: 'Entretien VMC' } });
    expect(r.stops[0]!.client).toMatchObject({ adresse: '12 rue Royale', codePostal: '74000', ville: 'Annecy' });
    expect(r.stops[2]!.fenetre).toBeNull();
    expect(r.workMin).toBe(60 + 90 + 180);
  });

  it('measures each leg from the base, the return, and a total equal to the displayed legs', () => {
    const r = dayRoute(db(), 3, '2026-12-01', { roadFactor: 1.3 });
    const base = { lat: TECHS[2].lat, lon: TECHS[2].lon };
    const [c1, c2, c3] = [CLIENTS[0], CLIENTS[1], CLIENTS[2]];
    const legs = [roadKm(base, c1), roadKm(c1, c2), roadKm(c2, c3)].map((k) => Math.round(k * 10) / 10);
    expect(r.stops.map((s) => s.kmFromPrevious)).toEqual(legs);
    expect(r.kmReturn).toBe(Math.round(roadKm(c3, base) * 10) / 10);
    expect(r.kmTotal).toBeCloseTo(legs.reduce((a, b) => a + b, 0) + r.kmReturn, 9);
    // the factor scales every leg
    const crow = dayRoute(db(), 3, '2026-12-01', { roadFactor: 1 });
    expect(crow.kmTotal).toBeLessThan(r.kmTotal);
    expect(r.kmTotal / crow.kmTotal).toBeCloseTo(1.3, 1);
  });

  it('gives an empty day with zero km, and finds the next day with stops', () => {
    const d = db();
    const r = dayRoute(d, 2, '2026-12-01');
    expect(r).toMatchObject({ stops: [], kmReturn: 0, kmTotal: 0, workMin: 0 });
    expect(nextRouteDay(d, 2, '2026-12-01')).toEqual({ date: '2026-12-03', stops: 2 });
    expect(nextRouteDay(d, 2, '2026-12-03')).toBeNull();
  });

  it('refuses an unknown technician', () => {
    expect(() => dayRoute(db(), 99, '2026-12-01')).toThrow(/unknown technicien_id 99/);
  });
});

describe('dayRoute on a day already done', () => {
  it('gives the interventions done that day in arrival order, flagged done', async () => {
    const { generateDemo } = await import('../warehouse/demo/index.ts');
    const d = openDb(':memory:');
    generateDemo(d, { seed: 7, today: '2026-12-01', clients: 60, technicians: 5, months: 2 });
    const day = d
      .prepare(`SELECT t.date FROM fact_interventions f JOIN dim_temps t ON t.date_id = f.date_id WHERE f.technicien_id = 1 ORDER BY f.date_id DESC LIMIT 1`)
      .get() as { date: string };
    const expected = d
      .prepare(`SELECT client_id FROM fact_interventions WHERE technicien_id = 1 AND date_id = ? ORDER BY heure_arrivee`)
      .all(Number(day.date.replaceAll('-', ''))) as { client_id: number }[];
    const r = dayRoute(d, 1, day.date);
    expect(day.date < '2026-12-01').toBe(true);
    expect(r.done).toBe(true);
    expect(r.stops.map((s) => s.client.id)).toEqual(expected.map((e) => e.client_id));
    expect(r.stops.map((s) => s.ordre)).toEqual(expected.map((_, i) => i + 1));
    // a day with planned stops is not "done"
    const planned = dayRoute(d, 1, (d.prepare(`SELECT MIN(date_prevue) AS x FROM planned_interventions WHERE technicien_id = 1 AND statut = 'planifie'`).get() as { x: string }).x);
    expect(planned.done).toBe(false);
    expect(planned.stops.length).toBeGreaterThan(0);
  });
});
