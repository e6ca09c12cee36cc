import {
  MessageActivityInput,
  stripMentionsText,
  type AdaptiveCardActionCardResponse,
  type AdaptiveCardActionErrorResponse,
  type AdaptiveCardActionMessageResponse,
  type IMessageActivity,
} from '@microsoft/teams.api';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { Reply } from '../core/conversation/types.ts';

/** The user's text without the bot's @mention; other mentions keep their name ("<at>Gaëtan</at>" → "Gaëtan"). */
export function cleanText(activity: Pick<IMessageActivity, 'text' | 'entities' | 'recipient'>): string {
  const withoutBot = activity.text ? (stripMentionsText(activity as IMessageActivity, { accountId: activity.recipient?.id }) ?? '') : '';
  return withoutBot
    .replace(/<\/?at>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A core reply as a Teams message: the Adaptive Card (the text as its summary and fallback), or the text alone. */
export function toMessage(reply: Reply): MessageActivityInput {
  if (!reply.card) return new MessageActivityInput(reply.text);
  const card = { fallbackText: reply.text, ...reply.card } as unknown as IAdaptiveCard;
  return new MessageActivityInput(undefined, { summary: reply.text }).addCard('adaptive', card);
}

export type CardActionResponse = AdaptiveCardActionCardResponse | AdaptiveCardActionMessageResponse | AdaptiveCardActionErrorResponse;

/** A core reply as the Universal Actions answer to Action.Execute: the card replaces the clicked one, else a message. */
export function toInvokeResponse(reply: Reply): CardActionResponse {
  if (reply.card) {
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card as unknown as IAdaptiveCard };
  }
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text };
}

export function invokeError(statusCode: 400 | 500, message: string): AdaptiveCardActionErrorResponse {
  return {
    statusCode,
    type: 'application/vnd.microsoft.error',
    value: { code: statusCode === 400 ? 'BadRequest' : 'InternalError', message, innerHttpError: { statusCode, body: { error: message } } },
  };
}
