import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDaysIso } from '../calendar.ts';
import { openDb, type Db } from '../db.ts';
import { distanceKm } from './model.ts';
import { DemoDataExistsError, ensureDemoData, generateDemo, type DemoOptions } from './index.ts';
import { SPECIALITES } from '../schema.ts';

const TODAY = '2026-12-01'; // a Tuesday
const OPTIONS: DemoOptions = { seed: 42, today: TODAY, clients: 200, technicians: 5, months: 12, assistant: true };
const ANNECY = { lat: 45.8992, lon: 6.1294 };

const all = <T>(db: Db, sql: string, ...params: unknown[]): T[] => db.prepare(sql).all(...params) as T[];
const one = <T>(db: Db, sql: string, ...params: unknown[]): T => db.prepare(sql).get(...params) as T;
const num = (db: Db, sql: string, ...params: unknown[]): number => Object.values(one<Record<string, number>>(db, sql, ...params))[0]!;

function tableHashes(db: Db): Record<string, string> {
  const tables = all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') ORDER BY name");
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    out[name] = createHash('sha256').update(JSON.stringify(db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all())).digest('hex');
  }
  return out;
}

describe('generateDemo', () => {
  let db: Db;
  beforeAll(() => {
    db = openDb(':memory:');
    generateDemo(db, OPTIONS);
  });

  it('is deterministic: same options give byte-identical tables, another seed does not', () => {
    const again = openDb(':memory:');
    generateDemo(again, OPTIONS);
    expect(tableHashes(again)).toEqual(tableHashes(db));
    const other = openDb(':memory:');
    generateDemo(other, { ...OPTIONS, seed: 7 });
    expect(tableHashes(other).dim_clients).not.toBe(tableHashes(db).dim_clients);
  });

  it('refuses a warehouse that already has clients, and replaces it with replace=true', () => {
    const copy = openDb(':memory:');
    generateDemo(copy, { ...OPTIONS, clients: 40, months: 2 });
    expect(() => generateDemo(copy, OPTIONS)).toThrow(DemoDataExistsError);
    expect(() => generateDemo(copy, OPTIONS)).toThrow(/replace/);
    expect(num(copy, 'SELECT COUNT(*) FROM dim_clients')).toBe(40); // nothing lost
    generateDemo(copy, { ...OPTIONS, replace: true });
    expect(tableHashes(copy)).toEqual(tableHashes(db));
  });

  it('rejects invalid options with the field named', () => {
    const fresh = openDb(':memory:');
    expect(() => generateDemo(fresh, { ...OPTIONS, today: '2026-02-30' })).toThrow(/today/);
    expect(() => generateDemo(fresh, { ...OPTIONS, clients: 3 })).toThrow(/clients/);
  });

  it('keeps every foreign key valid', () => {
    expect(all(db, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('has the team, the office and their emails exactly', () => {
    expect(all(db, 'SELECT technicien_id, prenom, nom, email FROM dim_techniciens ORDER BY technicien_id')).toEqual([
      { technicien_id: 1, prenom: 'Gaëtan', nom: 'Morel', email: 'gaetan.morel@duret-electricite.fr' },
      { technicien_id: 2, prenom: 'Julien', nom: 'Favre', email: 'julien.favre@duret-electricite.fr' },
      { technicien_id: 3, prenom: 'Karim', nom: 'Benali', email: 'karim.benali@duret-electricite.fr' },
      { technicien_id: 4, prenom: 'Lucas', nom: 'Perrin', email: 'lucas.perrin@duret-electricite.fr' },
      { technicien_id: 5, prenom: 'Thomas', nom: 'Girard', email: 'thomas.girard@duret-electricite.fr' },
    ]);
    expect(all(db, 'SELECT email, display_name, role, technicien_id FROM users ORDER BY email')).toEqual([
      { email: 'clothilde.martin@duret-electricite.fr', display_name: 'Clothilde Martin', role: 'planning', technicien_id: null },
      { email: 'gaetan.morel@duret-electricite.fr', display_name: 'Gaëtan Morel', role: 'technician', technicien_id: 1 },
      { email: 'julien.favre@duret-electricite.fr', display_name: 'Julien Favre', role: 'technician', technicien_id: 2 },
      { email: 'karim.benali@duret-electricite.fr', display_name: 'Karim Benali', role: 'technician', technicien_id: 3 },
      { email: 'lucas.perrin@duret-electricite.fr', display_name: 'Lucas Perrin', role: 'technician', technicien_id: 4 },
      { email: 'marc.duret@duret-electricite.fr', display_name: 'Marc Duret', role: 'direction', technicien_id: null },
      { email: 'philippe.rey@duret-electricite.fr', display_name: 'Philippe Rey', role: 'technical_director', technicien_id: null },
      { email: 'thomas.girard@duret-electricite.fr', display_name: 'Thomas Girard', role: 'technician', technicien_id: 5 },
    ]);
    const skills = all<{ specialites: string }>(db, 'SELECT specialites FROM dim_techniciens').map((r) => JSON.parse(r.specialites) as string[]);
    for (const s of skills) expect(s.length).toBeGreaterThanOrEqual(3);
    for (const s of SPECIALITES) expect(skills.filter((k) => k.includes(s)).length).toBeGreaterThanOrEqual(2);
  });

  it('generates more technicians with unique French emails and a user each', () => {
    const big = openDb(':memory:');
    generateDemo(big, { ...OPTIONS, clients: 40, months: 1, technicians: 12 });
    const emails = all<{ email: string }>(big, 'SELECT email FROM dim_techniciens').map((r) => r.email);
    expect(new Set(emails).size).toBe(12);
    for (const e of emails) expect(e).toMatch(/^[a-z-]+\.[a-z-]+\d*@duret-electricite\.fr$/);
    expect(num(big, "SELECT COUNT(*) FROM users WHERE role = 'technician' AND technicien_id IS NOT NULL")).toBe(12);
  });

  it('works only on working days: never on Sundays or public holidays, rare Saturdays', () => {
    expect(num(db, "SELECT COUNT(*) FROM fact_interventions i JOIN dim_temps t USING (date_id) WHERE t.jour_semaine = 'Dimanche' OR t.est_ferie = 1")).toBe(0);
    const total = num(db, 'SELECT COUNT(*) FROM fact_interventions');
    const saturdays = num(db, "SELECT COUNT(*) FROM fact_interventions i JOIN dim_temps t USING (date_id) WHERE t.jour_semaine = 'Samedi'");
    expect(saturdays / total).toBeLessThan(0.02);
    expect(num(db, 'SELECT MAX(date_id) FROM fact_interventions')).toBeLessThan(20261201);
    // busy: 4–6 a day per technician on the days they work
    const perDay = one<{ lo: number; hi: number; avg: number }>(
      db,
      `SELECT MIN(n) AS lo, MAX(n) AS hi, AVG(n) AS avg FROM (
         SELECT COUNT(*) AS n FROM fact_interventions i JOIN dim_temps t USING (date_id) WHERE t.jour_semaine <> 'Samedi' GROUP BY technicien_id, date_id)`,
    );
    expect(perDay.lo).toBeGreaterThanOrEqual(4);
    expect(perDay.hi).toBeLessThanOrEqual(6);
    expect(perDay.avg).toBeGreaterThan(4);
  });

  it('writes Paris times with the right offset, and km of the unoptimised plan 15–30 % above', () => {
    const rows = all<{ heure_arrivee: string; heure_depart: string; date: string }>(
      db,
      'SELECT heure_arrivee, heure_depart, t.date FROM fact_interventions i JOIN dim_temps t USING (date_id)',
    );
    for (const r of rows) {
      expect(r.heure_arrivee.slice(0, 10)).toBe(r.date);
      expect(r.heure_arrivee).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[12]:00$/);
      expect(r.heure_depart > r.heure_arrivee).toBe(true);
    }
    expect(rows.find((r) => r.date.slice(5, 7) === '07')!.heure_arrivee.endsWith('+02:00')).toBe(true);
    expect(rows.find((r) => r.date.slice(5, 7) === '01')!.heure_arrivee.endsWith('+01:00')).toBe(true);
    const ratio = num(db, 'SELECT SUM(km_plan_initial) / SUM(km_parcourus) FROM fact_interventions');
    expect(ratio).toBeGreaterThan(1.15);
    expect(ratio).toBeLessThan(1.3);
  });

  it('places clients and zone centres within 40 km of Annecy, in their zone', () => {
    const points = [
      ...all<{ lat: number; lon: number }>(db, 'SELECT latitude AS lat, longitude AS lon FROM dim_clients'),
      ...all<{ lat: number; lon: number }>(db, 'SELECT latitude_centre AS lat, longitude_centre AS lon FROM dim_zones'),
      ...all<{ lat: number; lon: number }>(db, 'SELECT base_latitude AS lat, base_longitude AS lon FROM dim_techniciens'),
    ];
    for (const p of points) expect(distanceKm(p.lat, p.lon, ANNECY.lat, ANNECY.lon)).toBeLessThan(40);
    const far = all(
      db,
      `SELECT c.client_id FROM dim_clients c JOIN dim_zones z USING (zone_id)
       WHERE z.zone_id <> 7 AND ABS(c.latitude - z.latitude_centre) * 111 > z.rayon_km + 3`,
    );
    expect(far).toEqual([]);
  });

  it('has French clients: ~25 % businesses, unique E.164 mobiles, mostly French speakers', () => {
    const c = one<{ n: number; pros: number; phones: number; distinct_phones: number; en: number }>(
      db,
      `SELECT COUNT(*) AS n, SUM(type = 'Professionnel') AS pros, COUNT(telephone) AS phones, COUNT(DISTINCT telephone) AS distinct_phones,
              SUM(langue = 'en') AS en FROM dim_clients`,
    );
    expect(c.pros / c.n).toBeGreaterThan(0.15);
    expect(c.pros / c.n).toBeLessThan(0.35);
    expect(c.distinct_phones).toBe(c.phones);
    expect(c.en / c.n).toBeLessThan(0.1);
    for (const r of all<{ telephone: string }>(db, 'SELECT telephone FROM dim_clients WHERE telephone IS NOT NULL')) {
      expect(r.telephone).toMatch(/^\+33[67]\d{8}$/);
    }
    expect(num(db, "SELECT COUNT(*) FROM dim_clients WHERE type = 'Professionnel' AND prenom IS NOT NULL")).toBe(0);
  });

  it('has plausible rates: renewals, survey answers, quote conversion, complaints, first-visit fixes', () => {
    const from = addDaysIso(TODAY, -365);
    const decided = one<{ renewed: number; ended: number }>(
      db,
      `SELECT SUM(statut = 'renouvele') AS renewed, SUM(statut IN ('resilie', 'expire')) AS ended
       FROM fact_contrats WHERE date_fin >= ? AND date_fin < ?`,
      from,
      TODAY,
    );
    const renewal = decided.renewed / (decided.renewed + decided.ended);
    expect(renewal).toBeGreaterThanOrEqual(0.8);
    expect(renewal).toBeLessThanOrEqual(0.95);

    const surveys = one<{ sent: number; answered: number }>(
      db,
      `SELECT SUM(envoye_at IS NOT NULL) AS sent, SUM(statut = 'complete') AS answered FROM fact_satisfaction`,
    );
    expect(surveys.answered / surveys.sent).toBeGreaterThanOrEqual(0.3);
    expect(surveys.answered / surveys.sent).toBeLessThanOrEqual(0.5);

    const quotes = one<{ n: number; signed: number; decided: number; open: number }>(
      db,
      `SELECT COUNT(*) AS n, SUM(statut = 'signe') AS signed, SUM(statut <> 'envoye') AS decided, SUM(statut = 'envoye') AS open FROM fact_devis`,
    );
    expect(quotes.signed / quotes.decided).toBeGreaterThanOrEqual(0.2);
    expect(quotes.signed / quotes.decided).toBeLessThanOrEqual(0.4);
    expect(quotes.open).toBeGreaterThan(0);
    const interventions = num(db, 'SELECT COUNT(*) FROM fact_interventions');
    expect(quotes.n / interventions).toBeGreaterThan(0.18);
    expect(quotes.n / interventions).toBeLessThan(0.32);

    const f = one<{ complaints: number; fixed: number; high: number; refactured: number }>(
      db,
      `SELECT AVG(est_reclamation) AS complaints, AVG(resolu_premiere_visite) AS fixed,
              AVG(CASE WHEN satisfaction_note IS NULL THEN NULL ELSE satisfaction_note >= 4 END) AS high,
              1.0 * SUM(montant_refacture > 0) / SUM(montant_depassement > 0) AS refactured FROM fact_interventions`,
    );
    expect(f.complaints).toBeGreaterThan(0.02);
    expect(f.complaints).toBeLessThan(0.06);
    expect(f.fixed).toBeGreaterThan(0.8);
    expect(f.fixed).toBeLessThan(0.9);
    expect(f.high).toBeGreaterThan(0.6);
    expect(f.refactured).toBeGreaterThan(0.8);
    expect(f.refactured).toBeLessThan(0.97);
    expect(num(db, 'SELECT COUNT(*) FROM fact_interventions WHERE est_reclamation = 1 AND motif_reclamation IS NULL')).toBe(0);
  });

  it('sends surveys at J+2 around 10:00 Paris, with NPS consistent with the note', () => {
    const rows = all<{ envoye_at: string; date: string }>(
      db,
      'SELECT s.envoye_at, t.date FROM fact_satisfaction s JOIN fact_interventions i USING (intervention_id) JOIN dim_temps t ON t.date_id = i.date_id WHERE s.envoye_at IS NOT NULL',
    );
    for (const r of rows.slice(0, 500)) {
      const lag = (Date.parse(r.envoye_at.slice(0, 10)) - Date.parse(r.date)) / 86_400_000;
      expect([2, 3]).toContain(lag);
      expect(r.envoye_at.slice(11, 13)).toBe('10');
    }
    const byNote = all<{ note: number; nps: number }>(
      db,
      `SELECT i.satisfaction_note AS note, AVG(s.nps) AS nps FROM fact_satisfaction s JOIN fact_interventions i USING (intervention_id)
       WHERE s.statut = 'complete' AND i.satisfaction_note IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    const nps5 = byNote.find((r) => r.note === 5)!.nps;
    const nps3 = byNote.find((r) => r.note === 3)!.nps;
    expect(nps5).toBeGreaterThan(8.5);
    expect(nps3).toBeLessThan(7.5);
  });

  it('makes churn learnable: churned clients were less satisfied and complained more', () => {
    const groups = one<{ sat_churned: number; sat_kept: number; rec_churned: number; rec_kept: number }>(
      db,
      `WITH churned AS (SELECT DISTINCT client_id FROM fact_contrats WHERE statut IN ('resilie', 'expire')),
            per AS (SELECT c.client_id, c.satisfaction_moyenne AS sat, c.contrat_actif, c.client_id IN (SELECT client_id FROM churned) AS churned,
                           (SELECT AVG(est_reclamation) FROM fact_interventions i WHERE i.client_id = c.client_id) AS rec
                    FROM dim_clients c)
       SELECT AVG(CASE WHEN churned THEN sat END) AS sat_churned, AVG(CASE WHEN contrat_actif = 1 THEN sat END) AS sat_kept,
              AVG(CASE WHEN churned THEN rec END) AS rec_churned, AVG(CASE WHEN contrat_actif = 1 THEN rec END) AS rec_kept FROM per`,
    );
    expect(groups.sat_churned).toBeLessThan(groups.sat_kept - 0.15);
    expect(groups.rec_churned).toBeGreaterThan(groups.rec_kept);
    const terminated = all<{ contrat_actif: number; date_fin_contrat: string | null }>(
      db,
      `SELECT contrat_actif, date_fin_contrat FROM dim_clients WHERE client_id IN (SELECT client_id FROM fact_contrats WHERE statut = 'resilie')`,
    );
    expect(terminated.length).toBeGreaterThan(0);
    for (const t of terminated) {
      expect(t.contrat_actif).toBe(0);
      expect(t.date_fin_contrat! < TODAY).toBe(true);
    }
    expect(num(db, 'SELECT COUNT(*) FROM dim_clients WHERE contrat_actif = 1 AND date_fin_contrat BETWEEN ? AND ?', TODAY, addDaysIso(TODAY, 30))).toBeGreaterThan(0);
    expect(num(db, "SELECT COUNT(*) FROM fact_contrats WHERE statut = 'resilie' AND (motif_resiliation IS NULL OR date_resiliation IS NULL)")).toBe(0);
  });

  it('plans each technician on the next 10 working days, 4–7 stops a day, and leaves a pool to plan', () => {
    const expected = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14'];
    const days = all<{ date_prevue: string; n: number; orders: string }>(
      db,
      `SELECT date_prevue, COUNT(*) AS n, GROUP_CONCAT(ordre) AS orders FROM (SELECT * FROM planned_interventions ORDER BY ordre)
       WHERE technicien_id = 1 AND statut = 'planifie' GROUP BY date_prevue ORDER BY date_prevue`,
    );
    expect(days.map((d) => d.date_prevue)).toEqual(expected);
    for (const d of days) {
      expect(d.n).toBeGreaterThanOrEqual(4);
      expect(d.n).toBeLessThanOrEqual(7);
      expect(d.orders).toBe(Array.from({ length: d.n }, (_, i) => i + 1).join(','));
    }
    // the technician can do every planned job
    const mismatched = all(
      db,
      `SELECT p.planned_id FROM planned_interventions p JOIN dim_types_intervention ty USING (type_intervention_id)
       JOIN dim_techniciens t USING (technicien_id)
       WHERE NOT EXISTS (SELECT 1 FROM json_each(t.specialites) WHERE value = ty.specialite_requise)`,
    );
    expect(mismatched).toEqual([]);
    const pool = one<{ n: number; dated: number; due_min: string; due_max: string }>(
      db,
      `SELECT COUNT(*) AS n, COUNT(technicien_id) + COUNT(date_prevue) AS dated, MIN(date_echeance) AS due_min, MAX(date_echeance) AS due_max
       FROM planned_interventions WHERE statut = 'a_planifier'`,
    );
    expect(pool.n).toBeGreaterThanOrEqual(25);
    expect(pool.n).toBeLessThanOrEqual(40);
    expect(pool.dated).toBe(0);
    expect(pool.due_min > TODAY).toBe(true);
    expect(pool.due_max <= addDaysIso(TODAY, 14)).toBe(true);
    expect(num(db, "SELECT COUNT(*) FROM portal_requests WHERE statut = 'a_valider'")).toBeGreaterThan(0);
    expect(num(db, "SELECT COUNT(*) FROM portal_requests WHERE statut = 'valide' AND planned_id IS NOT NULL")).toBeGreaterThan(0);
  });

  it('interventions of a technician only use its skills', () => {
    const mismatched = all(
      db,
      `SELECT i.intervention_id FROM fact_interventions i JOIN dim_types_intervention ty USING (type_intervention_id)
       JOIN dim_techniciens t ON t.technicien_id = i.technicien_id
       WHERE NOT EXISTS (SELECT 1 FROM json_each(t.specialites) WHERE value = ty.specialite_requise) LIMIT 5`,
    );
    expect(mismatched).toEqual([]);
  });

  it('covers the calendar from the oldest contract to 3 weeks ahead', () => {
    const cal = one<{ lo: string; hi: string }>(db, 'SELECT MIN(date) AS lo, MAX(date) AS hi FROM dim_temps');
    expect(cal.hi).toBe(addDaysIso(TODAY, 21));
    expect(cal.lo <= num(db, 'SELECT MIN(date_debut) FROM fact_contrats').toString()).toBe(true);
  });
});

describe('ensureDemoData', () => {
  it('generates only into an empty warehouse', () => {
    const db = openDb(':memory:');
    const summary = ensureDemoData(db, { today: TODAY, clients: 30, months: 1 });
    expect(summary).not.toBeNull();
    expect(summary!.rows.dim_clients).toBe(30);
    expect(summary!.from).toBe('2026-11-01');
    // the app's first start also gets the assistant's history (plans, scores, alerts) for the ROI card
    expect(summary!.rows.plan_suggestions).toBeGreaterThan(0);
    expect(summary!.rows.survey_alerts).toBeGreaterThan(0);
    expect(ensureDemoData(db)).toBeNull();
  });
});
