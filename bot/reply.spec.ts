import { describe, expect, it } from 'vitest';
import { cleanText, invokeError, toInvokeResponse, toMessage } from './reply.ts';

const bot = { id: '28:bot', name: 'SAV' };

describe('cleanText', () => {
  it('strips the bot @mention, keeps the names of other mentions', () => {
    const text = cleanText({
      text: '<at>SAV</at> route for <at>Gaëtan Morel</at> today',
      recipient: bot,
      entities: [
        { type: 'mention', text: '<at>SAV</at>', mentioned: bot },
        { type: 'mention', text: '<at>Gaëtan Morel</at>', mentioned: { id: '29:g', name: 'Gaëtan Morel' } },
      ],
    } as never);
    expect(text).toBe('route for Gaëtan Morel today');
  });
  it('no text → empty string', () => {
    expect(cleanText({ recipient: bot } as never)).toBe('');
  });
});

describe('toMessage / toInvokeResponse', () => {
  const card = { type: 'AdaptiveCard', version: '1.5', body: [] };
  it('a card goes as an Adaptive Card attachment with the text as summary and fallback', () => {
    const m = toMessage({ text: 'Tournée de Gaëtan', card });
    expect(m.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(m.attachments?.[0]?.content).toMatchObject({ type: 'AdaptiveCard', fallbackText: 'Tournée de Gaëtan' });
    expect((m as unknown as { summary: string }).summary).toBe('Tournée de Gaëtan');
  });
  it('text alone when there is no card', () => {
    const m = toMessage({ text: 'Bonjour', card: null });
    expect(m.text).toBe('Bonjour');
    expect(m.attachments ?? []).toHaveLength(0);
  });
  it('invoke: the card, the message or an error', () => {
    expect(toInvokeResponse({ text: 't', card })).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
    expect(toInvokeResponse({ text: 't', card: null })).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 't' });
    expect(invokeError(400, 'no verb')).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: 'no verb' } });
  });
});
