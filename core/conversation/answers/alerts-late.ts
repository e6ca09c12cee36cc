import type { Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

/** `alerts.late`: recognised; the alerts come with the follow-up module. */
export function answerAlertsLate(ctx: AnswerContext): Reply {
  return comingSoon(
    ctx,
    'Le suivi des interventions en retard arrive bientôt : les alertes sont en cours de construction.',
    'Late interventions are coming soon: the alerts are being built.',
  );
}
