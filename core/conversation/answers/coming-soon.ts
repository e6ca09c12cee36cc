import { t } from '../format.ts';
import type { Reply } from '../types.ts';
import { askButton, messageReply } from './common.ts';
import type { AnswerContext } from './common.ts';

/** The honest "not there yet" reply of an intent whose answer a later issue builds. */
export function comingSoon(ctx: AnswerContext, fr: string, en: string): Reply {
  return messageReply(t(ctx.lang, fr, en), { actions: [askButton(t(ctx.lang, 'Aide', 'Help'), t(ctx.lang, 'aide', 'help'))] });
}
