import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { seedFixture, CLIENTS, TECHS } from '../conversation/fixtures.ts';
import { checkDay } from '../routing/check/routes.ts';
import { toHHMM } from '../routing/day/index.ts';
import { roadKm } from '../routing/distance.ts';
import { dayRoute, nextRouteDay, optimiseRoute, optimisedDayRoute, routeSettingsFromEnv, scheduleOrder, type RouteSettings } from './tournee.ts';

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

// ───────────────────────────── the optimised tour ─────────────────────────────

const SETTINGS: RouteSettings = { roadFactor: 1.3, speedKmh: 40, dayStart: '08:00', dayEnd: '18:00' };

/** Thomas (5, base south of the lake) on Friday 2026-12-04: the four clients planned in a zigzag. */
function zigzag(d: Db, windows: Record<number, [string | null, string | null]> = {}): void {
  const insert = d.prepare(
    `INSERT INTO planned_interventions (source_ref, client_id, type_intervention_id, zone_id, technicien_id, date_prevue, ordre,
       fenetre_debut, fenetre_fin, duree_prevue_min, date_demande, statut, origine)
     VALUES (?, ?, 1, 1, 5, '2026-12-04', ?, ?, ?, 45, '2026-11-20', 'planifie', 'erp')`,
  );
  [103, 102, 104, 101].forEach((client, k) => insert.run(`Z-${client}`, client, k + 1, windows[client]?.[0] ?? null, windows[client]?.[1] ?? null));
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const point = (id: number) => CLIENTS.find((c) => c.id === id)!;
/** km of base → clients → base as displayed: every leg rounded to 0.1 km, then summed. */
function displayedKm(clients: number[]): number {
  const base = { lat: TECHS[4].lat, lon: TECHS[4].lon };
  const pts = [base, ...clients.map(point), base];
  return r1(pts.slice(1).reduce((s, p, k) => s + r1(roadKm(pts[k]!, p, 1.3)), 0));
}
function permutations<T>(xs: T[]): T[][] {
  return xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('optimiseRoute', () => {
  it('finds the shortest order of a hand-made day and computes the km saved on the planned order', () => {
    const d = db();
    zigzag(d);
    const r = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS);
    // brute force over the 24 orders, distances computed here
    const base = { lat: TECHS[4].lat, lon: TECHS[4].lon };
    const raw = (order: number[]) => {
      const pts = [base, ...order.map(point), base];
      return pts.slice(1).reduce((s, p, k) => s + roadKm(pts[k]!, p, 1.3), 0);
    };
    const best = permutations([101, 102, 103, 104]).reduce((a, b) => (raw(b) < raw(a) - 1e-9 ? b : a));
    // the best order or its reverse (same km)
    const shown = r.stops.map((s) => s.client.id);
    expect([best.join(), [...best].reverse().join()]).toContain(shown.join());
    expect(raw(shown)).toBeCloseTo(raw(best), 9);
    expect(r.method).toBe('exact');
    expect(r.kmPlanned).toBe(displayedKm([103, 102, 104, 101]));
    expect(r.kmTotal).toBe(displayedKm(shown));
    expect(r.kmSaved).toBe(r1(displayedKm([103, 102, 104, 101]) - displayedKm(shown)));
    expect(r.kmSaved).toBeGreaterThan(1);
    // legs shown along the new order, adding up to the total
    expect(r1(r.stops.reduce((s, x) => s + x.kmFromPrevious, 0) + r.kmReturn)).toBe(r.kmTotal);
    // the planned positions are kept on each stop; times follow the new order at 40 km/h from 08:00
    expect(r.stops.map((s) => s.ordre)).toEqual(shown.map((c) => [103, 102, 104, 101].indexOf(c) + 1));
    expect(r.leave).toBe('08:00');
    expect(r.stops[0]!.arrival).toBe(toHHMM(8 * 60 + (roadKm(base, point(shown[0]!), 1.3) / 40) * 60));
    expect(r.stops[0]!.departure).toBe(toHHMM(8 * 60 + (roadKm(base, point(shown[0]!), 1.3) / 40) * 60 + 45));
    expect(r.driveMin).toBeCloseTo((raw(shown) / 40) * 60, 1);
    expect(checkDay(r.input!, r.plan!)).toMatchObject({ feasible: true, errors: [] });
    expect(r.unfitted).toEqual([]);
  });

  it('keeps the planned order when it is already the shortest', () => {
    const d = db();
    zigzag(d);
    const best = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS).stops.map((s) => s.plannedId);
    best.forEach((id, k) => d.prepare('UPDATE planned_interventions SET ordre = ? WHERE planned_id = ?').run(k + 1, id));
    const again = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS);
    expect(again.method).toBe('planned');
    expect(again.stops.map((s) => s.plannedId)).toEqual(best);
    expect(again.kmSaved).toBe(0);
    expect(again.kmTotal).toBe(again.kmPlanned);
  });

  it('respects the windows even when that costs km', () => {
    const d = db();
    // Pringy (103) first, Annecy (101) late: the shortest order without windows is not allowed
    const open = db();
    zigzag(open);
    const free = optimisedDayRoute(open, 5, '2026-12-04', SETTINGS);
    zigzag(d, { 103: ['08:00', '09:00'], 101: ['15:00', '16:00'] });
    const r = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS);
    expect(r.stops[0]!.client.id).toBe(103);
    const annecy = r.stops.find((s) => s.client.id === 101)!;
    expect(annecy.start! >= '15:00' && annecy.start! <= '16:00').toBe(true);
    expect(checkDay(r.input!, r.plan!).errors).toEqual([]);
    expect(r.plan!.km).toBeGreaterThanOrEqual(free.plan!.km - 1e-9);
  });

  it('names the stops that cannot fit, with the reason, and does not count them in the km saved', () => {
    const d = db();
    // Thomas cannot reach Annecy-le-Vieux (104) by 08:10 from his base
    zigzag(d, { 104: ['08:00', '08:10'] });
    const r = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS);
    expect(r.plannedFeasible).toBe(false);
    expect(r.unfitted).toHaveLength(1);
    expect(r.unfitted[0]).toMatchObject({ client: { id: 104 }, reason: 'window-unreachable', message: expect.stringMatching(/Créneau 08:00–08:10 inatteignable/) });
    expect(r.stops.map((s) => s.client.id).sort()).toEqual([101, 102, 103]);
    // compared with the planned order of the same three stops
    expect(r.kmPlanned).toBe(displayedKm([103, 102, 101]));
    expect(checkDay(r.input!, r.plan!).errors).toEqual([]);
  });

  it('stretches the day to the planned one when the planner already planned past the day end', () => {
    const d = db();
    zigzag(d, { 101: ['17:30', '18:00'] });
    const r = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS);
    expect(r.unfitted).toEqual([]);
    expect(r.back! > '18:00').toBe(true);
    expect(checkDay(r.input!, r.plan!).errors).toEqual([]);
  });

  it('shows a done day as done, without optimising', async () => {
    const { generateDemo } = await import('../warehouse/demo/index.ts');
    const d = openDb(':memory:');
    generateDemo(d, { seed: 7, today: '2026-12-01', clients: 60, technicians: 5, months: 1 });
    const day = (d.prepare(`SELECT MAX(t.date) AS date FROM fact_interventions f JOIN dim_temps t ON t.date_id = f.date_id WHERE f.technicien_id = 2`).get() as { date: string }).date;
    const done = dayRoute(d, 2, day);
    const r = optimiseRoute(done, SETTINGS);
    expect(r.method).toBe('done');
    expect(r.stops.map((s) => s.plannedId)).toEqual(done.stops.map((s) => s.plannedId));
    expect(r.stops.every((s) => s.arrival === null)).toBe(true);
    expect(r).toMatchObject({ kmTotal: done.kmTotal, kmPlanned: done.kmTotal, kmSaved: 0, input: null, plan: null });
  });

  it('on demo days: never longer than a planned order that keeps its windows, and always feasible', async () => {
    const { generateDemo } = await import('../warehouse/demo/index.ts');
    const d = openDb(':memory:');
    generateDemo(d, { seed: 11, today: '2026-12-01', clients: 80, technicians: 5, months: 1 });
    const days = d.prepare(`SELECT DISTINCT technicien_id AS id, date_prevue AS date FROM planned_interventions WHERE statut = 'planifie' ORDER BY 2, 1`).all() as { id: number; date: string }[];
    expect(days.length).toBeGreaterThanOrEqual(40);
    let planned = 0;
    let optimised = 0;
    for (const { id, date } of days) {
      const r = optimisedDayRoute(d, id, date, SETTINGS);
      const check = checkDay(r.input!, r.plan!);
      expect(check.errors, `${id} ${date}`).toEqual([]);
      expect(r.stops.length + r.unfitted.length).toBe(r.planned.stops.length);
      if (r.plannedFeasible) {
        expect(r.unfitted).toEqual([]);
        expect(r.plan!.km).toBeLessThanOrEqual(scheduleOrder(r.input!, r.planned.stops.map((s) => s.plannedId)).km + 1e-9);
        planned += r.kmPlanned;
        optimised += r.kmTotal;
      }
    }
    expect(optimised).toBeLessThan(planned);
  });
});

describe('routeSettingsFromEnv', () => {
  it('defaults to 1.3, 40 km/h, 08:00–18:00 and reads the variables', () => {
    const { distanceKm, ...plain } = routeSettingsFromEnv({});
    expect(plain).toEqual(SETTINGS);
    // without OSRM_URL the road distance is haversine × factor
    expect(distanceKm!(CLIENTS[0], CLIENTS[1])).toBeCloseTo(roadKm(CLIENTS[0], CLIENTS[1], 1.3), 9);
    const { distanceKm: d14, ...custom } = routeSettingsFromEnv({ ROAD_FACTOR: '1.4', ROUTE_SPEED_KMH: '35', ROUTE_DAY_START: '07:30', ROUTE_DAY_END: '17:00' });
    expect(custom).toEqual({ roadFactor: 1.4, speedKmh: 35, dayStart: '07:30', dayEnd: '17:00' });
    expect(d14!(CLIENTS[0], CLIENTS[1])).toBeCloseTo(roadKm(CLIENTS[0], CLIENTS[1], 1.4), 9);
  });

  it('names the bad variable', () => {
    expect(() => routeSettingsFromEnv({ ROUTE_SPEED_KMH: 'vite' })).toThrow(/ROUTE_SPEED_KMH invalide \("vite"\)/);
    expect(() => routeSettingsFromEnv({ ROUTE_SPEED_KMH: '500' })).toThrow(/ROUTE_SPEED_KMH/);
    expect(() => routeSettingsFromEnv({ ROUTE_DAY_START: '8h' })).toThrow(/ROUTE_DAY_START invalide/);
    expect(() => routeSettingsFromEnv({ ROUTE_DAY_START: '18:00', ROUTE_DAY_END: '08:00' })).toThrow(/ROUTE_DAY_END/);
  });
});

describe('optimiseRoute with another road distance (OSRM)', () => {
  it('measures every leg with the settings’ distance, not haversine × factor', () => {
    const d = db();
    zigzag(d);
    // a road network where driving is exactly twice the crow-flies distance (what an OSRM table would give)
    const twice = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => roadKm(a, b, 2);
    const r = optimisedDayRoute(d, 5, '2026-12-04', { ...SETTINGS, distanceKm: twice });
    const base = { lat: TECHS[4].lat, lon: TECHS[4].lon };
    const pts = [base, ...r.stops.map((s) => s.client), base];
    const expected = r1(pts.slice(1).reduce((s, p, k) => s + r1(twice(pts[k]!, p)), 0));
    expect(r.kmTotal).toBeCloseTo(expected, 6);
    const estimate = optimisedDayRoute(d, 5, '2026-12-04', SETTINGS);
    expect(r.kmTotal / estimate.kmTotal).toBeCloseTo(2 / 1.3, 1);
  });
});
