/**
 * No PII in the logs: realistic turns through the running bot (createBotApp, LOCAL mode, a fake Bot Connector)
 * with pino writing every level (trace and up) to memory — messages naming clients and technicians, phone
 * numbers and emails typed by users, routes whose cards show clients' names and addresses, refusals, card
 * actions with good and forged data, ETL uploads with client rows, a welcome, a broken warehouse — then every
 * log line is checked: no email address, no phone number, no client or technician name, no address, no text a
 * user typed. Ids (userId, requestId, batchId) are what the logs carry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { FakeChannel } from '../e2e/fake-channel.ts';
import {
  ETL_TOKEN, NOW, demoDb, invokeActivity, localConfig, logCapture, membersAddedActivity, messageActivity, postJson, type TempDb,
} from '../e2e/helpers.ts';

let temp: TempDb;
let channel: FakeChannel;
let bot: BotApp;
let base: string;
let messages: string;
const logs = logCapture();

/** Everything the turns typed or sent: none of it may be logged. */
const typed: string[] = [];
let clients: { nom: string; prenom: string | null; adresse: string; telephone: string | null; email: string | null }[] = [];
let techNames: string[] = [];

beforeAll(async () => {
  temp = demoDb();
  clients = temp.db.prepare('SELECT nom, prenom, adresse, telephone, email FROM dim_clients').all() as typeof clients;
  techNames = (temp.db.prepare('SELECT prenom, nom FROM dim_techniciens').all() as { prenom: string; nom: string }[]).map((t) => `${t.prenom} ${t.nom}`);
  channel = new FakeChannel();
  await channel.start();
  bot = createBotApp({ db: temp.db, config: localConfig({ logLevel: 'trace' }), now: () => NOW, logger: createLogger('trace', logs.stream) });
  const started = await bot.start();
  base = `http://127.0.0.1:${started.port}`;
  messages = started.url;
});

afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  temp?.cleanup();
});

async function say(text: string, conversationId: string): Promise<void> {
  typed.push(text);
  const mark = channel.mark();
  const res = await postJson(messages, messageActivity(text, { serviceUrl: channel.url, conversationId }));
  expect(res.status).toBe(200);
  await channel.waitFor((a) => a.conversationId === conversationId && a.activity.type === 'message', mark);
}

async function invoke(value: unknown, conversationId: string): Promise<unknown> {
  typed.push(JSON.stringify(value));
  const res = await postJson(messages, invokeActivity(value, { serviceUrl: channel.url, conversationId }));
  expect(res.status).toBe(200);
  return res.body;
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const PHONE = /(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/;

describe('no PII in the logs', () => {
  it('realistic turns, every log level', async () => {
    const c0 = clients[0]!;
    const c1 = clients[1]!;
    const clientName = `${c0.prenom ?? ''} ${c0.nom}`.trim();
    // the planner
    for (const text of [
      'route for Gaëtan today',
      `tournée de ${techNames[2]} demain`,
      `téléphone de ${clientName}`,
      `Rappeler ${c1.nom} au 06 12 34 56 78 ou jean.dupont@example.com, il est furieux`,
      `planning de ${techNames[0]} cette semaine`,
      'CA du mois',
      'interventions à planifier',
      'aide',
      `Mon adresse est ${c0.adresse}, appelez le ${c0.telephone ?? '+33611223344'}`,
    ]) {
      await say(text, 'a:conv-planner-logs');
    }
    // switches to a technician (the /as command names an email), then their route (clients' names and addresses in the card)
    await say('/as gaetan.morel@duret-electricite.fr', 'a:conv-tech-logs');
    for (const text of ['ma tournée', `tournée de ${techNames[2]}`, `téléphone de ${clientName}`, 'marge du mois', 'blabla 0699887766']) await say(text, 'a:conv-tech-logs');
    await say('/as nobody.unknown@example.org', 'a:conv-tech-logs');

    // card actions: good, forged, and a verb that is a phone number or an email
    await invoke({ action: { type: 'Action.Execute', verb: 'ask', data: { text: `numéro de ${clientName} svp` } } }, 'a:conv-planner-logs');
    await invoke({ action: { type: 'Action.Execute', verb: 'route.refresh', data: { technicienId: 1, date: '2026-12-01' } } }, 'a:conv-planner-logs');
    await invoke({ action: { type: 'Action.Execute', verb: 'route.refresh', data: { technicienId: `${c0.nom} 0611223344`, date: 'jean.dupont@example.com' } } }, 'a:conv-planner-logs');
    await invoke({ action: { type: 'Action.Execute', verb: 'jean.dupont@example.com', data: {} } }, 'a:conv-planner-logs');
    await invoke({ action: { type: 'Action.Execute', verb: '06 12 34 56 78', data: {} } }, 'a:conv-planner-logs');
    await invoke({ action: { type: 'Action.Execute', verb: `appeler ${clientName}`, data: {} } }, 'a:conv-planner-logs');
    await invoke({ action: { type: `Action.${c1.nom}`, verb: 'ask' } }, 'a:conv-planner-logs');
    await invoke(`${clientName} 0611223344`, 'a:conv-planner-logs');

    // a welcome
    const mark = channel.mark();
    await postJson(messages, membersAddedActivity({ serviceUrl: channel.url, conversationId: 'a:conv-welcome-logs' }));
    await channel.waitFor((a) => a.conversationId === 'a:conv-welcome-logs', mark);

    // ETL: client rows with names, phones and emails, some of them rejected
    const csv = [
      'source_ref;nom;prenom;type;segment;adresse;code_postal;ville;latitude;longitude;telephone;email',
      'C900001;Zébulon-Testeur;Anatole;Particulier;Or;77 rue des Secrets;74000;Annecy;45.9;6.12;06 98 76 54 32;anatole.zebulon@example.fr',
      'C900002;Quintessa-Privée;;Professionnel;Argent;5 impasse Discrète;74600;Seynod;45.88;6.09;+33450998877;contact@quintessa.example',
      'C900003;Rejetée-Nomdefamille;Bérénice;Martien;Platine;1 rue Inconnue;7400;Nulle-Part;999;999;12;pas-un-email',
    ].join('\n');
    typed.push('Zébulon-Testeur', 'Anatole', '77 rue des Secrets', 'Quintessa-Privée', '5 impasse Discrète', 'Rejetée-Nomdefamille', 'Bérénice', '1 rue Inconnue');
    const res = await fetch(`${base}/api/etl/erp?entity=clients`, { method: 'POST', headers: { Authorization: `Bearer ${ETL_TOKEN}`, 'Content-Type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rejected: expect.any(Number) });
    const bad = await fetch(`${base}/api/etl/erp`, { method: 'POST', headers: { Authorization: `Bearer ${ETL_TOKEN}`, 'Content-Type': 'application/json' }, body: '{"clients": [{"nom": "Invalide-Json-Person", "telephone": "0611' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    typed.push('Invalide-Json-Person');
    await fetch(`${base}/api/etl/erp`, { method: 'POST', headers: { Authorization: 'Bearer jean.dupont@example.com', 'Content-Type': 'text/csv' }, body: csv });

    await bot.idle();
    expect(logs.lines.length).toBeGreaterThan(20);
    expect(logs.lines.some((l) => l.includes('"level":10') || l.includes('"level":20'))).toBe(true); // trace/debug lines were written too

    const problems: string[] = [];
    const check = (line: string, what: string, needle: string | RegExp): void => {
      const hit = typeof needle === 'string' ? (needle.length >= 5 && line.includes(needle) ? needle : null) : (needle.exec(line)?.[0] ?? null);
      if (hit) problems.push(`${what} "${hit}" in: ${line.slice(0, 300)}`);
    };
    for (const line of logs.lines) {
      check(line, 'email', EMAIL);
      check(line, 'phone', PHONE);
      for (const t of typed) check(line, 'typed text', t);
      for (const n of techNames) check(line, 'technician name', n);
      for (const c of clients) {
        check(line, 'client name', `${c.prenom ?? ''} ${c.nom}`.trim());
        check(line, 'address', c.adresse);
        if (c.telephone) check(line, 'client phone', c.telephone);
        if (c.email) check(line, 'client email', c.email);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a failing turn (warehouse gone) logs the error, not the message', async () => {
    const other = demoDb();
    const lines = logCapture();
    const broken = createBotApp({ db: other.db, config: localConfig(), now: () => NOW, logger: createLogger('trace', lines.stream) });
    const started = await broken.start();
    try {
      other.db.close();
      const text = `tournée de Gaëtan chez ${clients[0]!.nom}, tel 06 55 44 33 22`;
      const mark = channel.mark();
      await postJson(started.url, messageActivity(text, { serviceUrl: channel.url, conversationId: 'a:conv-broken-logs' }));
      await channel.waitFor((a) => a.conversationId === 'a:conv-broken-logs', mark);
      const failed = lines.lines.find((l) => l.includes('message: failed'));
      expect(failed).toBeDefined();
      for (const l of lines.lines) {
        expect(l).not.toContain(clients[0]!.nom);
        expect(l).not.toMatch(PHONE);
        expect(l).not.toMatch(EMAIL);
      }
    } finally {
      await broken.stop();
      other.cleanup();
    }
  });
});
