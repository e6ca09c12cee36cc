/**
 * The hand-made KPI warehouse (test-warehouse.ts) plus what the measured ROI lines read: weekly plans decided,
 * churn scores and actions, survey alerts and the alerted clients' contracts. Every figure is worked out by hand
 * in roi.spec.ts. Test helper only.
 */
import type { Db } from '../warehouse/db.ts';
import { smallWarehouse } from './test-warehouse.ts';

type Values = Record<string, unknown>;

function insert(db: Db, table: string, rows: readonly Values[]): void {
  for (const r of rows) {
    const cols = Object.keys(r);
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(r);
  }
}

/** The survey alerts table as migration 7 creates it, for a warehouse that does not have it yet. */
const SURVEY_ALERTS_DDL = `CREATE TABLE IF NOT EXISTS survey_alerts (
  alert_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, satisfaction_id INTEGER NULL, client_id INTEGER NOT NULL REFERENCES dim_clients(client_id),
  detail TEXT NOT NULL, statut TEXT NOT NULL DEFAULT 'ouverte', created_at TEXT NOT NULL, traitee_at TEXT NULL, traitee_par INTEGER NULL, planned_id INTEGER NULL)`;

export interface RoiWarehouseOptions {
  /** false: no survey_alerts table (a warehouse before migration 7) */
  readonly surveyAlerts?: boolean;
  /** a database file (default in memory) */
  readonly path?: string;
}

export function roiWarehouse(options: RoiWarehouseOptions = {}): Db {
  const db = smallWarehouse(options.path);

  // --- weekly plans: created/decided instants are UTC (toISOString), periods are Paris days
  const plan = (id: number, statut: string, created: string, decided: string | null): Values => ({
    plan_id: id, semaine: '2026-W47', statut, version: 2, fingerprint: `f${id}`, created_at: created, decided_at: decided,
    solver_status: 'optimal', method: 'milp', objective: 0, bound: 0, gap: 0, solve_ms: 100, costs: '{}', current_costs: '{}',
  });
  insert(db, 'plan_suggestions', [
    plan(1, 'accepted', '2026-11-09T17:00:00.000Z', '2026-11-10T07:20:00.000Z'), // waited 860 min → 30 (cap)
    plan(2, 'accepted', '2026-11-20T08:00:00.000Z', '2026-11-20T08:10:00.000Z'), // 10 min
    plan(3, 'rejected', '2026-11-21T09:00:00.000Z', '2026-11-21T09:05:00.000Z'), // 5 min
    plan(4, 'draft', '2026-11-22T09:00:00.000Z', null),
    plan(5, 'accepted', '2026-11-30T23:00:00.000Z', '2026-11-30T23:30:00.000Z'), // 1 December in Paris
    plan(6, 'accepted', '2025-11-30T23:25:00.000Z', '2025-11-30T23:30:00.000Z'), // 1 December 2025 00:30 in Paris: 5 min
    plan(7, 'accepted', '2025-11-30T22:00:00.000Z', '2025-11-30T22:30:00.000Z'), // 30 November 2025 23:30 in Paris
  ]);
  const line = (plan_id: number, planned_id: number, technicien_id: number | null): Values => ({
    plan_id, planned_id, technicien_id, date_prevue: technicien_id === null ? null : '2026-11-25', ordre: technicien_id === null ? null : 1, km: 3, raison: technicien_id === null ? 'pas de technicien' : null,
  });
  // planned 1 zone 1, 2 zone 2, 3 zone 1, 4 zone 2, 5 zone 2 (test-warehouse.ts)
  insert(db, 'plan_lines', [line(1, 1, 1), line(1, 5, 2), line(1, 3, null), line(2, 1, 1), line(2, 4, 2), line(3, 2, 2), line(4, 2, 2), line(5, 2, 2), line(6, 2, 2), line(7, 3, 1)]);

  // --- alerted clients: 101–107 acted on (zone 1), 111–117 not (zone 2), 118 never entering, 119 without contract, 120–121 left out
  const ids = [101, 102, 103, 104, 105, 106, 107, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121];
  insert(db, 'dim_clients', ids.map((id) => ({
    client_id: id, nom: `Client ${id}`, prenom: null, type: 'Particulier', segment: 'Argent', adresse: `${id} avenue d’Albigny`, code_postal: '74000', ville: 'Annecy',
    latitude: 45.9, longitude: 6.14, zone_id: id < 110 ? 1 : 2,
  })));
  const contract = (client: number, montant: number, statut: string, extra: Values = {}): Values => ({
    contrat_id: 1000 + client, source_ref: `C${1000 + client}`, client_id: client, formule: 'Confort', date_debut: '2026-01-01', date_fin: '2026-12-31', montant_annuel: montant, statut, ...extra,
  });
  insert(db, 'fact_contrats', [
    ...[101, 102, 103, 104, 105, 107].map((c) => contract(c, 200, 'actif')),
    contract(106, 200, 'resilie', { date_resiliation: '2026-04-15' }),
    ...[111, 112, 113, 118, 120, 121].map((c) => contract(c, 300, 'actif')),
    contract(114, 300, 'resilie', { date_resiliation: '2026-05-01' }),
    contract(115, 300, 'resilie', { date_resiliation: '2026-05-01' }),
    contract(116, 300, 'expire', { date_debut: '2025-05-01', date_fin: '2026-04-30' }),
    contract(117, 300, 'resilie', { date_resiliation: '2026-11-01' }),
    contract(119, 300, 'expire', { date_debut: '2025-01-01', date_fin: '2025-12-31' }),
  ]);

  // --- churn: scoring days 2025-11-30 (before the year), 2026-03-01, 2026-03-02, 2026-06-01
  insert(db, 'churn_models', [{ model_id: 1, trained_at: '2025-11-01T00:00:00.000Z', as_of: '2025-11-01', kind: 'gbm', model: '{}' }]);
  const scores: Values[] = [];
  const score = (date: string, client: number, risque: string): void => {
    scores.push({ date, client_id: client, model_id: 1, score: risque === 'Élevé' ? 0.8 : 0.4, risque, raisons: '[]', action_suggeree: 'appel' });
  };
  for (const c of [101, 102, 103, 104, 105, 106, 111, 112, 113, 114, 115, 116, 119]) {
    score('2026-03-01', c, 'Moyen');
    score('2026-03-02', c, 'Élevé'); // entering Élevé: the alert
  }
  for (const d of ['2025-11-30', '2026-03-01', '2026-03-02', '2026-06-01']) score(d, 118, 'Élevé'); // Élevé all along: never alerted in the year
  score('2026-06-01', 101, 'Élevé'); // already Élevé on the scoring day before (2026-03-02): no new alert
  insert(db, 'churn_scores', scores);
  const action = (client: number, kind: string, at: string): Values => ({ client_id: client, action: kind, at, user_email: 'clothilde@x.fr', score: 0.8, risque: 'Élevé' });
  insert(db, 'churn_actions', [
    ...[101, 102, 103, 104, 105].map((c) => action(c, 'appel', '2026-03-05T09:00:00.000Z')),
    action(106, 'offre', '2026-03-02T07:00:00.000Z'),
    action(111, 'ignore', '2026-03-03T09:00:00.000Z'), // ignored: not acted on
    action(112, 'appel', '2026-07-01T09:00:00.000Z'), // after the outcome day (2026-05-31): too late
    action(119, 'appel', '2026-03-03T09:00:00.000Z'), // acted on, but no contract to keep
  ]);

  // --- survey alerts (migration 7), when the warehouse has the table
  if (options.surveyAlerts ?? true) {
    db.exec(SURVEY_ALERTS_DDL);
    const alert = (id: number, kind: string, client: number, statut: string, created: string, traitee: string | null): Values => ({
      alert_id: id, kind, client_id: client, detail: '{}', statut, created_at: created, traitee_at: traitee,
    });
    insert(db, 'survey_alerts', [
      alert(1, 'nps_bas', 107, 'traitee', '2026-09-10T08:00:00.000Z', '2026-09-11T08:00:00.000Z'),
      alert(2, 'non_resolu', 117, 'ouverte', '2026-10-01T08:00:00.000Z', null),
      alert(3, 'nps_bas', 101, 'ouverte', '2026-08-01T08:00:00.000Z', null), // 101 already alerted (churn, 2026-03-02)
      alert(4, 'reponse_tardive', 120, 'ouverte', '2026-09-01T08:00:00.000Z', null), // not a dissatisfaction alert
      alert(5, 'nps_bas', 121, 'ouverte', '2026-11-24T23:30:00.000Z', null), // 25 November in Paris: after today
    ]);
  } else {
    db.exec('DROP TABLE IF EXISTS survey_alerts');
  }
  return db;
}
