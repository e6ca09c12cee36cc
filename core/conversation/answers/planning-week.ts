import { formatPeriod, t } from '../format.ts';
import type { Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

/** `planning.week`: recognised; the weekly view comes with the planning optimiser. */
export function answerPlanningWeek(ctx: AnswerContext): Reply {
  const { lang, entities } = ctx;
  const period = entities.period ? formatPeriod(entities.period, lang) : t(lang, 'cette semaine', 'this week');
  const who = entities.technician ? t(lang, ` de ${entities.technician.name}`, ` for ${entities.technician.name}`) : '';
  return comingSoon(
    ctx,
    `Le planning${who} (${period}) arrive bientôt : la vue hebdomadaire est en cours de construction. En attendant, demandez une tournée jour par jour (« tournée de lundi »).`,
    `The planning${who} (${period}) is coming soon: the weekly view is being built. Meanwhile, ask for a route day by day (“route for Monday”).`,
  );
}
