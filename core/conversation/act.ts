import { parseISO, isValid, format } from 'date-fns';
import { z } from 'zod';
import type { User } from '../access/types.ts';
import type { Db } from '../warehouse/db.ts';
import { answerHelp } from './answers/help.ts';
import { messageReply } from './answers/common.ts';
import { routeReply } from './answers/route.ts';
import { ask, MAX_TEXT_LENGTH } from './ask.ts';
import { todayIso } from './dates.ts';
import { t } from './format.ts';
import type { Lang, Reply } from './types.ts';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => isValid(parseISO(s)) && format(parseISO(s), 'yyyy-MM-dd') === s);

/** The Action.Execute verbs the cards use, and the data each carries (extra fields are ignored). */
const VERBS = {
  ask: z.object({ text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) }),
  'route.refresh': z.object({
    technicienId: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive()),
    date: isoDay,
  }),
  help: z.unknown(),
} as const;
export type Verb = keyof typeof VERBS;
export const VERB_NAMES = Object.keys(VERBS) as Verb[];

const FIELD_HINTS: Record<string, { fr: string; en: string }> = {
  text: { fr: 'un texte de 1 à 2 000 caractères', en: 'a text of 1 to 2,000 characters' },
  technicienId: { fr: 'un numéro de technicien (entier positif)', en: 'a technician id (positive integer)' },
  date: { fr: 'une date AAAA-MM-JJ', en: 'a date YYYY-MM-DD' },
};

function badData(verb: string, error: z.ZodError, lang: Lang): Reply {
  const fields = [...new Set(error.issues.map((i) => String(i.path[0] ?? '')))];
  const detail = fields
    .map((f) => (f === '' ? t(lang, 'un objet est attendu', 'an object is expected') : `${f} : ${FIELD_HINTS[f]?.[lang] ?? t(lang, 'valeur invalide', 'invalid value')}`))
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
 * Handles an Adaptive Card Action.Execute: `ask` {text} asks the bot, `route.refresh` {technicienId, date}
 * redraws a route, `help` shows the help. An unknown verb or bad data gives a clear reply, never a throw.
 */
export function act(db: Db, input: ActInput): Reply {
  const { verb, data, user, now } = input;
  const lang = user.langue;
  if (!Object.hasOwn(VERBS, verb)) {
    return messageReply(
      t(lang, `Action inconnue : « ${String(verb).slice(0, 60)} ». Actions possibles : ${VERB_NAMES.join(', ')}.`, `Unknown action: “${String(verb).slice(0, 60)}”. Known actions: ${VERB_NAMES.join(', ')}.`),
      { color: 'Attention' },
    );
  }
  switch (verb as Verb) {
    case 'ask': {
      const parsed = VERBS.ask.safeParse(data);
      if (!parsed.success) return badData(verb, parsed.error, lang);
      return ask(db, { text: parsed.data.text, user, now }).reply;
    }
    case 'route.refresh': {
      const parsed = VERBS['route.refresh'].safeParse(data);
      if (!parsed.success) return badData(verb, parsed.error, lang);
      return routeReply(db, user, parsed.data.technicienId, parsed.data.date, lang);
    }
    case 'help':
      return answerHelp({ db, user, now, today: todayIso(now), lang, entities: {} });
  }
}
