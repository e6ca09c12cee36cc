import { z } from 'zod';
import { SURVEY_CHANNELS, SURVEY_STATUSES } from '../../warehouse/schema.ts';
import { parisDate } from '../../warehouse/calendar.ts';
import { applyAliases, bool, cutText, datetime, int, oneOf, opt, overlong, reference, req } from '../fields.ts';
import type { ParsedInput } from '../parse.ts';
import { known, singleGroup, upsertSpec, validate, type RecordGroup } from '../spec.ts';
import { RowError } from '../types.ts';

const COMMENT_MAX = 500;
const COMMENTS = ['professionnel_commentaire', 'delai_commentaire', 'probleme_commentaire', 'suggestion'] as const;

const schema = z.object({
  intervention_ref: req(reference()),
  canal: req(oneOf(SURVEY_CHANNELS)),
  statut: opt(oneOf(SURVEY_STATUSES)),
  envoye_at: opt(datetime()),
  relance_at: opt(datetime()),
  repondu_at: opt(datetime()),
  nps: opt(int({ min: 0, max: 10 })),
  professionnel: opt(bool()),
  professionnel_commentaire: opt(cutText(COMMENT_MAX)),
  delai_respecte: opt(bool()),
  delai_commentaire: opt(cutText(COMMENT_MAX)),
  probleme_resolu: opt(bool()),
  probleme_commentaire: opt(cutText(COMMENT_MAX)),
  suggestion: opt(cutText(COMMENT_MAX)),
});

/**
 * Satisfaction survey answers → fact_satisfaction, one per intervention (keyed by the intervention;
 * source_ref = its source_ref). Client and technician come from the intervention. Without a `statut`
 * column: complete when answered, envoye when sent, else planifie. Comments over 500 characters are cut
 * (with a warning), not rejected.
 */
export const surveyAnswers = upsertSpec({
  name: 'survey answers',
  required: ['intervention_ref', 'canal'],
  aliases: {
    intervention_ref: ['intervention', 'intervention_id', 'source_ref', 'ref_intervention'],
    canal: ['channel'],
    envoye_at: ['sent_at', 'date_envoi'],
    repondu_at: ['answered_at', 'date_reponse'],
    suggestion: ['suggestions'],
  },
  plan({ refs }, data) {
    const { intervention_ref, ...v } = validate(this, schema, data);
    if (known(v.envoye_at) && known(v.repondu_at) && Date.parse(v.repondu_at) < Date.parse(v.envoye_at)) {
      throw new RowError(`repondu_at: ${v.repondu_at} is before envoye_at ${v.envoye_at}`);
    }
    const i = refs.intervention(intervention_ref, 'intervention_ref');
    const answered = known(v.repondu_at) || [v.nps, v.professionnel, v.delai_respecte, v.probleme_resolu].some(known);
    const statut = v.statut ?? (answered ? 'complete' : known(v.envoye_at) ? 'envoye' : 'planifie');
    const day = v.repondu_at ?? v.envoye_at;
    const row = {
      ...v,
      statut,
      source_ref: i.source_ref,
      intervention_id: i.intervention_id,
      client_id: i.client_id,
      technicien_id: i.technicien_id,
      date_id: known(day) ? refs.dateId(parisDate(new Date(day))) : day,
    };
    const warnings = overlong(applyAliases(data, this.aliases), Object.fromEntries(COMMENTS.map((c) => [c, COMMENT_MAX])));
    return { table: 'fact_satisfaction', key: 'intervention_id', row, warnings };
  },
});

export function routeSurvey(parsed: ParsedInput): RecordGroup[] {
  return singleGroup(surveyAnswers, parsed.records, parsed.columns);
}
