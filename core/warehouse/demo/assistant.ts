/**
 * The assistant's own history in the demo: what the app would have recorded since it went live (the same day as
 * the SMS survey, SURVEY_MONTHS before today) — the weekly plans Clothilde accepted or rejected (plans.ts), the
 * weekly churn scores with her actions on the Élevé alerts (churn-scores.ts) and the closed-loop survey alerts
 * (survey-alerts.ts). So the ROI card has planner hours and a retention line to measure on the demo.
 *
 * The effect of acting on an alert (acted-on clients leave less) is drawn as what the data shows, not as a cause
 * in the simulation: whether an alert was acted on is drawn knowing whether the client was still under contract
 * 90 days later (`actedChances`), with a fixed relative effect. The contract history itself — and every table the
 * demo filled before this module existed — stays byte-identical, so nothing downstream of the seed moves.
 */
import type { Db } from '../db.ts';
import { dayNum } from './days.ts';
import { companyEmail, STAFF } from './reference.ts';

/** Outcome horizon of an alert: is the client still under contract this many days later (ROI's SAV_RETENTION_DAYS)? */
export const OUTCOME_DAYS = 90;

export interface Person {
  readonly userId: number;
  readonly email: string;
  readonly name: string;
}

export interface AssistantContext {
  readonly db: Db;
  readonly seed: number;
  /** day numbers: the first day of the assistant, and today (nothing is recorded on or after it) */
  readonly from: number;
  readonly today: number;
  readonly planner: Person;
  readonly technicalDirector: Person;
}

/** The office user of a role (the demo creates them). */
export function staffUser(db: Db, role: 'planning' | 'technical_director'): Person {
  const s = STAFF.find((p) => p.role === role)!;
  const email = companyEmail(s);
  const row = db.prepare('SELECT user_id FROM users WHERE email = ?').get(email) as { user_id: number } | undefined;
  if (!row) throw new Error(`demo user ${email} missing`);
  return { userId: row.user_id, email, name: `${s.prenom} ${s.nom}` };
}

/** Every contract period of every client, to tell who held a running contract on a day. */
export class ContractIndex {
  /** client id → [start, end, termination (Infinity when none)] triples */
  private readonly periods = new Map<number, number[]>();

  constructor(db: Db) {
    const rows = db.prepare('SELECT client_id, date_debut, date_fin, date_resiliation FROM fact_contrats ORDER BY contrat_id').raw().all() as [number, string, string, string | null][];
    for (const [client, debut, fin, resiliation] of rows) {
      let list = this.periods.get(client);
      if (!list) this.periods.set(client, (list = []));
      list.push(dayNum(debut), dayNum(fin), resiliation === null ? Infinity : dayNum(resiliation));
    }
  }

  /** A period runs on `day`: started, not ended, not terminated on or before it (as the ROI and the active-contracts KPI count). */
  holds(clientId: number, day: number): boolean {
    const list = this.periods.get(clientId);
    if (!list) return false;
    for (let i = 0; i < list.length; i += 3) {
      if (list[i]! <= day && day <= list[i + 1]! && list[i + 2]! > day) return true;
    }
    return false;
  }

  /** Still under contract at the outcome day of an alert raised on `day` (read no later than `today`). */
  keptAfter(clientId: number, day: number, today: number): boolean {
    return this.holds(clientId, Math.min(day + OUTCOME_DAYS, today));
  }
}

/**
 * The chance that an alert was acted on, given its outcome, so that a share `share` of the alerts are acted on
 * and the clients acted on are lost `ratio` times as often as the others (ratio 0.65: a third fewer losses).
 * With L the loss rate over all the alerts: Ln = L / (share·ratio + 1 − share), La = ratio·Ln, and Bayes gives
 * P(acted | lost) = share·La / L, P(acted | kept) = share·(1 − La) / (1 − L).
 */
export function actedChances(kept: readonly boolean[], share: number, ratio: number): { ifKept: number; ifLost: number } {
  const n = kept.length;
  const lost = kept.reduce((s, k) => s + (k ? 0 : 1), 0);
  if (n === 0 || lost === 0 || lost === n) return { ifKept: share, ifLost: share };
  const L = lost / n;
  const Ln = L / (share * ratio + 1 - share);
  const La = ratio * Ln;
  return { ifKept: Math.min(1, (share * (1 - La)) / (1 - L)), ifLost: Math.min(1, (share * La) / L) };
}
