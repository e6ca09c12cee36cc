import type { Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

/** `survey.status`: recognised; the figures come with the survey engine. */
export function answerSurveyStatus(ctx: AnswerContext): Reply {
  return comingSoon(
    ctx,
    'Le suivi des enquêtes de satisfaction arrive bientôt : le moteur d’enquête SMS est en cours de construction.',
    'Satisfaction survey follow-up is coming soon: the SMS survey engine is being built.',
  );
}
