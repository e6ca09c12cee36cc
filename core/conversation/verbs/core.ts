import { format, isValid, parseISO } from 'date-fns';
import { z } from 'zod';
import { answerHelp } from '../answers/help.ts';
import { routeReply } from '../answers/route.ts';
import { ask, MAX_TEXT_LENGTH } from '../ask.ts';
import { verb, type VerbTable } from './types.ts';

export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => isValid(parseISO(s)) && format(parseISO(s), 'yyyy-MM-dd') === s);

export const positiveId = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive());

/** The verbs of the foundation: ask the bot, redraw a route, show the help. */
export const CORE_VERBS: VerbTable = {
  ask: verb(z.object({ text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) }), (ctx, data) => ask(ctx.db, { text: data.text, user: ctx.user, now: ctx.now }).reply, {
    text: { fr: 'un texte de 1 à 2 000 caractères', en: 'a text of 1 to 2,000 characters' },
  }),
  'route.refresh': verb(z.object({ technicienId: positiveId, date: isoDay }), (ctx, data) => routeReply(ctx.db, ctx.user, data.technicienId, data.date, ctx.lang), {
    technicienId: { fr: 'un numéro de technicien (entier positif)', en: 'a technician id (positive integer)' },
    date: { fr: 'une date AAAA-MM-JJ', en: 'a date YYYY-MM-DD' },
  }),
  help: verb(z.unknown(), (ctx) => answerHelp(ctx)),
};
