import { beforeAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/index.ts';
import { listUsers } from '../access/users.ts';
import type { User } from '../access/types.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { act, VERB_NAMES } from './act.ts';
import { ask } from './ask.ts';
import { FIXTURE_NOW, seedFixture } from './fixtures.ts';

let db: Db;
let planner: User;
let karim: User;
beforeAll(() => {
  db = openDb(':memory:');
  seedFixture(db);
  const users = listUsers(db);
  planner = users.find((u) => u.role === 'planning')!;
  karim = users.find((u) => u.technicienId === 3)!;
});
const run = (verb: string, data: unknown, user = planner) => act(db, { verb, data, user, now: FIXTURE_NOW });

describe('help card', () => {
  it('lists what the user may ask, each example an Action.Execute "ask" button that is understood', () => {
    for (const user of [planner, karim]) {
      const r = ask(db, { text: 'aide', user, now: FIXTURE_NOW });
      expect(r.intent).toBe('help');
      const card = r.reply.card!;
      expect(checkCard(card)).toEqual([]);
      const buttons = JSON.stringify(card).match(/"verb":"ask"/g) ?? [];
      expect(buttons.length).toBeGreaterThanOrEqual(5);
      const texts = [...JSON.stringify(card).matchAll(/"verb":"ask","data":\{"text":"([^"]+)"\}/g)].map((m) => m[1]!);
      expect(texts.length).toBe(buttons.length);
      for (const text of texts) {
        const follow = run('ask', { text }, user);
        expect(follow.text, text).not.toMatch(/^(Désolé|Sorry)/);
      }
    }
  });

  it('shows a technician only what a technician may see', () => {
    const text = ask(db, { text: 'aide', user: karim, now: FIXTURE_NOW }).reply.text;
    expect(text).toContain('« ma tournée aujourd’hui »');
    expect(text).toContain('« mes km cette semaine »');
    expect(text).not.toMatch(/clients à risque|CA du mois|à planifier|contrats/);
    const plannerText = ask(db, { text: 'aide', user: planner, now: FIXTURE_NOW }).reply.text;
    expect(plannerText).toMatch(/clients à risque/);
    expect(plannerText).toMatch(/CA du mois/);
  });
});

describe('act', () => {
  it('"ask" asks the bot', () => {
    expect(run('ask', { text: 'tournée de Karim' }).text).toMatch(/^Tournée de Karim Benali — mardi 1 décembre/);
    expect(run('ask', { text: 'tournée de Karim', msteams: { x: 1 } }).text).toMatch(/^Tournée de Karim/); // extra fields ignored
  });

  it('"route.refresh" redraws a route, with the access policy applied', () => {
    const r = run('route.refresh', { technicienId: 3, date: '2026-12-01' });
    expect(r.text).toMatch(/^Tournée de Karim Benali — mardi 1 décembre : 3 interventions/);
    expect(checkCard(r.card!)).toEqual([]);
    expect(run('route.refresh', { technicienId: '3', date: '2026-12-01' }).text).toMatch(/^Tournée de Karim/);
    expect(run('route.refresh', { technicienId: 3, date: '2026-12-01' }, karim).text).toMatch(/^Tournée de Karim/);
    expect(run('route.refresh', { technicienId: 2, date: '2026-12-03' }, karim).text).toBe('Désolé, vous ne pouvez consulter que votre propre tournée.');
    expect(run('route.refresh', { technicienId: 99, date: '2026-12-01' }).text).toBe('Je ne connais pas le technicien n° 99.');
  });

  it('"help" shows the help', () => {
    expect(run('help', undefined).text).toMatch(/^Bonjour Clothilde/);
  });

  it.each([
    ['route.refresh', null, 'un objet est attendu'],
    ['route.refresh', 'x', 'un objet est attendu'],
    ['route.refresh', {}, 'technicienId : un numéro de technicien'],
    ['route.refresh', { technicienId: 3 }, 'date : une date AAAA-MM-JJ'],
    ['route.refresh', { technicienId: -1, date: '2026-12-01' }, 'technicienId'],
    ['route.refresh', { technicienId: 1.5, date: '2026-12-01' }, 'technicienId'],
    ['route.refresh', { technicienId: 3, date: '2026-02-30' }, 'date : une date AAAA-MM-JJ'],
    ['route.refresh', { technicienId: 3, date: "2026-12-01'; DROP TABLE users; --" }, 'date'],
    ['ask', {}, 'text : un texte de 1 à 2 000 caractères'],
    ['ask', { text: '' }, 'text'],
    ['ask', { text: 42 }, 'text'],
    ['ask', { text: 'x'.repeat(2001) }, 'text'],
  ])('%s with bad data %j gives a clear reply', (verb, data, hint) => {
    const r = run(verb, data);
    expect(r.text).toMatch(new RegExp(`^Données invalides pour l’action « ${verb.replace('.', '\\.')} » — `));
    expect(r.text).toContain(hint);
    expect(checkCard(r.card!)).toEqual([]);
  });

  it('an unknown verb gives a clear reply, never a throw', () => {
    expect(run('delete.everything', {}).text).toBe(`Action inconnue : « delete.everything ». Actions possibles : ${VERB_NAMES.join(', ')}.`);
    expect(VERB_NAMES.slice(0, 3)).toEqual(['ask', 'route.refresh', 'help']);
    expect(run('__proto__', {}).text).toMatch(/^Action inconnue/);
    expect(run('toString', {}).text).toMatch(/^Action inconnue/);
    expect(act(db, { verb: 'nope', data: {}, user: { ...karim, langue: 'en' }, now: FIXTURE_NOW }).text).toMatch(/^Unknown action: “nope”/);
  });
});
