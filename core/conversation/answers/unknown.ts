import { t } from '../format.ts';
import type { Reply } from '../types.ts';
import { askButton, messageReply, type AnswerContext } from './common.ts';
import { suggestions } from './help.ts';

/** `unknown`: a polite sentence and 3 suggestions the user may ask. */
export function answerUnknown(ctx: AnswerContext): Reply {
  const ideas = suggestions(ctx.db, ctx.user, ctx.lang, 3);
  const text = t(
    ctx.lang,
    `Désolé, je n’ai pas compris votre demande. Essayez par exemple : ${ideas.map((x) => `« ${x.text} »`).join(', ')} — ou « aide ».`,
    `Sorry, I did not understand. Try for example: ${ideas.map((x) => `“${x.text}”`).join(', ')} — or “help”.`,
  );
  return messageReply(text, { actions: ideas.map((x) => askButton(x.label, x.text)) });
}

/** A message over the length limit: refused politely, never parsed. */
export function answerTooLong(ctx: Pick<AnswerContext, 'lang'>, length: number, max: number): Reply {
  const n = (x: number) => new Intl.NumberFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB').format(x);
  return messageReply(
    t(
      ctx.lang,
      `Votre message est trop long (${n(length)} caractères, ${n(max)} au maximum). Pouvez-vous le raccourcir ?`,
      `Your message is too long (${n(length)} characters, ${n(max)} at most). Could you shorten it?`,
    ),
    { color: 'Attention' },
  );
}
