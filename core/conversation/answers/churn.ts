import type { Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

/** `churn.at_risk`: recognised; the list comes with the churn model. */
export function answerChurn(ctx: AnswerContext): Reply {
  return comingSoon(
    ctx,
    'Les clients à risque arrivent bientôt : le modèle de churn est en cours de construction.',
    'Clients at risk are coming soon: the churn model is being built.',
  );
}
