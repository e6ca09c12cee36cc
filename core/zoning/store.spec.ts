import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { generateDemo, ZONES } from '../warehouse/demo/index.ts';
import { runZoning } from './index.ts';

let template: Buffer;
beforeAll(() => {
  const d = openDb(':memory:');
  generateDemo(d, { seed: 5, today: '2026-12-01', clients: 150, technicians: 5, months: 3 });
  template = d.serialize();
  d.close();
}, 60_000);
/** A fresh copy of the demo warehouse (generated once). */
function demo(): Db {
  const d = new Database(template);
  d.pragma('foreign_keys = ON');
  return d;
}

const zones = (d: Db) => d.prepare('SELECT zone_id, nom_zone, nb_clients_zone, rayon_km, densite FROM dim_zones ORDER BY zone_id').all() as { zone_id: number; nom_zone: string; nb_clients_zone: number; rayon_km: number; densite: number }[];
const count = (d: Db, sql: string, ...args: unknown[]) => (d.prepare(sql).get(...args) as { n: number }).n;

describe('runZoning on the demo warehouse', () => {
  it('writes k = 7 balanced zones: ids 1..7, existing names, every client zoned, planned work following its client', () => {
    const d = demo();
    const factsBefore = d.prepare('SELECT intervention_id, zone_id FROM fact_interventions ORDER BY 1').all();
    const run = runZoning(d, { k: 7, seed: 1, balanced: true });
    expect(run.written).toBe(true);
    expect(run.today).toBe('2026-11-30');
    const rows = zones(d);
    expect(rows.map((z) => z.zone_id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // each zone named after the existing zone it takes over, else after its main town; most keep their name
    const towns = new Set((d.prepare('SELECT DISTINCT ville FROM dim_clients').all() as { ville: string }[]).map((r) => r.ville));
    expect(new Set(rows.map((z) => z.nom_zone)).size).toBe(7);
    for (const z of rows) expect(ZONES.some((o) => o.nom_zone === z.nom_zone) || towns.has(z.nom_zone.replace(/ \d+$/, ''))).toBe(true);
    expect(rows.filter((z) => ZONES.some((o) => o.nom_zone === z.nom_zone)).length).toBeGreaterThanOrEqual(4);
    for (const z of run.plan.zones) if (z.from) expect(z.zoneId === z.from.zoneId || z.from.zoneId > 7).toBe(true);
    expect(rows.reduce((s, z) => s + z.nb_clients_zone, 0)).toBe(150);
    for (const z of rows) {
      expect(count(d, 'SELECT COUNT(*) AS n FROM dim_clients WHERE zone_id = ?', z.zone_id)).toBe(z.nb_clients_zone);
      expect(z.rayon_km).toBeGreaterThan(0);
      expect(z.densite).toBeGreaterThan(0);
    }
    expect(count(d, `SELECT COUNT(*) AS n FROM planned_interventions p JOIN dim_clients c ON c.client_id = p.client_id WHERE p.statut IN ('a_planifier', 'planifie', 'en_cours') AND p.zone_id <> c.zone_id`)).toBe(0);
    // done interventions keep the zone they were done in
    expect(d.prepare('SELECT intervention_id, zone_id FROM fact_interventions ORDER BY 1').all()).toEqual(factsBefore);
    expect(d.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // the balancing evened the planned minutes out
    const { before, after } = run.zoning;
    expect(after.cv).toBeLessThan(before.cv);
    expect(after.maxMinRatio).toBeLessThanOrEqual(before.maxMinRatio);
    expect(run.zoning.moved).toBeGreaterThan(0);
    expect(run.plan.zones.map((z) => z.name)).toEqual(rows.map((z) => z.nom_zone));
  });

  it('is deterministic for a seed and writes nothing on a dry run', () => {
    const d = demo();
    const before = zones(d);
    const clients = d.prepare('SELECT client_id, zone_id FROM dim_clients ORDER BY 1').all();
    const a = runZoning(d, { k: 7, seed: 3, balanced: true, dryRun: true });
    expect(a.written).toBe(false);
    expect(zones(d)).toEqual(before);
    expect(d.prepare('SELECT client_id, zone_id FROM dim_clients ORDER BY 1').all()).toEqual(clients);
    const b = runZoning(demo(), { k: 7, seed: 3, balanced: true, dryRun: true });
    expect(b.zoning).toEqual(a.zoning);
    expect(b.plan).toEqual(a.plan);
  });

  it('with fewer zones keeps the ones facts still reference, emptied and renamed when their name is reused', () => {
    const d = demo();
    const run = runZoning(d, { k: 4, seed: 1 });
    const rows = zones(d);
    expect(rows.slice(0, 4).map((z) => z.zone_id)).toEqual([1, 2, 3, 4]);
    const beyond = rows.slice(4);
    expect(beyond.length).toBe(run.plan.retired.filter((r) => r.kept).length);
    for (const z of beyond) expect(z.nb_clients_zone).toBe(0);
    expect(new Set(rows.map((z) => z.nom_zone)).size).toBe(rows.length);
    expect(count(d, 'SELECT COUNT(*) AS n FROM dim_clients WHERE zone_id > 4')).toBe(0);
    expect(d.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(run.plan.retired.every((r) => !r.kept || Object.keys(r.references).length > 0)).toBe(true);
  });

  it('with more zones names the new ones after their main town', () => {
    const d = demo();
    runZoning(d, { k: 9, seed: 1 });
    const rows = zones(d);
    expect(rows.map((z) => z.zone_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const towns = new Set((d.prepare('SELECT DISTINCT ville FROM dim_clients').all() as { ville: string }[]).map((r) => r.ville));
    const fresh = rows.filter((z) => !ZONES.some((o) => o.nom_zone === z.nom_zone));
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    for (const z of fresh) expect(towns.has(z.nom_zone.replace(/ \d+$/, ''))).toBe(true);
  });

  it('refuses k above the number of clients and an empty warehouse', () => {
    expect(() => runZoning(demo(), { k: 151 })).toThrow(/k must not exceed the number of clients|option k/);
    expect(() => runZoning(openDb(':memory:'), { k: 3 })).toThrow(/aucun client à zoner/);
  });
});
