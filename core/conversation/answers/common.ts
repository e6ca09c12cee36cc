import { renderCard, type ExecuteButton, type MessageCardData } from '../../../cards/index.ts';
import type { User } from '../../access/types.ts';
import type { AccessDecision } from '../../access/policy.ts';
import type { Db } from '../../warehouse/db.ts';
import type { Entities, Lang, Reply } from '../types.ts';

/** What every answer gets: the database, who asks, when, in which language, and the entities read. */
export interface AnswerContext {
  db: Db;
  user: User;
  now: Date;
  /** Europe/Paris date of `now` */
  today: string;
  lang: Lang;
  entities: Entities;
}

export interface MessageOptions {
  title?: string;
  color?: MessageCardData['color'];
  facts?: MessageCardData['facts'];
  actions?: ExecuteButton[];
}

/** A text reply and the same text as a simple message card. */
export function messageReply(text: string, options: MessageOptions = {}): Reply {
  const card = renderCard('message', {
    title: options.title ?? '',
    text,
    color: options.color ?? 'Default',
    facts: options.facts ?? [],
    actions: options.actions ?? [],
  });
  return { text: options.title ? `${options.title}\n${text}` : text, card };
}

/** The polite refusal of the access policy, in the reply language. */
export function refusalReply(decision: Extract<AccessDecision, { allowed: false }>, lang: Lang): Reply {
  const text = decision.message[lang];
  return { text, card: renderCard('message', { title: '', text, color: 'Attention', facts: [], actions: [] }) };
}

/** An "ask the bot" button (verb 'ask'). */
export function askButton(title: string, text: string = title): ExecuteButton {
  return { title, verb: 'ask', data: { text } };
}
