/**
 * `churnAlerts(db, today)`: the clients entering the Élevé risk since the previous scoring day, with their
 * reasons and a card each, for the proactive sender. Scores today first when not done yet (training a model
 * on the warehouse when none is stored). Calling it again the same day gives the same alerts.
 */
import { authorize } from '../access/policy.ts';
import type { Role } from '../access/types.ts';
import type { CardJson, Lang } from '../conversation/types.ts';
import type { Db } from '../warehouse/db.ts';
import { churnAlertCard, formatScore, reasonWords } from './cards.ts';
import type { Risk } from './config.ts';
import { ensureScored } from './ensure.ts';
import { actionLabel, type SuggestedAction } from './reasons.ts';
import { enteringHigh } from './score.ts';
import { ensureScoredOffThread } from './worker/run.ts';

export interface ChurnAlert {
  readonly clientId: number;
  readonly name: string;
  readonly score: number;
  readonly risque: Risk;
  readonly reasons: readonly string[];
  readonly action: SuggestedAction;
  /** one line for a text-only channel */
  readonly text: string;
  readonly card: CardJson;
}

export interface AlertOptions {
  /** the recipient's role: the phone number is shown only when the policy allows it (default planning) */
  readonly role?: Role;
  readonly lang?: Lang;
}

/**
 * The alerts of the day, scoring first in the calling thread when not done yet (seconds of CPU when a model
 * must be trained): the bot's jobs use `churnAlertsOffThread`.
 */
export function churnAlerts(db: Db, today: string, options: AlertOptions = {}): ChurnAlert[] {
  ensureScored(db, today);
  return alertsOfDay(db, today, options);
}

/** The same alerts, the scoring (and training) run in a worker thread when needed (worker/run.ts). */
export async function churnAlertsOffThread(db: Db, today: string, options: AlertOptions = {}): Promise<ChurnAlert[]> {
  await ensureScoredOffThread(db, today);
  return alertsOfDay(db, today, options);
}

function alertsOfDay(db: Db, today: string, options: AlertOptions): ChurnAlert[] {
  const lang = options.lang ?? 'fr';
  const role = options.role ?? 'planning';
  const showPhone = authorize({ userId: 0, email: '', displayName: '', role, technicienId: null, langue: lang }, { kind: 'client.phone' }).allowed;
  return enteringHigh(db, today).map((c) => {
    const reasons = reasonWords(c, lang);
    return {
      clientId: c.clientId,
      name: c.name,
      score: c.score,
      risque: c.risque,
      reasons,
      action: c.action,
      text: `${c.name} — ${formatScore(c.score, lang)} · ${reasons.join(' · ')} → ${actionLabel(c.action, lang)}`,
      card: churnAlertCard(c, { lang, showPhone }),
    };
  });
}
