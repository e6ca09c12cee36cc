/**
 * Chat text and card action payloads: ask() with arbitrary unicode (and word salads of keywords, names, dates,
 * emoji, control characters) always answers — a non-empty text and a card or none, an intent of the list — and
 * never throws; act() with any verb and any `data` (prototype keys, deep objects, wrong types) answers too; and
 * the /api/messages invoke path with an arbitrary `value` answers 200 with an invoke response (a 400 error
 * response for a bad payload), the bot staying up.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { listUsers } from '../../core/access/index.ts';
import type { User } from '../../core/access/types.ts';
import { act, ask, VERB_NAMES } from '../../core/conversation/index.ts';
import { FIXTURE_NOW, seedFixture } from '../../core/conversation/fixtures.ts';
import { INTENTS } from '../../core/conversation/types.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { FakeChannel } from '../e2e/fake-channel.ts';
import { invokeActivity, localConfig, logCapture, postJson } from '../e2e/helpers.ts';

let db: Db;
let users: User[];

beforeAll(() => {
  db = openDb(':memory:');
  seedFixture(db);
  users = listUsers(db);
});
afterAll(() => db?.close());

const WORDS = [
  'tournée', 'route', 'planning', 'semaine', 'CA', 'ca', 'ça', 'finance', 'marge', 'kpi', 'churn', 'risque', 'contrats', 'retard', 'enquête', 'aide',
  'help', 'Gaëtan', 'Karim', 'Julien', 'Lucas', 'Thomas', 'Morel', 'Benali', 'Dupont', 'téléphone', 'demain', 'hier', 'lundi', 'aujourd’hui',
  'today', 'tomorrow', '2026-12-01', '2026-W49', '31/02/2026', '2026-13', 'zone', '3', '0', '-1', '99999999999999999999', 'semaine prochaine',
  'mois dernier', 'top clients', 'ROI', 'heat map', 'NPS', '?', '!', '…', '🙂', '👩🏽‍🔧', '\u0000', '\u200b', '\u202e', '\uFEFF', '\n', '\t', 'ﬁ', 'İ', 'ß',
  '<at>bot</at>', '/as', 'DROP TABLE users;--', '%s', '${x}', '{{x}}', '__proto__', 'constructor',
];

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' ')),
  fc.tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), fc.string({ maxLength: 30 })).map(([w, s]) => `${w.join(' ')} ${s}`),
  fc.integer({ min: 1990, max: 2500 }).map((n) => 'a'.repeat(n)),
);

function expectReply(reply: { text: unknown; card: unknown }): void {
  if (typeof reply.text !== 'string' || reply.text.trim() === '') throw new Error(`empty reply text: ${JSON.stringify(reply.text)}`);
  if (reply.card !== null && (typeof reply.card !== 'object' || (reply.card as { type?: string }).type !== 'AdaptiveCard')) throw new Error('a card that is not an AdaptiveCard');
}

describe('ask() on arbitrary text', () => {
  it('always answers, for every user', () => {
    fc.assert(
      fc.property(fc.nat(), text, (u, t) => {
        const r = ask(db, { text: t, user: users[u % users.length]!, now: FIXTURE_NOW });
        if (!(INTENTS as readonly string[]).includes(r.intent)) throw new Error(`unknown intent ${r.intent}`);
        expectReply(r.reply);
      }),
      { numRuns: 300 },
    );
  });

  it('a non-string text (from a loose caller) answers too', () => {
    for (const t of [undefined, null, 42, {}, ['tournée']] as unknown[]) expectReply(ask(db, { text: t as string, user: users[0]!, now: FIXTURE_NOW }).reply);
  });
});

/** Data as a forged or broken card may send it. */
const data = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
  fc.record(
    {
      technicienId: fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.double(), fc.constant(null)),
      date: fc.oneof(fc.constantFrom('2026-12-01', '2026-02-30', '0000-00-00', '9999-12-31', ''), fc.string({ maxLength: 12 })),
      planId: fc.oneof(fc.integer(), fc.string({ maxLength: 6 })),
      version: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })),
      clientId: fc.oneof(fc.integer(), fc.string({ maxLength: 6 })),
      dashboard: fc.constantFrom('direction', 'planning', 'technicians', 'quality', 'finance', 'roi', '', 'x'),
      period: fc.oneof(fc.constantFrom('2026-11', '2026-W48', '2026-13', '2026-W60', '0000-00'), fc.string({ maxLength: 8 })),
      zoneId: fc.oneof(fc.integer(), fc.string({ maxLength: 3 })),
      kpi: fc.oneof(fc.constantFrom('nps', 'km', 'ca', 'roi', 'heatmap', 'words', 'top_clients'), fc.string({ maxLength: 8 })),
      text,
      __proto__: fc.constant({ polluted: true }),
    },
    { requiredKeys: [] },
  ),
);

const verb = fc.oneof(fc.constantFrom(...VERB_NAMES), fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString', ''));

describe('act() on arbitrary payloads', () => {
  it('always answers, never throws', () => {
    fc.assert(
      fc.property(fc.nat(), verb, data, (u, v, d) => {
        const reply = act(db, { verb: v, data: d, user: users[u % users.length]!, now: FIXTURE_NOW });
        expectReply(reply);
      }),
      { numRuns: 500 },
    );
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('the /api/messages invoke path with an arbitrary value', () => {
  let channel: FakeChannel;
  let bot: BotApp;
  let url: string;
  beforeAll(async () => {
    channel = new FakeChannel();
    await channel.start();
    bot = createBotApp({ db, config: localConfig(), now: () => FIXTURE_NOW, logger: createLogger('info', logCapture().stream) });
    url = (await bot.start()).url;
  });
  afterAll(async () => {
    await bot?.stop();
    await channel?.stop();
  });

  it('answers 200 with an invoke response: a card/message, or a 400 error naming the problem', async () => {
    const value = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ action: fc.oneof(fc.anything({ maxDepth: 2 }), fc.record({ type: fc.constantFrom('Action.Execute', 'Action.Submit', ''), verb, data }, { requiredKeys: [] })) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const res = await postJson(url, invokeActivity(v, { serviceUrl: channel.url, conversationId: 'a:conv-prop' }));
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
        const body = res.body as { statusCode?: number; type?: string; value?: unknown };
        if (body.statusCode === 400) {
          if (body.type !== 'application/vnd.microsoft.error' || !/invalid|invalide/i.test(JSON.stringify(body.value))) throw new Error(`unclear 400: ${JSON.stringify(body)}`);
        } else if (body.statusCode !== 200) throw new Error(`unexpected invoke response ${JSON.stringify(body).slice(0, 300)}`);
      }),
      { numRuns: 80 },
    );
    await bot.idle();
    expect((await fetch(url.replace('/api/messages', '/healthz'))).status).toBe(200);
  });
});
