import { beforeEach, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/index.ts';
import { listUsers } from '../access/users.ts';
import type { User } from '../access/types.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { ask, MAX_TEXT_LENGTH } from './ask.ts';
import { FIXTURE_NOW, seedFixture } from './fixtures.ts';

let db: Db;
let users: Record<string, User>;
beforeEach(() => {
  db = openDb(':memory:');
  seedFixture(db);
  users = Object.fromEntries(listUsers(db).map((u) => [u.displayName.split(' ')[0]!.toLowerCase(), u]));
});
const as = (who: string, text: string, now = FIXTURE_NOW) => ask(db, { text, user: users[who]!, now });
const allText = (card: unknown) => JSON.stringify(card);

describe('route answer', () => {
  it('gives a technician their own route, stops in the optimised order, with times, windows, durations, types and km', () => {
    const r = as('karim', "ma tournée aujourd'hui");
    expect(r.intent).toBe('route');
    expect(r.entities).toEqual({ technician: { id: 3, name: 'Karim Benali' }, date: '2026-12-01' });
    const lines = r.reply.text.split('\n');
    expect(lines[0]).toMatch(/^Tournée de Karim Benali — mardi 1 décembre : 3 interventions, \d+,\d km, \d+ min de route\.$/);
    // the windows force the planned order here: nothing to save
    expect(lines[1]).toBe('L’ordre prévu est déjà le plus court.');
    expect(lines[2]).toMatch(/^1\. 08:01–09:01 · créneau 08:00–09:30 · Jeanne Dupont — 12 rue Royale, 74000 Annecy · Entretien VMC · 1 h · 0,5 km$/);
    expect(lines[3]).toMatch(/^2\. 10:00–11:30 · créneau 10:00–12:00 · Boulangerie Lac — 3 avenue du Lac, 74290 Veyrier-du-Lac · Dépannage tableau · 1 h 30 · \d+,\d km$/);
    expect(lines[4]).toMatch(/^3\. \d\d:\d\d–\d\d:\d\d · horaire libre · Paul Martin — .* · Installation borne IRVE · 3 h · /);
    expect(lines[5]).toMatch(/^Retour à la base : \d+,\d km \(\d\d:\d\d\) · Total : \d+,\d km · Travail prévu : 5 h 30$/);
    expect(lines[6]).toMatch(/^Itinéraire \(Google Maps\) : https:\/\/www\.google\.com\/maps\/dir\/\?api=1&/);
    expect(r.reply.text).not.toMatch(/O'Brien/); // the cancelled stop
    // the km of the legs add up to the total
    const kms = [...lines.slice(0, 6).join('\n').matchAll(/(\d+,\d) km/g)].map((m) => Number(m[1]!.replace(',', '.')));
    const [head, l1, l2, l3, back, total] = kms;
    expect(head).toBe(total);
    expect(l1! + l2! + l3! + back!).toBeCloseTo(total!, 6);
  });

  it('renders the route card: header, one block per stop, totals, refresh and maps actions', () => {
    const card = as('karim', 'ma tournee').reply.card!;
    expect(checkCard(card)).toEqual([]);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const json = allText(card);
    expect(json).toContain('Tournée de Karim Benali');
    expect(json).toContain('mardi 1 décembre');
    expect(json.indexOf('Jeanne Dupont')).toBeLessThan(json.indexOf('Boulangerie Lac'));
    expect(json.indexOf('Boulangerie Lac')).toBeLessThan(json.indexOf('Paul Martin'));
    const actions = card.actions as { type: string; verb?: string; data?: unknown; url?: string }[];
    expect(actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'route.refresh', data: { technicienId: 3, date: '2026-12-01' } });
    expect(actions[1]!.type).toBe('Action.OpenUrl');
    expect(actions[1]!.url).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&origin=45\.90000%2C6\.12000&/);
    const body = card.body as unknown[];
    expect(body.filter((b) => (b as { type: string }).type === 'Container')).toHaveLength(3);
  });

  it('lets a planner see any technician, by first name, last name or both, on any day', () => {
    for (const text of ['tournée de Karim', 'tournée de Benali', 'tournee de karim benali', 'route for karim today', 'Karim ?']) {
      const r = as('clothilde', text);
      expect(r.intent).toBe('route');
      expect(r.entities.technician).toEqual({ id: 3, name: 'Karim Benali' });
      expect(r.reply.text).toMatch(/^(Tournée de|Route of) Karim Benali/);
    }
  });

  it('says when there is no stop, and gives the next day with stops', () => {
    const r = as('clothilde', 'tournée de Julien demain');
    expect(r.entities.date).toBe('2026-12-02');
    expect(r.reply.text).toBe('Aucune intervention prévue pour Julien Favre le mercredi 2 décembre. Prochaine tournée : jeudi 3 décembre (2 interventions).');
    expect(checkCard(r.reply.card!)).toEqual([]);
    expect(r.reply.card!.actions).toEqual([{ type: 'Action.Execute', title: 'Voir le jeudi 3 décembre', verb: 'route.refresh', data: { technicienId: 2, date: '2026-12-03' } }]);
    expect(as('julien', 'ma tournée').reply.text).toMatch(/^Aucune intervention prévue pour vous le mardi 1 décembre\. Prochaine tournée : jeudi 3 décembre/);
    expect(as('clothilde', 'tournée de Julien le 4/12').reply.text).toMatch(/Rien n’est planifié ensuite/);
    expect(as('clothilde', 'where is Julien going tomorrow').reply.text).toBe('Julien Favre has no stop planned on Wednesday 2 December. Next route: Thursday 3 December (2 stops).');
  });

  it('shows windows given as a start or an end only', () => {
    const text = as('clothilde', 'tournée de Julien jeudi').reply.text;
    expect(text).toContain('1. 14:00–15:00 · créneau à partir de 14:00 · Sean O\'Brien');
    expect(text).toMatch(/2\. \d\d:\d\d–\d\d:\d\d · créneau avant 17:00 · Jeanne Dupont/);
  });

  it('asks a planner "De quel technicien ?" when "ma tournée" names nobody', () => {
    const r = as('clothilde', 'ma tournée de demain');
    expect(r.intent).toBe('route');
    expect(r.entities).toEqual({ date: '2026-12-02' });
    expect(r.reply.text).toBe('De quel technicien ? Gaëtan Morel, Julien Favre, Karim Benali, Lucas Perrin ou Thomas Girard.');
    const actions = r.reply.card!.actions as { verb: string; data: { technicienId: number; date: string } }[];
    expect(actions.map((a) => a.data.technicienId)).toEqual([1, 2, 3, 4, 5]);
    expect(actions.every((a) => a.verb === 'route.refresh' && a.data.date === '2026-12-02')).toBe(true);
    expect(checkCard(r.reply.card!)).toEqual([]);
  });

  it('asks which one when a first name is shared', () => {
    db.prepare(
      `INSERT INTO dim_techniciens (technicien_id, nom, prenom, email, specialites, zone_principale, base_latitude, base_longitude)
       VALUES (6, 'Roux', 'Karim', 'k.roux@example.test', '[]', 1, 45.9, 6.1)`,
    ).run();
    const r = as('clothilde', 'tournée de Karim');
    expect(r.reply.text).toBe('De quel technicien ? Karim Benali ou Karim Roux.');
    // Karim Benali himself gets his own route; another technician is refused
    expect(as('karim', 'tournée de Karim').reply.text).toMatch(/^Tournée de Karim Benali/);
    expect(as('lucas', 'tournée de Karim').reply.text).toBe('Désolé, vous ne pouvez consulter que votre propre tournée.');
  });
});

describe('access in conversation', () => {
  it.each([
    'tournée de Karim demain', 'route for Karim today', 'where is Karim going tomorrow', 'Benali ?', 'où va Karim lundi',
    'itinéraire de Karim Benali le 3/12', 'planning de Karim cette semaine',
  ])('a technician cannot see another technician’s route: %s', (text) => {
    const r = as('lucas', text);
    expect(r.entities.technician?.id).toBe(3);
    expect(r.reply.text).toMatch(/^(Désolé, vous ne pouvez consulter que votre propre tournée\.|Sorry, you can only view your own route\.)$/);
    expect(r.reply.text).not.toMatch(/Jeanne Dupont/);
    expect(checkCard(r.reply.card!)).toEqual([]);
  });

  it.each(['CA du mois', 'chiffre d’affaires de novembre', 'taux de conversion des devis', 'tableau de bord finances', 'revenue last month'])(
    'a technician cannot see finance KPIs: %s',
    (text) => {
      const r = as('karim', text);
      expect(r.intent).toBe('kpi');
      expect(r.entities.dashboard).toBe('finance');
      expect(r.reply.text).toMatch(/^(Désolé, les indicateurs financiers|Sorry, financial indicators)/);
    },
  );

  it('the technical director sees everything except finance', () => {
    expect(as('philippe', 'CA du mois').reply.text).toMatch(/^Désolé, les indicateurs financiers/);
    expect(as('philippe', 'tournée de Karim').reply.text).toMatch(/^Tournée de Karim Benali/);
    expect(as('philippe', 'clients à risque').reply.text).toMatch(/^Je calcule les scores de churn/); // no model yet: it trains, then answers
    expect(as('philippe', 'NPS du mois').reply.text).toMatch(/^NPS — décembre 2026\n/);
  });

  it('direction and planning see finance and everyone’s routes', () => {
    expect(as('marc', 'CA du mois').reply.text).toMatch(/^CA SAV — décembre 2026\n/);
    expect(as('clothilde', 'taux de conversion des devis').reply.text).toMatch(/^Conversion des devis — décembre 2026\n/);
    expect(as('marc', 'tournée de Karim').reply.text).toMatch(/^Tournée de Karim Benali/);
  });

  it('a technician sees their own KPIs but not churn, contracts, backlog, other dashboards or phone numbers', () => {
    const km = as('karim', 'mes km cette semaine');
    expect(km.entities).toEqual({ technician: { id: 3, name: 'Karim Benali' }, period: '2026-W49', dashboard: 'technicians' });
    expect(km.reply.text).toMatch(/^Km économisés vs plan — semaine 49, du 30 nov\. au 6 déc\. 2026\nKarim Benali · /);
    expect(as('karim', 'ma satisfaction du mois').reply.text).toMatch(/^Satisfaction moyenne — décembre 2026\nKarim Benali · /);
    expect(as('karim', 'KPI de Julien').reply.text).toBe('Désolé, vous ne pouvez consulter que vos propres indicateurs.');
    expect(as('karim', 'tableau de bord direction').reply.text).toBe('Désolé, vous ne pouvez consulter que vos propres indicateurs.');
    expect(as('karim', 'clients à risque').reply.text).toBe('Désolé, la liste des clients à risque est réservée à la direction et au planning.');
    expect(as('karim', 'churn').reply.text).toMatch(/^Désolé/);
    expect(as('karim', 'contrats qui se terminent').reply.text).toMatch(/^Désolé, cette information est réservée/);
    expect(as('karim', 'interventions à planifier').reply.text).toMatch(/^Désolé, cette information est réservée/);
    expect(as('karim', 'numéro de téléphone de Jeanne Dupont').reply.text).toMatch(/^Désolé, les numéros de téléphone des clients/);
    expect(as('karim', 'phone number of my next client').reply.text).toMatch(/^Sorry, client phone numbers/);
    expect(as('karim', 'mes retards').reply.text).toMatch(/^Le suivi des interventions en retard/);
  });
});

describe('entities', () => {
  it.each([
    ['tableau de bord direction', 'direction'], ['tableau de bord planning', 'planning'], ['KPI techniciens', 'technicians'],
    ['indicateurs des techs', 'technicians'], ['KPI qualité de novembre', 'quality'], ['NPS du mois', 'quality'],
    ['quality dashboard', 'quality'], ['dashboard finance', 'finance'], ['les finances', 'finance'], ['CA du mois', 'finance'],
    ['taux de conversion des devis', 'finance'], ['kilométrage du mois', 'technicians'], ['KPI', 'direction'],
  ])('dashboard of "%s" → %s', (text, dashboard) => {
    const r = as('marc', text);
    expect(r.intent).toBe('kpi');
    expect(r.entities.dashboard).toBe(dashboard);
  });

  it('defaults the dashboard to the asker’s role and the period to this month', () => {
    expect(as('clothilde', 'KPI').entities).toEqual({ dashboard: 'planning', period: '2026-12' });
    expect(as('philippe', 'indicateurs').entities.dashboard).toBe('quality');
    expect(as('marc', 'KPI qualité de novembre').entities).toEqual({ dashboard: 'quality', period: '2026-11' });
  });

  it('reads a week for the planning, this week by default', () => {
    expect(as('clothilde', 'planning de la semaine prochaine').entities).toEqual({ period: '2026-W50' });
    expect(as('clothilde', 'planning').entities).toEqual({ period: '2026-W49' });
    expect(as('karim', 'mon planning S50').entities).toEqual({ technician: { id: 3, name: 'Karim Benali' }, period: '2026-W50' });
  });
});

describe('language and robustness', () => {
  it('answers in English when the message is clearly English, else in the user’s language', () => {
    expect(as('karim', 'my route today').reply.text).toMatch(/^Route of Karim Benali — Tuesday 1 December: 3 stops, \d+\.\d km, \d+ min driving\./);
    expect(as('karim', 'ma tournée').reply.text).toMatch(/^Tournée de/);
    db.prepare("UPDATE users SET langue = 'en' WHERE email LIKE 'karim%'").run();
    users.karim = { ...users.karim!, langue: 'en' };
    expect(as('karim', 'ma tournée').reply.text).toMatch(/^Route of/);
    expect(as('karim', 'tournée de Julien').reply.text).toBe('Sorry, you can only view your own route.');
  });

  it('refuses a message over 2 000 characters politely, without parsing it', () => {
    const r = as('karim', `ma tournée ${'x'.repeat(MAX_TEXT_LENGTH)}`);
    expect(r.intent).toBe('unknown');
    expect(r.entities).toEqual({});
    expect(r.reply.text).toBe('Votre message est trop long (2 011 caractères, 2 000 au maximum). Pouvez-vous le raccourcir ?'.replace(/ (?=\d{3} )/g, '\u202f'));
    expect(as('karim', 'x'.repeat(MAX_TEXT_LENGTH)).intent).toBe('unknown');
  });

  it('answers unknown messages with 3 suggestions as buttons', () => {
    const r = as('clothilde', 'quelle est la météo à Paris ?');
    expect(r.intent).toBe('unknown');
    expect(r.reply.text).toMatch(/^Désolé, je n’ai pas compris votre demande\. Essayez par exemple : « .+ », « .+ », « .+ » — ou « aide »\.$/);
    const actions = r.reply.card!.actions as { verb: string; data: { text: string } }[];
    expect(actions).toHaveLength(3);
    expect(actions.every((a) => a.verb === 'ask' && a.data.text.length > 0)).toBe(true);
    // every suggestion is understood and allowed
    for (const a of actions) {
      const follow = as('clothilde', a.data.text);
      expect(follow.intent).not.toBe('unknown');
      expect(follow.reply.text).not.toMatch(/^Désolé/);
    }
  });

  it('keeps SQL metacharacters and card template syntax as plain text', () => {
    const r = as('clothilde', "tournée de Karim'; DROP TABLE planned_interventions; --");
    expect(r.reply.text).toMatch(/^Tournée de Karim Benali/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM planned_interventions').get() as { n: number }).n).toBe(9);
    const u = as('clothilde', '${title} {{x}}');
    expect(u.intent).toBe('unknown');
    expect(checkCard(u.reply.card!)).toEqual([]);
  });

  it('takes "today" in Paris: 00:30 Paris on 1 December is still 30 November in UTC', () => {
    const r = as('karim', 'ma tournée', new Date('2026-11-30T23:30:00Z'));
    expect(r.entities.date).toBe('2026-12-01');
    expect(r.reply.text).toMatch(/^Tournée de Karim Benali — mardi 1 décembre : 3 interventions/);
    expect(as('karim', 'ma tournée', new Date('2026-11-30T22:59:00Z')).entities.date).toBe('2026-11-30');
  });

  it('rejects an invalid `now` as a programming error', () => {
    expect(() => ask(db, { text: 'aide', user: users.karim!, now: new Date('nope') })).toThrow(/now/);
  });
});
