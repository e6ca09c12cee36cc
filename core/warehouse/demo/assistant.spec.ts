import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../../kpi/period.ts';
import { DEFAULT_ROI_CONFIG, roiReport } from '../../kpi/roi.ts';
import { openDb, type Db } from '../db.ts';
import { actedChances } from './assistant.ts';
import { generateDemo, type DemoOptions } from './index.ts';

const TODAY = '2026-12-01'; // a Tuesday
const OPTIONS: DemoOptions = { seed: 42, today: TODAY, clients: 200, technicians: 5, months: 12, assistant: true };
const KPI = { costPerKm: 0.5, averageSpeedKmh: 40, technicianHourlyCost: 45, ...DEFAULT_ROI_CONFIG };

const all = <T>(db: Db, sql: string, ...params: unknown[]): T[] => db.prepare(sql).all(...params) as T[];
const one = <T>(db: Db, sql: string, ...params: unknown[]): T => db.prepare(sql).get(...params) as T;
const num = (db: Db, sql: string, ...params: unknown[]): number => Object.values(one<Record<string, number>>(db, sql, ...params))[0]!;
const hash = (db: Db, table: string): string => createHash('sha256').update(JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all())).digest('hex');
const clothilde = (db: Db): number => num(db, "SELECT user_id FROM users WHERE email = 'clothilde.martin@duret-electricite.fr'");

describe('the assistant’s history in the demo', () => {
  let db: Db;
  beforeAll(() => {
    db = openDb(':memory:');
    generateDemo(db, OPTIONS);
  });

  it('leaves the simulated history untouched: with or without it, the other tables are byte-identical', () => {
    const bare = openDb(':memory:');
    generateDemo(bare, { ...OPTIONS, assistant: undefined }); // the default: a fresh install's assistant tables
    for (const t of ['dim_clients', 'fact_contrats', 'fact_interventions', 'fact_satisfaction', 'fact_devis', 'portal_requests']) expect(hash(bare, t)).toBe(hash(db, t));
    for (const t of ['plan_suggestions', 'plan_lines', 'churn_scores', 'churn_actions', 'churn_models', 'survey_alerts']) expect(num(bare, `SELECT COUNT(*) FROM ${t}`)).toBe(0);
    const before = num(bare, 'SELECT COUNT(*) FROM planned_interventions');
    expect(num(db, "SELECT COUNT(*) FROM planned_interventions WHERE statut <> 'realise'")).toBe(before);
    expect(num(bare, "SELECT COUNT(*) FROM planned_interventions WHERE statut = 'realise'")).toBe(0);
  });

  it('has a weekly plan for every past week, most accepted by Clothilde minutes after it arrived, a few rejected', () => {
    const plans = all<{ semaine: string; statut: string; created_at: string; decided_at: string; decided_by: number; decided_by_name: string; version: number }>(
      db,
      'SELECT semaine, statut, created_at, decided_at, decided_by, decided_by_name, version FROM plan_suggestions ORDER BY plan_id',
    );
    const weeks = new Set(plans.map((p) => p.semaine));
    expect(weeks.size).toBeGreaterThanOrEqual(48);
    expect([...weeks].every((w) => w < '2026-W49')).toBe(true); // only weeks over before the current one
    const accepted = plans.filter((p) => p.statut === 'accepted');
    const rejected = plans.filter((p) => p.statut === 'rejected');
    expect(accepted.length + rejected.length).toBe(plans.length);
    expect(accepted.length / plans.length).toBeGreaterThan(0.8);
    expect(rejected.length).toBeGreaterThan(0);
    const minutes = accepted.map((p) => (Date.parse(p.decided_at) - Date.parse(p.created_at)) / 60_000).sort((a, b) => a - b);
    expect(minutes[0]!).toBeGreaterThanOrEqual(4);
    expect(minutes[Math.floor(minutes.length / 2)]!).toBeLessThanOrEqual(60);
    const seen = new Set<string>();
    for (const p of plans) {
      expect(p).toMatchObject({ decided_by: clothilde(db), decided_by_name: 'Clothilde Martin', version: 2 });
      expect(new Date(p.created_at).getUTCDay()).toBe(1);
      // the weekly job's plan: Monday 07:0x in Paris (a re-run asked after a rejection comes later that day)
      if (!seen.has(p.semaine)) expect(p.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T0[56]:0\d:00\.000Z$/);
      seen.add(p.semaine);
    }
    const reruns = plans.filter((p, i) => i > 0 && plans[i - 1]!.semaine === p.semaine);
    expect(reruns.every((p) => p.statut === 'accepted' && plans[plans.indexOf(p) - 1]!.statut === 'rejected')).toBe(true);
  });

  it('places, in each accepted plan, that week’s interventions known when it was computed, as they were done', () => {
    const wrong = all(
      db,
      `SELECT l.line_id FROM plan_lines l JOIN plan_suggestions s ON s.plan_id = l.plan_id
         JOIN planned_interventions p ON p.planned_id = l.planned_id JOIN fact_interventions i ON i.intervention_id = p.intervention_id
        WHERE s.statut = 'accepted' AND (p.statut <> 'realise' OR l.technicien_id <> i.technicien_id OR l.date_prevue <> p.date_prevue
           OR i.date_id <> CAST(replace(p.date_prevue, '-', '') AS INTEGER) OR p.date_demande >= substr(s.created_at, 1, 10)
           OR p.date_prevue NOT BETWEEN date(s.created_at, '+7 days') AND date(s.created_at, '+13 days'))`,
    );
    expect(wrong).toEqual([]);
    // most of a week's work was planned ahead; the urgent requests of the week were placed by hand
    const share = num(
      db,
      `SELECT 1.0 * (SELECT COUNT(*) FROM planned_interventions WHERE statut = 'realise') / COUNT(*) FROM fact_interventions
        WHERE date_id >= (SELECT MIN(CAST(replace(date_prevue, '-', '') AS INTEGER)) FROM planned_interventions WHERE statut = 'realise')`,
    );
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.85);
  });

  it('scores the clients under contract every Monday, Moyen and Élevé only, a small share Élevé, ahead of the real departures', () => {
    const days = all<{ date: string; n: number; high: number; holders: number }>(
      db,
      `SELECT s.date, COUNT(*) AS n, SUM(s.risque = 'Élevé') AS high,
              (SELECT COUNT(DISTINCT k.client_id) FROM fact_contrats k WHERE k.date_debut <= s.date AND k.date_fin >= s.date
                  AND (k.date_resiliation IS NULL OR k.date_resiliation > s.date)) AS holders
         FROM churn_scores s GROUP BY s.date ORDER BY s.date`,
    );
    expect(days.length).toBeGreaterThanOrEqual(50);
    expect(days.every((d) => new Date(`${d.date}T12:00:00Z`).getUTCDay() === 1 && d.date < TODAY)).toBe(true);
    const share = days.reduce((s, d) => s + d.high, 0) / days.reduce((s, d) => s + d.holders, 0);
    expect(share).toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.06);
    expect(num(db, "SELECT COUNT(*) FROM churn_scores WHERE score < 0.3 OR (risque = 'Élevé') <> (score > 0.6)")).toBe(0);
    // nobody is scored without a running contract that day
    expect(
      num(
        db,
        `SELECT COUNT(*) FROM churn_scores s WHERE NOT EXISTS (SELECT 1 FROM fact_contrats k WHERE k.client_id = s.client_id AND k.date_debut <= s.date
           AND k.date_fin >= s.date AND (k.date_resiliation IS NULL OR k.date_resiliation > s.date))`,
      ),
    ).toBe(0);
    // reasons as the app stores them, and the model row is not the active one (the app trains its own)
    const r = one<{ raisons: string; action_suggeree: string }>(db, "SELECT raisons, action_suggeree FROM churn_scores WHERE risque = 'Élevé' LIMIT 1");
    const reasons = JSON.parse(r.raisons) as { feature: string; text: string }[];
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]!.text.length).toBeGreaterThan(5);
    expect(['appel', 'offre', 'visite']).toContain(r.action_suggeree);
    expect(num(db, 'SELECT COUNT(*) FROM churn_models WHERE actif = 1')).toBe(0);
    // departures of the scored months: a good part of them were Élevé in the 4 months before they left
    const left = all<{ c: number; e: string }>(
      db,
      `SELECT client_id AS c, COALESCE(date_resiliation, date_fin) AS e FROM fact_contrats
        WHERE statut IN ('resilie', 'expire') AND COALESCE(date_resiliation, date_fin) BETWEEN date((SELECT MIN(date) FROM churn_scores), '+90 days') AND ?`,
      TODAY,
    );
    expect(left.length).toBeGreaterThan(5);
    const flagged = left.filter((l) => one(db, "SELECT 1 AS x FROM churn_scores WHERE client_id = ? AND risque = 'Élevé' AND date BETWEEN date(?, '-120 days') AND ?", l.c, l.e, l.e));
    expect(flagged.length / left.length).toBeGreaterThan(0.3);
  });

  it('records Clothilde’s actions on part of the Élevé alerts, after them, and acted-on clients are lost less often', () => {
    const actions = all<{ action: string; user_email: string; risque: string; at: string }>(db, 'SELECT action, user_email, risque, at FROM churn_actions');
    expect(actions.length).toBeGreaterThan(10);
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['appel', 'offre', 'ignore']));
    expect(actions.every((a) => a.user_email === 'clothilde.martin@duret-electricite.fr' && a.risque === 'Élevé' && a.at < '2026-12-01')).toBe(true);
    const orphan = num(
      db,
      `SELECT COUNT(*) FROM churn_actions a WHERE NOT EXISTS (
         SELECT 1 FROM churn_scores s WHERE s.client_id = a.client_id AND s.risque = 'Élevé' AND s.date <= substr(a.at, 1, 10) AND s.date >= date(a.at, '-4 days'))`,
    );
    expect(orphan).toBe(0);
  });

  it('raises the survey alerts of the past answers as the closed loop does, most of them done', () => {
    const low = num(db, 'SELECT COUNT(*) FROM fact_satisfaction WHERE repondu_at IS NOT NULL AND nps < 7');
    const unsolved = num(db, 'SELECT COUNT(*) FROM fact_satisfaction WHERE repondu_at IS NOT NULL AND probleme_resolu = 0');
    expect(low).toBeGreaterThan(0);
    expect(num(db, "SELECT COUNT(*) FROM survey_alerts WHERE kind = 'nps_bas'")).toBe(low);
    expect(num(db, "SELECT COUNT(*) FROM survey_alerts WHERE kind = 'non_resolu'")).toBe(unsolved);
    const mismatched = num(
      db,
      `SELECT COUNT(*) FROM survey_alerts a JOIN fact_satisfaction s USING (satisfaction_id)
        WHERE a.client_id <> s.client_id OR (a.kind = 'nps_bas' AND NOT s.nps < 7) OR (a.kind = 'non_resolu' AND s.probleme_resolu <> 0)
           OR a.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', s.repondu_at) OR json_extract(a.detail, '$.nps') IS NOT s.nps`,
    );
    expect(mismatched).toBe(0);
    const st = one<{ n: number; done: number; bad: number }>(
      db,
      `SELECT COUNT(*) AS n, SUM(statut = 'traitee') AS done,
              SUM(statut = 'traitee' AND (traitee_at IS NULL OR traitee_at <= created_at OR traitee_par IS NULL OR traitee_at >= '2026-11-30T23:00:00.000Z')) AS bad
         FROM survey_alerts`,
    );
    expect(st.done / st.n).toBeGreaterThan(0.75);
    expect(st.done).toBeLessThan(st.n);
    expect(st.bad).toBe(0);
    expect(num(db, "SELECT COUNT(*) FROM survey_alerts WHERE kind = 'nps_bas' AND statut = 'traitee' AND traitee_par <> ?", clothilde(db))).toBe(0);
  });

  it('gives the ROI card measured planner hours and a measured retention line', () => {
    const r = roiReport(db, { period: periodOf('2026-11-15', 'month'), zoneId: null, technicienId: null, today: TODAY }, KPI);
    expect(r.planner.period.acceptedPlans).toBeGreaterThanOrEqual(3);
    expect(r.planner.period.hours).toBeGreaterThan(3);
    expect(r.planner.year.eur).toBeGreaterThan(2_000);
    expect(r.retention.status).toBe('measured');
    expect(r.retention.acted.clients).toBeGreaterThanOrEqual(5);
    expect(r.retention.notActed.clients).toBeGreaterThanOrEqual(5);
    expect(r.retention.acted.rate!).toBeGreaterThan(r.retention.notActed.rate!);
    expect(r.retention.uplift!).toBeLessThan(0.3); // an effect, not a miracle
  });

  it('replaces itself, and what the app wrote on top of it, twice in a row', () => {
    const copy = openDb(':memory:');
    generateDemo(copy, { ...OPTIONS, clients: 40, months: 3 });
    copy.prepare("INSERT INTO technicien_absences (technicien_id, date_debut, date_fin, motif) VALUES (1, '2026-12-07', '2026-12-11', 'congés')").run();
    generateDemo(copy, { ...OPTIONS, clients: 40, months: 3, replace: true });
    generateDemo(copy, { ...OPTIONS, replace: true });
    for (const t of ['plan_lines', 'churn_scores', 'survey_alerts', 'planned_interventions', 'dim_clients']) expect(hash(copy, t)).toBe(hash(db, t));
    expect(num(copy, 'SELECT COUNT(*) FROM technicien_absences')).toBe(0);
    expect(all(copy, 'PRAGMA foreign_key_check')).toEqual([]);
  });
});

describe('actedChances', () => {
  it('keeps the share acted on and gives acted-on alerts the loss rate asked', () => {
    const kept = [...Array<boolean>(70).fill(true), ...Array<boolean>(30).fill(false)];
    const c = actedChances(kept, 0.6, 0.5);
    const acted = 70 * c.ifKept + 30 * c.ifLost;
    expect(acted).toBeCloseTo(60, 9);
    const lostActed = (30 * c.ifLost) / acted;
    const lostOther = (30 * (1 - c.ifLost)) / (100 - acted);
    expect(lostActed / lostOther).toBeCloseTo(0.5, 9);
    expect(actedChances([true, true], 0.6, 0.5)).toEqual({ ifKept: 0.6, ifLost: 0.6 });
  });
});
