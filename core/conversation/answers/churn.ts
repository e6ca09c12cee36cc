import { authorize } from '../../access/policy.ts';
import type { User } from '../../access/types.ts';
import { actionLabel, atRisk, churnListCard, ensureScoredOffThread, formatScore, latestScoringDay, reasonWords, riskLabel } from '../../churn/index.ts';
import type { Db } from '../../warehouse/db.ts';
import { formatDay, t } from '../format.ts';
import type { Lang, Reply } from '../types.ts';
import { messageReply, type AnswerContext } from './common.ts';

/** How many clients the "clients à risque" answer lists. */
export const AT_RISK_LIMIT = 10;

/** The top clients at risk of the latest scoring day on or before `today`: score, risk, reasons, action, buttons. */
export function churnListReply(db: Db, user: User, today: string, lang: Lang): Reply {
  const day = latestScoringDay(db, today);
  if (!day) return messageReply(t(lang, 'Aucun score de churn calculé pour le moment.', 'No churn score computed yet.'));
  const clients = atRisk(db, day, AT_RISK_LIMIT);
  const showPhone = authorize(user, { kind: 'client.phone' }).allowed;
  const year = Number(today.slice(0, 4));
  const title = t(lang, `Clients à risque — top ${clients.length}`, `Clients at risk — top ${clients.length}`);
  const subtitle = t(lang, `Scores du ${formatDay(day, lang, year)} (départ dans les 3 mois)`, `Scores of ${formatDay(day, lang, year)} (leaving within 3 months)`);
  const footer = t(lang, 'Indiquez ce que vous avez fait : la suite mesurera l’effet des actions.', 'Tell what you did: it will measure the effect of the actions.');
  const lines = clients.map((c, i) => {
    const phone = showPhone && c.telephone ? ` · ${c.telephone}` : '';
    return `${i + 1}. ${c.name} — ${formatScore(c.score, lang)} (${riskLabel(c.risque, lang)})${phone} : ${reasonWords(c, lang).join(', ')} → ${actionLabel(c.action, lang)}`;
  });
  return { text: [title, subtitle, ...lines].join('\n'), card: churnListCard(clients, { lang, showPhone, title, subtitle, footer }) };
}

/**
 * `churn.at_risk`: the list; when nothing is scored yet, a first reply at once and the list as a follow-up, the
 * scoring (and the model's training when none is stored) run in a worker thread on a warehouse file.
 */
export function answerChurn(ctx: AnswerContext): Reply {
  const { db, user, today, lang } = ctx;
  if (latestScoringDay(db, today)) return churnListReply(db, user, today, lang);
  const first = messageReply(t(lang, 'Je calcule les scores de churn (quelques secondes)…', 'Computing the churn scores (a few seconds)…'));
  return {
    ...first,
    followUp: async () => {
      try {
        await ensureScoredOffThread(db, today);
        return churnListReply(db, user, today, lang);
      } catch (err) {
        return messageReply(t(lang, `Impossible de calculer les scores : ${(err as Error).message}`, `Cannot compute the scores: ${(err as Error).message}`), { color: 'Attention' });
      }
    },
  };
}
