import { z } from 'zod';
import { authorize } from '../../access/policy.ts';
import { decidePlan, getPlan } from '../../planning/plans.ts';
import { computePlanReply, planReply } from '../answers/planning-week.ts';
import { messageReply, refusalReply, type AnswerContext } from '../answers/common.ts';
import { t } from '../format.ts';
import type { Reply } from '../types.ts';
import { positiveId } from './core.ts';
import { verb, type VerbTable } from './types.ts';

const planData = z.object({ planId: positiveId, version: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(1)) });
const hints = {
  planId: { fr: 'un numéro de planning (entier positif)', en: 'a plan id (positive integer)' },
  version: { fr: 'la version du planning (entier positif)', en: 'the plan version (positive integer)' },
};

function decide(ctx: AnswerContext, data: z.output<typeof planData>, decision: 'accepted' | 'rejected'): Reply {
  const { lang } = ctx;
  const allowed = authorize(ctx.user, { kind: 'planning.decide' });
  if (!allowed.allowed) return refusalReply(allowed, lang);
  const outcome = decidePlan(ctx.db, { planId: data.planId, version: data.version, decision, user: ctx.user, now: ctx.now });
  if (outcome.ok) return planReply(ctx.db, outcome.plan.plan_id, lang);
  if (outcome.reason === 'not_found') return messageReply(t(lang, `Je ne trouve pas le planning n° ${data.planId}.`, `I cannot find plan #${data.planId}.`), { color: 'Attention' });
  const note =
    outcome.reason === 'data_changed'
      ? t(lang, 'Les interventions ou les techniciens ont changé depuis le calcul : ce planning ne peut plus être accepté, régénérez-le.', 'Jobs or technicians changed since this plan was computed: it can no longer be accepted, regenerate it.')
      : outcome.reason === 'already_decided'
        ? t(lang, 'Ce planning a déjà été traité : rien n’a été modifié.', 'This plan was already decided: nothing was changed.')
        : t(lang, 'Cette carte n’est plus à jour : rien n’a été modifié.', 'This card is out of date: nothing was changed.');
  return planReply(ctx.db, outcome.plan.plan_id, lang, note);
}

/** Action.Execute verbs of the planning cards: accept, reject, regenerate a suggested weekly plan. */
export const PLANNING_VERBS: VerbTable = {
  'plan.accept': verb(planData, (ctx, data) => decide(ctx, data, 'accepted'), hints),
  'plan.reject': verb(planData, (ctx, data) => decide(ctx, data, 'rejected'), hints),
  'plan.regenerate': verb(
    planData,
    (ctx, data) => {
      const allowed = authorize(ctx.user, { kind: 'planning.week', technicienId: null });
      if (!allowed.allowed) return refusalReply(allowed, ctx.lang);
      const plan = getPlan(ctx.db, data.planId);
      if (!plan) return messageReply(t(ctx.lang, `Je ne trouve pas le planning n° ${data.planId}.`, `I cannot find plan #${data.planId}.`), { color: 'Attention' });
      return computePlanReply(ctx.db, ctx.user, ctx.now, plan.semaine, ctx.lang);
    },
    hints,
  ),
};
