import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../../cards/index.ts';
import type { User } from '../../access/types.ts';
import { churnActions } from '../../churn/index.ts';
import { DEMO_TODAY, demoDb } from '../../churn/fixtures/warehouse.ts';
import type { Db } from '../../warehouse/db.ts';
import { act } from '../act.ts';
import { ask } from '../ask.ts';

const now = new Date(`${DEMO_TODAY}T09:00:00+01:00`);
const user = (role: User['role'], langue: User['langue'] = 'fr'): User => ({
  userId: 1, email: `${role}@duret-electricite.fr`, displayName: role, role, technicienId: role === 'technician' ? 1 : null, langue,
});

let db: Db;
beforeAll(() => {
  db = demoDb({ clients: 160, months: 18 });
});
afterAll(() => db.close());

describe('"clients à risque"', () => {
  it('scores first when nothing is scored (follow-up), then lists the top 10 with score, reasons, action, phone and buttons', async () => {
    const first = ask(db, { text: 'clients à risque', user: user('planning'), now });
    expect(first.intent).toBe('churn.at_risk');
    expect(first.reply.text).toMatch(/Je calcule/);
    const reply = await first.reply.followUp!();
    expect(reply.card && checkCard(reply.card)).toEqual([]);
    const lines = reply.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/ — \d+ % \((Faible|Moyen|Élevé)\)/);
    expect(reply.text).toMatch(/Appeler le client|Offre fidélité −10 % au renouvellement|Visite d’un technicien senior/);
    const card = JSON.stringify(reply.card);
    expect(card).toContain('"verb":"churn.called"');
    expect(card).toContain('"verb":"churn.offer_sent"');
    expect(card).toContain('"verb":"churn.ignored"');
    expect(card).toMatch(/"title":"Téléphone","value":"\+33/);
    // now scored: immediate answer
    const again = ask(db, { text: 'quels clients risquent de partir ?', user: user('direction'), now });
    expect(again.reply.followUp).toBeUndefined();
    expect(again.reply.text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
  });

  it('technical director sees it; a technician is refused; English when asked in English', () => {
    expect(ask(db, { text: 'clients à risque', user: user('technical_director'), now }).reply.text).toMatch(/^Clients à risque — top 10/);
    expect(ask(db, { text: 'clients à risque', user: user('technician'), now }).reply.text).toMatch(/réservée à la direction et au planning/);
    const en = ask(db, { text: 'which clients are at risk of churn?', user: user('planning', 'en'), now });
    expect(en.reply.text).toMatch(/^Clients at risk — top 10/);
  });

  it('the card buttons store what was done, with the score shown; bad data and technicians are refused', () => {
    const row = db.prepare('SELECT client_id, score FROM churn_scores ORDER BY score DESC LIMIT 1').get() as { client_id: number; score: number };
    const r = act(db, { verb: 'churn.called', data: { clientId: row.client_id }, user: user('planning'), now });
    expect(r.text).toMatch(/^Noté pour .+ : appel fait\.$/);
    act(db, { verb: 'churn.offer_sent', data: { clientId: String(row.client_id) }, user: user('direction'), now });
    const actions = churnActions(db, row.client_id);
    expect(actions.map((a) => a.action)).toEqual(['appel', 'offre']);
    expect(actions[0]).toMatchObject({ score: row.score, userEmail: 'planning@duret-electricite.fr', at: now.toISOString() });
    expect(act(db, { verb: 'churn.ignored', data: { clientId: 'x' }, user: user('planning'), now }).text).toMatch(/clientId : un numéro de client/);
    expect(act(db, { verb: 'churn.ignored', data: { clientId: 999999 }, user: user('planning'), now }).text).toMatch(/Je ne connais pas le client n° 999999/);
    expect(act(db, { verb: 'churn.ignored', data: { clientId: row.client_id }, user: user('technician'), now }).text).toMatch(/réservée/);
    expect(churnActions(db, row.client_id)).toHaveLength(2);
  });
});
