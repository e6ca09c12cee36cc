import type { Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

/** `planning.pending`: how many interventions wait for a slot; the detailed list comes with the optimiser. */
export function answerPlanningPending(ctx: AnswerContext): Reply {
  const { n } = ctx.db.prepare("SELECT COUNT(*) AS n FROM planned_interventions WHERE statut = 'a_planifier'").get() as { n: number };
  const fr = n === 0 ? 'Aucune intervention n’attend d’être planifiée.' : `${n} intervention${n > 1 ? 's attendent' : ' attend'} d’être planifiée${n > 1 ? 's' : ''}.`;
  const en = n === 0 ? 'No intervention is waiting to be planned.' : `${n} intervention${n > 1 ? 's are' : ' is'} waiting to be planned.`;
  return comingSoon(ctx, `${fr} La liste détaillée arrive bientôt : l’optimiseur de planning est en cours de construction.`, `${en} The detailed list is coming soon: the planning optimiser is being built.`);
}
