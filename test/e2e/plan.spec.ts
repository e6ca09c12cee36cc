/**
 * The weekly plan through the running bot: "planning de la semaine prochaine" → an immediate answer, then the
 * suggestion card as a follow-up; Accepter (plan.accept) writes planned_interventions; a second accept is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { FakeChannel, type CapturedActivity } from './fake-channel.ts';
import { NOW, cardText, demoDb, invokeActivity, localConfig, logCapture, messageActivity, postJson, type TempDb } from './helpers.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const CONV = 'a:conv-plan';

let temp: TempDb;
let channel: FakeChannel;
let bot: BotApp;
let messages: string;
const previousLimit = process.env.PLAN_TIME_LIMIT_S;

beforeAll(async () => {
  process.env.PLAN_TIME_LIMIT_S = '2';
  temp = demoDb();
  channel = new FakeChannel();
  await channel.start();
  bot = createBotApp({ db: temp.db, config: localConfig(), now: () => NOW, logger: createLogger('info', logCapture().stream) });
  messages = (await bot.start()).url;
});

afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  temp?.cleanup();
  if (previousLimit === undefined) delete process.env.PLAN_TIME_LIMIT_S;
  else process.env.PLAN_TIME_LIMIT_S = previousLimit;
});

const cardOf = (a: CapturedActivity): Record<string, unknown> | undefined =>
  a.activity.attachments?.find((x) => x.contentType === ADAPTIVE)?.content as Record<string, unknown> | undefined;

type Action = { verb: string; data: { planId: number; version: number } };

describe('weekly plan in Teams (LOCAL mode, fake Bot Connector)', () => {
  it('asks the plan, gets the card as a follow-up, accepts it once, a second accept is refused', async () => {
    const mark = channel.mark();
    const res = await postJson(messages, messageActivity('planning de la semaine prochaine', { serviceUrl: channel.url, conversationId: CONV }));
    expect(res.status).toBe(200);
    const first = await channel.waitFor((a) => a.conversationId === CONV && a.activity.type === 'message', mark);
    expect(`${first.activity.text ?? ''} ${cardText(cardOf(first))}`).toMatch(/Je calcule le planning/);

    const follow = await channel.waitFor((a) => a.conversationId === CONV && /Planning proposé/.test(cardText(cardOf(a))), mark, 60_000);
    const card = cardOf(follow)!;
    const actions = card.actions as Action[];
    expect(actions.map((a) => a.verb)).toEqual(['plan.accept', 'plan.reject', 'plan.regenerate']);
    const { planId, version } = actions[0]!.data;

    const accept = { action: { type: 'Action.Execute', verb: 'plan.accept', data: { planId, version } } };
    const accepted = await postJson(messages, invokeActivity(accept, { serviceUrl: channel.url, conversationId: CONV }));
    expect(accepted.body).toMatchObject({ statusCode: 200, type: ADAPTIVE });
    expect(cardText((accepted.body as { value: unknown }).value)).toMatch(/Accepté par Clothilde Martin/);

    const lines = temp.db.prepare('SELECT planned_id, technicien_id, date_prevue, ordre FROM plan_lines WHERE plan_id = ? AND technicien_id IS NOT NULL').all(planId) as {
      planned_id: number;
      technicien_id: number;
      date_prevue: string;
      ordre: number;
    }[];
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(temp.db.prepare('SELECT technicien_id, date_prevue, ordre, statut FROM planned_interventions WHERE planned_id = ?').get(l.planned_id)).toEqual({
        technicien_id: l.technicien_id,
        date_prevue: l.date_prevue,
        ordre: l.ordre,
        statut: 'planifie',
      });
    }

    const again = await postJson(messages, invokeActivity(accept, { serviceUrl: channel.url, conversationId: CONV }));
    const text = cardText((again.body as { value: unknown }).value);
    expect(text).toMatch(/déjà été traité/);
    expect(text).toMatch(/Accepté par Clothilde Martin/);
  });

  it('"interventions à planifier" lists the pending jobs, most urgent first', async () => {
    const mark = channel.mark();
    await postJson(messages, messageActivity('interventions à planifier', { serviceUrl: channel.url, conversationId: CONV }));
    const reply = await channel.waitFor((a) => a.conversationId === CONV && a.activity.type === 'message', mark);
    expect(cardText(cardOf(reply))).toMatch(/à planifier/);
  });
});
