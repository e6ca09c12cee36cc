/**
 * Nightly re-scoring: the active model scores every client under contract from the data before `today`,
 * writes `dim_clients.score_churn` / `risque_churn` (NULL for the others) and the day's rows in
 * `churn_scores` (a re-run the same day replaces them), and returns the clients entering Élevé since the
 * previous scoring day.
 */
import type { Db } from '../warehouse/db.ts';
import { stmt } from '../warehouse/statements.ts';
import { calibrateAll } from './calibrate.ts';
import { CHURN_CONFIG, riskOf, type Risk } from './config.ts';
import { topContributions } from './explain.ts';
import { clientFeatures, featureMatrix, FEATURES, type FeatureName } from './features.ts';
import { row } from './matrix.ts';
import { loadActiveModel, type ModelFile } from './model-store.ts';
import { predict } from './models.ts';
import { reasonText, suggestAction, type Reason, type SuggestedAction } from './reasons.ts';

export class NoModelError extends Error {
  constructor() {
    super('aucun modèle de churn entraîné : lancez « sav churn train »');
  }
}

export interface ScoredClient {
  readonly clientId: number;
  readonly name: string;
  readonly telephone: string | null;
  readonly score: number;
  readonly risque: Risk;
  readonly reasons: readonly Reason[];
  readonly action: SuggestedAction;
}

export interface ScoringRun {
  readonly date: string;
  readonly modelId: number;
  readonly scored: number;
  readonly counts: Record<Risk, number>;
  /** clients Élevé today and not Élevé at the previous scoring day */
  readonly entering: ScoredClient[];
}

/** The reasons of one row: features pushing the score up, in words (values that are no reason skipped). */
export function reasonsOf(file: ModelFile, x: ArrayLike<number>, max: number = CHURN_CONFIG.reasons): Reason[] {
  const out: Reason[] = [];
  for (const c of topContributions(file.model, x, file.features.length, 0.01)) {
    const feature = c.feature as FeatureName;
    const v = x[c.index]!;
    const value = Number.isNaN(v) ? null : v;
    const text = reasonText(feature, value, 'fr');
    if (text) out.push({ feature, value, text });
    if (out.length === max) break;
  }
  return out;
}

export function scoreChurn(db: Db, today: string, options: { model?: { modelId: number; file: ModelFile } } = {}): ScoringRun {
  const active = options.model ?? loadActiveModel(db);
  if (!active) throw new NoModelError();
  const { file, modelId } = active;
  if (file.features.join() !== FEATURES.join()) throw new Error(`le modèle #${modelId} n’a pas les variables attendues : réentraînez-le (sav churn train)`);
  const feats = clientFeatures(db, today, file.windowMonths);
  const X = featureMatrix(feats);
  const p = calibrateAll(file.calibration, predict(file.model, X));
  const counts: Record<Risk, number> = { Faible: 0, Moyen: 0, Élevé: 0 };
  // everything computed before the write transaction: the write lock is held only for the writes (the scoring
  // may run in a worker thread while the bot's own connection keeps writing)
  const rows = feats.map((f, i) => {
    const score = Math.round(p[i]! * 10_000) / 10_000;
    const risque = riskOf(score, file.thresholds);
    counts[risque]++;
    const reasons = reasonsOf(file, row(X, i));
    return { clientId: f.clientId, score, risque, raisons: JSON.stringify(reasons), action: suggestAction(reasons) };
  });
  db.transaction(() => {
    db.prepare('DELETE FROM churn_scores WHERE date = ?').run(today);
    db.prepare('UPDATE dim_clients SET score_churn = NULL, risque_churn = NULL WHERE score_churn IS NOT NULL OR risque_churn IS NOT NULL').run();
    const insert = db.prepare('INSERT INTO churn_scores (date, client_id, model_id, score, risque, raisons, action_suggeree) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const update = db.prepare('UPDATE dim_clients SET score_churn = ?, risque_churn = ? WHERE client_id = ?');
    for (const r of rows) {
      insert.run(today, r.clientId, modelId, r.score, r.risque, r.raisons, r.action);
      update.run(r.score, r.risque, r.clientId);
    }
  })();
  return { date: today, modelId, scored: feats.length, counts, entering: enteringHigh(db, today) };
}

interface ScoreRow {
  client_id: number;
  nom: string;
  prenom: string | null;
  telephone: string | null;
  score: number;
  risque: Risk;
  raisons: string;
  action_suggeree: SuggestedAction;
}

const SELECT = `SELECT s.client_id, c.nom, c.prenom, c.telephone, s.score, s.risque, s.raisons, s.action_suggeree
FROM churn_scores s JOIN dim_clients c ON c.client_id = s.client_id`;

function toScored(r: ScoreRow): ScoredClient {
  return {
    clientId: r.client_id,
    name: r.prenom ? `${r.prenom} ${r.nom}` : r.nom,
    telephone: r.telephone,
    score: r.score,
    risque: r.risque,
    reasons: JSON.parse(r.raisons) as Reason[],
    action: r.action_suggeree,
  };
}

/** The latest scoring day on or before `date` (any when omitted), or null. */
export function latestScoringDay(db: Db, date?: string): string | null {
  const r = (date ? stmt(db, 'SELECT MAX(date) AS d FROM churn_scores WHERE date <= ?').get(date) : stmt(db, 'SELECT MAX(date) AS d FROM churn_scores').get()) as { d: string | null };
  return r.d;
}

/** Clients Élevé on `date` who were not Élevé on the scoring day before it (or not scored then). */
export function enteringHigh(db: Db, date: string): ScoredClient[] {
  const rows = stmt(
    db,
    `${SELECT} WHERE s.date = @date AND s.risque = 'Élevé' AND NOT EXISTS (
         SELECT 1 FROM churn_scores q WHERE q.client_id = s.client_id AND q.risque = 'Élevé'
           AND q.date = (SELECT MAX(date) FROM churn_scores WHERE date < @date))
       ORDER BY s.score DESC, s.client_id`,
  ).all({ date }) as ScoreRow[];
  return rows.map(toScored);
}

/** The clients of a scoring day, highest score first. */
export function atRisk(db: Db, date: string, limit = 10): ScoredClient[] {
  const rows = stmt(db, `${SELECT} WHERE s.date = ? ORDER BY s.score DESC, s.client_id LIMIT ?`).all(date, limit) as ScoreRow[];
  return rows.map(toScored);
}

/** One client's latest score (for the card buttons), or null. */
export function latestScore(db: Db, clientId: number): ScoredClient | null {
  const r = stmt(db, `${SELECT} WHERE s.client_id = ? ORDER BY s.date DESC LIMIT 1`).get(clientId) as ScoreRow | undefined;
  return r ? toScored(r) : null;
}
