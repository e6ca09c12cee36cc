import { z } from 'zod';
import { markAlertDone } from '../../survey/index.ts';
import { messageReply } from '../answers/common.ts';
import { t } from '../format.ts';
import type { Reply } from '../types.ts';
import { positiveId } from './core.ts';
import { CALL_DONE_VERB, loadSurveyAlert, surveyAlertReply } from './survey-alert.ts';
import { verb, type VerbTable } from './types.ts';

const schema = z.object({ alertId: positiveId });
const hints = { alertId: { fr: 'un numéro d’alerte (entier positif)', en: 'an alert id (positive integer)' } };

/**
 * "Appel fait" on a survey alert card: planning and direction only; the alert is marked handled (by whom, when)
 * and the card comes back updated, without its button; a second click says it was already done, by whom.
 */
export const SURVEY_VERBS: VerbTable = {
  [CALL_DONE_VERB]: verb(
    schema,
    (ctx, data): Reply => {
      const { db, user, lang } = ctx;
      if (user.role !== 'planning' && user.role !== 'direction') {
        return messageReply(
          t(lang, 'Désolé, seuls le planning et la direction peuvent marquer l’appel d’un client comme fait.', 'Sorry, only planning and management can mark a client call as done.'),
          { color: 'Attention' },
        );
      }
      if (!loadSurveyAlert(db, data.alertId)) {
        return messageReply(t(lang, `Je ne trouve pas l’alerte n° ${data.alertId}.`, `I cannot find alert #${data.alertId}.`), { color: 'Attention' });
      }
      const result = markAlertDone(db, data.alertId, user.userId, ctx.now);
      const reply = surveyAlertReply(db, data.alertId, lang, { reader: user, alreadyDone: result.alreadyDone });
      if (!reply || (!result.ok && !result.alreadyDone)) {
        return messageReply(t(lang, `L’alerte n° ${data.alertId} n’a pas pu être marquée.`, `Alert #${data.alertId} could not be marked.`), { color: 'Attention' });
      }
      return reply;
    },
    hints,
  ),
};
