import type { Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

/** `alerts.contracts`: recognised; the alerts come with the contract module. */
export function answerAlertsContracts(ctx: AnswerContext): Reply {
  return comingSoon(
    ctx,
    'Les contrats qui arrivent à échéance arrivent bientôt : les alertes de renouvellement sont en cours de construction.',
    'Contracts coming to an end are coming soon: renewal alerts are being built.',
  );
}
