import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../../cards/index.ts';
import { resolveUser } from '../../access/index.ts';
import type { User } from '../../access/types.ts';
import { closeTheLoop, getAlert, raiseLateReply } from '../../survey/alerts.ts';
import { openDb, type Db } from '../../warehouse/db.ts';
import { generateDemo } from '../../warehouse/demo/index.ts';
import { act } from '../act.ts';
import { surveyAlertReply } from './survey-alert.ts';

const NOW = new Date('2026-12-01T08:40:00Z'); // 09:40 in Annecy
const CLICK = new Date('2026-12-01T10:05:00Z');
let db: Db;
let low: number; // nps_bas alert
let unsolved: number; // non_resolu alert
let late: number; // reponse_tardive alert
let client: { id: number; name: string; telephone: string };
const user = (email: string): User => resolveUser(db, { email })!;
const clothilde = (): User => user('clothilde.martin@duret-electricite.fr');

const cardJson = (r: { card: unknown }): string => JSON.stringify(r.card);

beforeAll(() => {
  db = openDb(':memory:');
  generateDemo(db, { seed: 3, today: '2026-12-01', clients: 80, technicians: 5, months: 3 });
  const s = db.prepare("SELECT satisfaction_id AS id, client_id AS clientId FROM fact_satisfaction WHERE statut = 'complete' ORDER BY satisfaction_id DESC LIMIT 1").get() as { id: number; clientId: number };
  db.prepare("UPDATE dim_clients SET telephone = '+33611223344', prenom = 'Jeanne', nom = 'Dupont' WHERE client_id = ?").run(s.clientId);
  client = { id: s.clientId, name: 'Jeanne Dupont', telephone: '+33611223344' };
  db.prepare(
    `UPDATE fact_satisfaction SET nps = 3, professionnel = 1, professionnel_commentaire = NULL, delai_respecte = 0, delai_commentaire = 'deux heures de retard',
            probleme_resolu = 0, probleme_commentaire = 'le disjoncteur saute encore', suggestion = 'Prévenir avant de venir \${x}' WHERE satisfaction_id = ?`,
  ).run(s.id);
  const ids = db.transaction(() => closeTheLoop(db, s.id, NOW))();
  const kinds = ids.map((id) => (db.prepare('SELECT kind FROM survey_alerts WHERE alert_id = ?').get(id) as { kind: string }).kind);
  low = ids[kinds.indexOf('nps_bas')]!;
  unsolved = ids[kinds.indexOf('non_resolu')]!;
  late = db.transaction(() => raiseLateReply(db, { clientId: s.clientId, satisfactionId: s.id, text: 'Finalement ça remarche, merci', messageSid: 'SM0001', reason: 'closed' }, NOW))();
});
afterAll(() => db.close());

describe('survey alert cards', () => {
  it('a low score: client, score, reasons from Q2–Q4 with their comments, "appel sous 24 h", the phone for a planner, the button', () => {
    const r = surveyAlertReply(db, low, 'fr', { reader: clothilde() })!;
    expect(checkCard(r.card!)).toEqual([]);
    const json = cardJson(r);
    expect(json).toContain(`"text":"Client ${client.name} mécontent (note 3/10)"`);
    expect(json).toContain('Appel sous 24 h (avant le 02/12/2026 à 09:40)');
    expect(json).toContain('• Délais non respectés : « deux heures de retard »');
    expect(json).toContain('• Problème pas entièrement résolu : « le disjoncteur saute encore »');
    expect(json).not.toContain('Technicien jugé pas professionnel'); // Q2 was "oui"
    expect(json).toContain('Prévenir avant de venir $ {x}'); // the client's text cannot be taken for a template
    expect(json).toContain(client.telephone);
    expect(r.card!.actions).toEqual([{ type: 'Action.Execute', title: 'Appel fait', verb: 'survey.callDone', data: { alertId: low } }]);
    expect(r.text).toMatch(/^Client Jeanne Dupont mécontent \(note 3\/10\)\nAppel sous 24 h/);
  });

  it('the card and getAlert (core/survey) read the alert once and word the reasons alike', () => {
    const view = getAlert(db, low)!;
    expect(view.reasons).toEqual(['Délais non respectés : « deux heures de retard »', 'Problème pas entièrement résolu : « le disjoncteur saute encore »']);
    const r = surveyAlertReply(db, low, 'fr', { reader: clothilde() })!;
    for (const reason of view.reasons) expect(r.text).toContain(`• ${reason}`);
    expect(view).toMatchObject({ kind: 'nps_bas', nps: 3, client: { clientId: client.id, name: client.name, telephone: client.telephone }, comments: { q3: 'deux heures de retard' } });
    expect(getAlert(db, late)).toMatchObject({ kind: 'reponse_tardive', text: 'Finalement ça remarche, merci' });
    expect(getAlert(db, 999_999)).toBeNull();
  });

  it('a problem not solved: the comment and the free re-intervention; no phone for a technician; English for an English reader', () => {
    const planned = db.prepare('SELECT planned_id AS id, date_echeance AS due, gratuite, origine FROM planned_interventions WHERE planned_id = (SELECT planned_id FROM survey_alerts WHERE alert_id = ?)').get(unsolved) as { id: number; due: string; gratuite: number; origine: string };
    expect(planned).toMatchObject({ gratuite: 1, origine: 'enquete' });
    const gaetan = user('gaetan.morel@duret-electricite.fr');
    const r = surveyAlertReply(db, unsolved, 'fr', { reader: gaetan })!;
    expect(checkCard(r.card!)).toEqual([]);
    const json = cardJson(r);
    expect(json).toContain(`Problème non résolu chez ${client.name}`);
    expect(json).toContain(`Ré-intervention gratuite n° ${planned.id} créée, à planifier, à faire avant le ${planned.due.split('-').reverse().join('/')}`);
    expect(json).toContain('"text":"le disjoncteur saute encore"');
    expect(json).not.toContain(client.telephone);
    expect(r.card!.actions).toEqual([]);
    const en = cardJson(surveyAlertReply(db, unsolved, 'en', { reader: { ...gaetan, langue: 'en' } })!);
    expect(en).toContain(`Problem not solved for ${client.name}`);
    expect(en).toContain(`Free re-intervention #${planned.id} created`);
  });

  it('a reply after the close: its text for the planner', () => {
    const json = cardJson(surveyAlertReply(db, late, 'fr', { reader: clothilde() })!);
    expect(json).toContain(`Réponse de ${client.name} après la clôture de l’enquête`);
    expect(json).toContain('"text":"Finalement ça remarche, merci"');
  });
});

describe('survey.callDone', () => {
  it('a technician or the technical director may not mark the call; nothing changes', () => {
    for (const email of ['gaetan.morel@duret-electricite.fr', 'philippe.rey@duret-electricite.fr']) {
      const reply = act(db, { verb: 'survey.callDone', data: { alertId: low }, user: user(email), now: CLICK });
      expect(reply.text).toMatch(/seuls le planning et la direction/);
    }
    expect(db.prepare('SELECT statut, traitee_par FROM survey_alerts WHERE alert_id = ?').get(low)).toEqual({ statut: 'ouverte', traitee_par: null });
  });

  it('bad data names the field; an unknown alert is said so', () => {
    expect(act(db, { verb: 'survey.callDone', data: { alertId: 'x' }, user: clothilde(), now: CLICK }).text).toMatch(/alertId : un numéro d’alerte/);
    expect(act(db, { verb: 'survey.callDone', data: { alertId: 99999 }, user: clothilde(), now: CLICK }).text).toMatch(/Je ne trouve pas l’alerte n° 99999/);
  });

  it('the planner marks the call done: the card comes back with who and when, without the button; a second click says it was already done', () => {
    const first = act(db, { verb: 'survey.callDone', data: { alertId: low }, user: clothilde(), now: CLICK });
    expect(checkCard(first.card!)).toEqual([]);
    expect(first.card!.actions).toEqual([]);
    expect(cardJson(first)).toContain('"text":"Appel fait par Clothilde Martin le 01/12/2026 à 11:05","color":"Good"');
    const row = db.prepare('SELECT statut, traitee_par AS par, traitee_at AS at FROM survey_alerts WHERE alert_id = ?').get(low);
    expect(row).toEqual({ statut: 'traitee', par: clothilde().userId, at: CLICK.toISOString() });
    // the direction clicks later on its own copy of the card
    const marc = user('marc.duret@duret-electricite.fr');
    const second = act(db, { verb: 'survey.callDone', data: { alertId: low }, user: marc, now: new Date('2026-12-01T12:00:00Z') });
    expect(cardJson(second)).toContain('"text":"Déjà fait — appel fait par Clothilde Martin le 01/12/2026 à 11:05","color":"Warning"');
    expect(second.card!.actions).toEqual([]);
    expect(db.prepare('SELECT traitee_par AS par, traitee_at AS at FROM survey_alerts WHERE alert_id = ?').get(low)).toEqual({ par: clothilde().userId, at: CLICK.toISOString() });
  });

  it('in English for an English-speaking planner', () => {
    const en = { ...clothilde(), langue: 'en' as const };
    const reply = act(db, { verb: 'survey.callDone', data: { alertId: low }, user: en, now: CLICK });
    expect(cardJson(reply)).toContain('Already done — call done by Clothilde Martin on 01/12/2026 at 11:05');
    expect(cardJson(reply)).toContain(`Unhappy client ${client.name} (score 3/10)`);
  });
});
