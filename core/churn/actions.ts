/** The planner's actions on at-risk clients (card buttons), stored so the model's effect can be measured. */
import type { Db } from '../warehouse/db.ts';
import type { Risk } from './config.ts';

export type ChurnActionKind = 'appel' | 'offre' | 'ignore';

export interface ChurnAction {
  readonly clientId: number;
  readonly action: ChurnActionKind;
  /** ISO datetime */
  readonly at: string;
  readonly userEmail: string;
  readonly score: number | null;
  readonly risque: Risk | null;
}

export function recordChurnAction(db: Db, a: ChurnAction): number {
  const r = db
    .prepare('INSERT INTO churn_actions (client_id, action, at, user_email, score, risque) VALUES (?, ?, ?, ?, ?, ?)')
    .run(a.clientId, a.action, a.at, a.userEmail, a.score, a.risque);
  return Number(r.lastInsertRowid);
}

export function churnActions(db: Db, clientId?: number): ChurnAction[] {
  const rows = (
    clientId === undefined
      ? db.prepare('SELECT client_id, action, at, user_email, score, risque FROM churn_actions ORDER BY action_id').all()
      : db.prepare('SELECT client_id, action, at, user_email, score, risque FROM churn_actions WHERE client_id = ? ORDER BY action_id').all(clientId)
  ) as { client_id: number; action: ChurnActionKind; at: string; user_email: string; score: number | null; risque: Risk | null }[];
  return rows.map((r) => ({ clientId: r.client_id, action: r.action, at: r.at, userEmail: r.user_email, score: r.score, risque: r.risque }));
}
