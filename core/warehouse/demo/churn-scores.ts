/**
 * The weekly churn scoring of the demo's history and what the planner did about the Élevé alerts.
 *
 * While the past is simulated, every Monday from the assistant's first day to today (excluded), each client under
 * contract gets a score: the renewal decision's own log-odds (churn.ts: satisfaction, complaints, late
 * interventions, survey answers, segment) — what a good model would have learnt — pushed down while the renewal is
 * more than 3 months away (the model predicts a departure within 3 months), with a fixed per-client model error
 * and a little weekly noise. Risk bands are the app's (core/churn/config.ts): Élevé above 0.6, Moyen from 0.3.
 *
 * Volume: only the Moyen and Élevé rows are stored (a Faible client has no row that week; "entering Élevé" —
 * Élevé now, not Élevé at the previous scoring day — reads the same). At 50 000 clients that is a few hundred
 * thousand rows a year instead of 2.6 million. Scores of a client who already gave notice (terminated before the
 * scoring day, which the simulation only learns at the period's end) are dropped afterwards.
 *
 * The alerts (clients entering Élevé) get Clothilde's actions ('appel', 'offre', or 'ignore') within 0–3 days on
 * part of them; acted-on clients are lost a third less often within 90 days (assistant.ts, actedChances).
 * The scores reference one inactive `churn_models` row ("the model of these scores"), so the app still trains its
 * own model on first use and the nightly job scores today.
 */
import { reasonText, suggestAction, type Reason, type SuggestedAction } from '../../churn/reasons.ts';
import type { FeatureName } from '../../churn/features.ts';
import { actedChances, type AssistantContext, type ContractIndex } from './assistant.ts';
import { churnLogit } from './churn.ts';
import { isoOf, parisInstant, weekday } from './days.ts';
import type { ClientSim } from './model.ts';
import { sigmoid, type Rng } from './rng.ts';
import { inserter } from './sql.ts';

/** The app's risk bands (core/churn/config.ts RISK_THRESHOLDS). */
const MOYEN = 0.3;
const ELEVE = 0.6;
/** The model's horizon: a departure within 3 months. */
const HORIZON_DAYS = 92;
/** score log-odds = INTERCEPT + SLOPE · renewal log-odds − (days beyond the horizon) / DECAY_DAYS + error */
const INTERCEPT = 0.9;
const SLOPE = 1.15;
const DECAY_DAYS = 30;
/** per-client model error (sd of the log-odds), and weekly noise */
const CLIENT_ERROR = 0.45;
const WEEK_NOISE = 0.2;
/** Scores kept while simulating (the outcome shift below can lift them to Moyen); lower ones are not even drawn. */
const KEEP_FROM = Math.log(MOYEN / (1 - MOYEN)) - 1.2;
const SKIP_BELOW = KEEP_FROM - 1;
/**
 * What the model knew beyond the simulated drivers (how the client sounded on the phone, a competitor's quote…):
 * log-odds added afterwards when the client was in fact lost within the horizon, or taken off when not.
 */
const LOST_SHIFT = 1.1;
const KEPT_SHIFT = -0.2;
/** Share of the alerts acted on ('appel' or 'offre'), and how much less often those clients are lost. */
const ACTED_SHARE = 0.62;
const ACTED_LOSS_RATIO = 0.65;
/** Of the alerts not acted on, the share the planner explicitly dismissed ('ignore'). */
const IGNORED_SHARE = 0.35;
const SEGMENT_INDEX = { Bronze: 0, Argent: 1, Or: 2 } as const;

interface Candidate {
  readonly day: number;
  readonly clientId: number;
  /** score log-odds before the outcome shift */
  readonly z: number;
  /** the reasons' raw material at the scoring day */
  readonly meanNote: number | null;
  readonly complaints: number;
  readonly late: number;
  readonly lateRate: number;
  readonly responseRate: number | null;
  readonly daysLeft: number;
  readonly segment: number;
  readonly montant: number;
}

/** Collects the scores while the past is simulated (plug `onDay` into simulateActivity). */
export class ChurnScoring {
  readonly candidates: Candidate[] = [];
  private readonly errors: Float64Array;

  constructor(
    private readonly rng: Rng,
    private readonly clients: readonly ClientSim[],
    /** first scoring day (day number; the first Monday on or after it) */
    private readonly from: number,
    private readonly today: number,
  ) {
    this.errors = Float64Array.from(clients, () => rng.normal(0, CLIENT_ERROR));
  }

  onDay(d: number): void {
    if (d < this.from || d >= this.today || weekday(d) !== 0) return;
    const { rng, clients } = this;
    for (let i = 0; i < clients.length; i++) {
      const c = clients[i]!;
      const p = c.period;
      if (!p || c.since > d) continue;
      const daysLeft = p.end - d;
      const z0 = INTERCEPT + SLOPE * churnLogit(c) - Math.max(0, daysLeft - HORIZON_DAYS) / DECAY_DAYS + this.errors[i]!;
      if (z0 < SKIP_BELOW) continue;
      const z = z0 + rng.normal(0, WEEK_NOISE);
      if (z < KEEP_FROM) continue;
      const s = c.stats;
      this.candidates.push({
        day: d,
        clientId: c.id,
        z,
        meanNote: s.nNotes > 0 ? Math.round((s.sumNote / s.nNotes) * 10) / 10 : null,
        complaints: s.complaints,
        late: s.late,
        lateRate: s.n > 0 ? s.late / s.n : 0,
        responseRate: s.sent >= 2 ? s.answered / s.sent : null,
        daysLeft,
        segment: SEGMENT_INDEX[c.segment],
        montant: p.montant,
      });
    }
  }
}

const riskOf = (score: number): 'Élevé' | 'Moyen' => (score > ELEVE ? 'Élevé' : 'Moyen');

/** The reasons shown with a score (strongest first, at most 3), as core/churn/score.ts stores them. */
class ReasonWriter {
  private readonly texts = new Map<string, string | null>();

  private text(feature: FeatureName, value: number | null): string | null {
    const key = `${feature}|${value}`;
    let t = this.texts.get(key);
    if (t === undefined) {
      t = reasonText(feature, value, 'fr');
      this.texts.set(key, t);
    }
    return t;
  }

  reasons(c: Candidate): Reason[] {
    const pushes: [FeatureName, number | null, number][] = [];
    if (c.meanNote !== null) pushes.push(['satisfaction_moyenne', c.meanNote, 1.7 * (4.2 - c.meanNote)]);
    if (c.complaints > 0) pushes.push(['nb_reclamations', c.complaints, 0.55 * Math.min(c.complaints, 5)]);
    if (c.late > 0) pushes.push(['nb_interventions_retard', c.late, 5 * (c.lateRate - 0.07) + 0.3]);
    if (c.responseRate !== null) pushes.push(['taux_reponse_enquete', Math.round(c.responseRate * 100) / 100, 2.5 * (0.4 - c.responseRate)]);
    if (c.daysLeft <= HORIZON_DAYS) pushes.push(['jours_avant_echeance', c.daysLeft, 0.8]);
    if (c.segment === 0) pushes.push(['segment', 0, 0.1]);
    pushes.sort((a, b) => b[2] - a[2]);
    const out: Reason[] = [];
    for (const [feature, value, push] of pushes) {
      if (push <= 0.05) break;
      const text = this.text(feature, value);
      if (text) out.push({ feature, value, text });
      if (out.length === 3) break;
    }
    if (out.length === 0) {
      const text = this.text('montant_contrat_annuel', c.montant);
      if (text) out.push({ feature: 'montant_contrat_annuel', value: c.montant, text });
    }
    return out;
  }
}

export interface ChurnHistoryCounts {
  readonly scores: number;
  readonly alerts: number;
  readonly actions: number;
}

/** Writes the scores collected (dropping those of clients who had already given notice), the model row and the actions. */
export function writeChurnHistory(ctx: AssistantContext, rng: Rng, scoring: ChurnScoring, contracts: ContractIndex): ChurnHistoryCounts {
  const { db, today } = ctx;
  // the final scores: the outcome shift, then only Moyen and Élevé, only clients still under contract that day
  const kept: { c: Candidate; score: number }[] = [];
  for (const c of scoring.candidates) {
    if (!contracts.holds(c.clientId, c.day)) continue;
    const z = c.z + (contracts.keptAfter(c.clientId, c.day, today) ? KEPT_SHIFT : LOST_SHIFT);
    const score = Math.round(sigmoid(z) * 10_000) / 10_000;
    if (score >= MOYEN) kept.push({ c, score });
  }
  if (kept.length === 0) return { scores: 0, alerts: 0, actions: 0 };
  const first = kept[0]!.c.day;
  const model = db
    .prepare('INSERT INTO churn_models (trained_at, as_of, kind, auc_validation, actif, model) VALUES (?, ?, ?, ?, 0, ?)')
    .run(
      parisInstant(first - 1, 150),
      isoOf(first - 1),
      'gbm',
      0.81,
      JSON.stringify({ demo: true, note: 'modèle des scores de démonstration (historique simulé) : non réutilisable, la première demande en entraîne un vrai' }),
    );
  const modelId = Number(model.lastInsertRowid);

  const insertScore = inserter(db, 'churn_scores', ['date', 'client_id', 'model_id', 'score', 'risque', 'raisons', 'action_suggeree']);
  const words = new ReasonWriter();
  const alerts: { c: Candidate; score: number; action: SuggestedAction }[] = [];
  let previousHigh = new Set<number>();
  let high = new Set<number>();
  let day = -1;
  for (const { c, score } of kept) {
    if (c.day !== day) {
      previousHigh = c.day - day === 7 ? high : new Set();
      high = new Set();
      day = c.day;
    }
    const reasons = words.reasons(c);
    const action = suggestAction(reasons);
    const risque = riskOf(score);
    insertScore([isoOf(c.day), c.clientId, modelId, score, risque, JSON.stringify(reasons), action]);
    if (risque === 'Élevé') {
      high.add(c.clientId);
      if (!previousHigh.has(c.clientId)) alerts.push({ c, score, action });
    }
  }

  // the planner's actions: acted-on clients are lost less often within 90 days (drawn knowing the outcome)
  const outcomes = alerts.map((a) => contracts.keptAfter(a.c.clientId, a.c.day, today));
  const chance = actedChances(outcomes, ACTED_SHARE, ACTED_LOSS_RATIO);
  const insertAction = inserter(db, 'churn_actions', ['client_id', 'action', 'at', 'user_email', 'score', 'risque']);
  let actions = 0;
  alerts.forEach((a, i) => {
    const acted = rng.chance(outcomes[i] ? chance.ifKept : chance.ifLost);
    const ignored = !acted && rng.chance(IGNORED_SHARE);
    // the card arrives in the night; the planner answers it within 0–3 working days, during office hours
    const lag = [0, 1, 2, 3][rng.weighted([50, 30, 14, 6])]!;
    const minutes = rng.int(8 * 60 + 15, 17 * 60 + 45);
    const kind = a.action === 'offre' ? (rng.chance(0.85) ? 'offre' : 'appel') : rng.chance(0.88) ? 'appel' : 'offre';
    const on = a.c.day + lag;
    if ((!acted && !ignored) || on >= today) return;
    insertAction([a.c.clientId, acted ? kind : 'ignore', parisInstant(on, minutes), ctx.planner.email, a.score, 'Élevé']);
    actions++;
  });
  return { scores: kept.length, alerts: alerts.length, actions };
}
