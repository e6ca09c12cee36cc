import { z } from 'zod';
import { authorize } from '../../access/policy.ts';
import { latestScore, recordChurnAction, type ChurnActionKind } from '../../churn/index.ts';
import { messageReply, refusalReply, type AnswerContext } from '../answers/common.ts';
import { t } from '../format.ts';
import type { Reply } from '../types.ts';
import { positiveId } from './core.ts';
import { verb, type VerbTable } from './types.ts';

const schema = z.object({ clientId: positiveId });
const hints = { clientId: { fr: 'un numéro de client (entier positif)', en: 'a client id (positive integer)' } };

const DONE: Record<ChurnActionKind, { fr: string; en: string }> = {
  appel: { fr: 'appel fait', en: 'call done' },
  offre: { fr: 'offre fidélité envoyée', en: 'loyalty offer sent' },
  ignore: { fr: 'alerte ignorée', en: 'alert ignored' },
};

/** Records what the planner did about an at-risk client (churn_actions), after the access check. */
function record(ctx: AnswerContext, clientId: number, action: ChurnActionKind): Reply {
  const decision = authorize(ctx.user, { kind: 'churn' });
  if (!decision.allowed) return refusalReply(decision, ctx.lang);
  const client = ctx.db.prepare('SELECT nom, prenom FROM dim_clients WHERE client_id = ?').get(clientId) as { nom: string; prenom: string | null } | undefined;
  if (!client) return messageReply(t(ctx.lang, `Je ne connais pas le client n° ${clientId}.`, `I do not know client #${clientId}.`), { color: 'Attention' });
  const name = client.prenom ? `${client.prenom} ${client.nom}` : client.nom;
  const score = latestScore(ctx.db, clientId);
  recordChurnAction(ctx.db, { clientId, action, at: ctx.now.toISOString(), userEmail: ctx.user.email, score: score?.score ?? null, risque: score?.risque ?? null });
  return messageReply(t(ctx.lang, `Noté pour ${name} : ${DONE[action].fr}.`, `Noted for ${name}: ${DONE[action].en}.`), { color: 'Good' });
}

/** Action.Execute verbs of the churn cards: the three buttons of the list and alert cards. */
export const CHURN_VERBS: VerbTable = {
  'churn.called': verb(schema, (ctx, data) => record(ctx, data.clientId, 'appel'), hints),
  'churn.offer_sent': verb(schema, (ctx, data) => record(ctx, data.clientId, 'offre'), hints),
  'churn.ignored': verb(schema, (ctx, data) => record(ctx, data.clientId, 'ignore'), hints),
};
