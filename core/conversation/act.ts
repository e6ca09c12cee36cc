import type { z } from 'zod';
import type { User } from '../access/types.ts';
import type { Db } from '../warehouse/db.ts';
import { messageReply } from './answers/common.ts';
import { todayIso } from './dates.ts';
import { t } from './format.ts';
import type { Lang, Reply } from './types.ts';
import { VERBS, type VerbHandler } from './verbs/index.ts';

export const VERB_NAMES = Object.keys(VERBS);

function badData(verb: string, handler: VerbHandler, error: z.ZodError, lang: Lang): Reply {
  const fields = [...new Set(error.issues.map((i) => String(i.path[0] ?? '')))];
  const detail = fields
    .map((f) => (f === '' ? t(lang, 'un objet est attendu', 'an object is expected') : `${f} : ${handler.hints?.[f]?.[lang] ?? t(lang, 'valeur invalide', 'invalid value')}`))
    .join(' ; ');
  return messageReply(t(lang, `Données invalides pour l’action « ${verb} » — ${detail}.`, `Invalid data for the action “${verb}” — ${detail}.`), { color: 'Attention' });
}

export interface ActInput {
  verb: string;
  data: unknown;
  user: User;
  now: Date;
}

/**
 * Handles an Adaptive Card Action.Execute through the verb table (verbs/): the data is checked with the verb's
 * schema first. An unknown verb or bad data gives a clear reply, never a throw.
 */
export function act(db: Db, input: ActInput): Reply {
  const { verb, data, user, now } = input;
  const lang = user.langue;
  const handler = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!handler) {
    return messageReply(
      t(lang, `Action inconnue : « ${String(verb).slice(0, 60)} ». Actions possibles : ${VERB_NAMES.join(', ')}.`, `Unknown action: “${String(verb).slice(0, 60)}”. Known actions: ${VERB_NAMES.join(', ')}.`),
      { color: 'Attention' },
    );
  }
  const parsed = handler.schema.safeParse(data);
  if (!parsed.success) return badData(verb, handler, parsed.error, lang);
  return handler.run({ db, user, now, today: todayIso(now), lang, entities: {} }, parsed.data);
}
