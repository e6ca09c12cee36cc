import { afterAll, describe, expect, it } from 'vitest';
import { resolveUser } from '../../access/users.ts';
import type { User } from '../../access/types.ts';
import { NOW, smallWarehouse } from '../../kpi/test-warehouse.ts';
import type { Db } from '../../warehouse/db.ts';
import { ask } from '../ask.ts';
import { tokenize } from '../text.ts';
import { surveyView } from './survey-status.ts';

/**
 * The KPI test warehouse (today Tuesday 24 November 2026, ISO week 48 = 23–29 November; Karim Benali is
 * technician 1, Julien Morel technician 2, English) with its five surveys, plus:
 *
 *  row | tech | client      | statut    | sent   | answered (stored)                  | nps | notes
 *  X   | 1    | 1 Dupont    | complete  | 11-21  | 2026-11-23T10:00+01:00             |  4  | Q3 non "Trois semaines d'attente"
 *  Y   | 2    | 3 Bernard   | complete  | 11-22  | 2026-11-24T08:00+01:00             |  9  |
 *  Z   | 1    | 2 Martin    | complete  | 11-20  | 2026-11-22T23:30Z = Mon 23 00:30   |  6  | Q2 non
 *  W   | 2    | 4 Petit     | complete  | 11-20  | 2026-11-22T20:00+01:00 (Sunday, week 47) | 2 |
 *  E1  | 1    | 1 Dupont    | envoye    | 11-23  |                                    |     |
 *  O   | 2    | 3 Bernard   | en_cours  | 11-19  | 2026-11-19T12:00+01:00             |  7  |
 *  P1  | 1    | 1 Dupont    | planifie  | send_at 2026-11-25T09:00Z (Wed 10:00 Paris)
 *  P2  | 2    | 3 Bernard   | planifie  | send_at 2026-11-26T07:00Z (Thu 08:00 Paris)
 *  P3  | 1    | 2 Martin    | planifie  | no survey_states row (no send time yet)
 * The warehouse's own row 5 (tech 2, client 4 Petit) is 'envoye' (sent today).
 */
function build(): Db {
  const db = smallWarehouse();
  let iv = 6;
  let id = 5;
  const survey = (tech: number, client: number, statut: string, v: Record<string, unknown> = {}): number => {
    iv++;
    id++;
    db.prepare(
      `INSERT INTO fact_interventions (intervention_id, source_ref, date_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min)
       VALUES (?, ?, 20261116, ?, ?, 1, 1, 60)`,
    ).run(iv, `I${iv}`, client, tech);
    const row = { satisfaction_id: id, intervention_id: iv, client_id: client, technicien_id: tech, canal: 'sms', statut, ...v };
    const cols = Object.keys(row);
    db.prepare(`INSERT INTO fact_satisfaction (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
    return id;
  };
  const state = (satisfactionId: number, sendAt: string): void => {
    db.prepare(
      `INSERT INTO survey_states (satisfaction_id, state, lang, canal, send_at, remind_at, close_at, updated_at) VALUES (?, '{}', 'fr', 'sms', ?, ?, ?, ?)`,
    ).run(satisfactionId, sendAt, sendAt, sendAt, NOW.toISOString());
  };
  survey(1, 1, 'complete', { envoye_at: '2026-11-21T10:00:00+01:00', repondu_at: '2026-11-23T10:00:00+01:00', nps: 4, delai_respecte: 0, delai_commentaire: "Trois semaines d'attente" });
  survey(2, 3, 'complete', { envoye_at: '2026-11-22T10:00:00+01:00', repondu_at: '2026-11-24T08:00:00+01:00', nps: 9 });
  survey(1, 2, 'complete', { envoye_at: '2026-11-20T10:00:00+01:00', repondu_at: '2026-11-22T23:30:00.000Z', nps: 6, professionnel: 0 });
  survey(2, 4, 'complete', { envoye_at: '2026-11-20T10:00:00+01:00', repondu_at: '2026-11-22T20:00:00+01:00', nps: 2 });
  survey(1, 1, 'envoye', { envoye_at: '2026-11-23T10:00:00+01:00' });
  survey(2, 3, 'en_cours', { envoye_at: '2026-11-19T10:00:00+01:00', repondu_at: '2026-11-19T12:00:00+01:00', nps: 7 });
  state(survey(1, 1, 'planifie'), '2026-11-25T09:00:00.000Z');
  state(survey(2, 3, 'planifie'), '2026-11-26T07:00:00.000Z');
  survey(1, 2, 'planifie');
  return db;
}

const db = build();
afterAll(() => db.close());
const user = (name: string): User => resolveUser(db, { email: `${name}@x.fr` })!;
const [clothilde, karim, julien] = [user('clothilde'), user('karim'), user('julien')];
const as = (u: User, text: string) => ask(db, { text, user: u, now: NOW });
const cardText = (card: unknown): string => JSON.stringify(card);

describe('which survey view a message asks for', () => {
  it.each([
    ['enquêtes en attente', undefined, 'pending'],
    ['pending surveys', undefined, 'pending'],
    ['réponses de la semaine', '2026-W48', 'week'],
    ['survey responses this week', '2026-W48', 'week'],
    ['réponses aux enquêtes', undefined, 'week'],
    ['NPS des enquêtes du mois', '2026-11', 'month'],
    ['survey NPS this month', '2026-11', 'month'],
    ['taux de réponse des enquêtes', undefined, 'month'],
    ['enquêtes', undefined, 'overview'],
  ] as const)('"%s" → %s', (text, period, view) => {
    expect(surveyView(tokenize(text), period)).toBe(view);
  });
});

describe('"enquêtes en attente"', () => {
  it('gives the planner the counts and the next sends of everyone', () => {
    const r = as(clothilde, 'enquêtes en attente');
    expect(r.intent).toBe('survey.status');
    expect(r.reply.text).toBe(
      [
        'Enquêtes en attente',
        '3 planifiées, 2 envoyées sans réponse, 1 en cours de réponse.',
        'Prochains envois :',
        '• mercredi 25 novembre 10:00 — Dupont (Karim Benali)',
        '• jeudi 26 novembre 08:00 — Bernard (Julien Morel)',
        '1 enquête planifiée sans heure d’envoi encore.',
      ].join('\n'),
    );
    const card = cardText(r.reply.card);
    expect(card).toContain('"title":"Envoyées, sans réponse","value":"2"');
    expect(card).toContain('"verb":"ask"');
  });

  it('shows a technician only the surveys of their own interventions', () => {
    const r = as(karim, 'enquêtes en attente');
    expect(r.reply.text).toContain('Enquêtes en attente — Karim Benali');
    expect(r.reply.text).toContain('2 planifiées, 1 envoyée sans réponse, 0 en cours de réponse.');
    expect(r.reply.text).toContain('Dupont (Karim Benali)');
    expect(r.reply.text).not.toContain('Bernard');
  });

  it('answers in English', () => {
    const r = as(julien, 'pending surveys');
    expect(r.reply.text).toContain('Pending surveys — Julien Morel');
    expect(r.reply.text).toContain('1 planned, 1 sent with no answer yet, 1 being answered.');
    expect(r.reply.text).toContain('• Thursday 26 November 08:00 — Bernard (Julien Morel)');
    expect(r.reply.text).not.toContain('Dupont');
  });

  it('refuses a technician another technician’s surveys', () => {
    const r = as(karim, 'enquêtes en attente de Julien');
    expect(r.reply.text).toMatch(/^Désolé/);
  });
});

describe('"réponses de la semaine"', () => {
  it('counts this ISO week’s answers (Paris dates), their NPS and lists the low scores with their reasons', () => {
    const r = as(clothilde, 'réponses de la semaine');
    expect(r.intent).toBe('survey.status');
    const lines = r.reply.text.split('\n');
    expect(lines[0]).toMatch(/^Réponses aux enquêtes — semaine 48/);
    expect(lines.slice(1)).toEqual([
      '3 réponses reçues, NPS −33 : 1 promoteur, 0 passif, 2 détracteurs.',
      'Notes basses :',
      '• Martin — 6/10 (Karim Benali, lundi 23 novembre) : Manque de professionnalisme',
      '• Dupont — 4/10 (Karim Benali, lundi 23 novembre) : Délai non respecté',
    ]);
    expect(cardText(r.reply.card)).toContain('"title":"Notes basses (0–6)","value":"2"');
  });

  it('scopes a technician to their own answers', () => {
    const r = as(karim, 'réponses de la semaine');
    expect(r.reply.text).toContain('2 réponses reçues, NPS −100 : 0 promoteur, 0 passif, 2 détracteurs.');
    expect(r.reply.text).not.toContain('Bernard');
  });

  it('reads last week when asked (the Sunday-evening answer belongs to week 47)', () => {
    const r = as(clothilde, 'réponses aux enquêtes de la semaine dernière');
    expect(r.reply.text).toContain('semaine 47');
    expect(r.reply.text).toContain('• Petit — 2/10 (Julien Morel, dimanche 22 novembre)');
  });
});

describe('"NPS des enquêtes du mois"', () => {
  it('gives the month’s NPS, its trend, the response rate against the goal and the top reasons', () => {
    // November: sent 1 2 3 5 X Y Z W E1 O = 10, answered 1 2 3 X Y Z W O = 8 → 80 %.
    // Scores answered in November: 10 3 8 4 9 6 2 7 → 2 promoters, 2 passives, 4 detractors → −25; October: 9 → +100.
    // Reasons: row 2 (detractor, comment "Panne pas résolue, retard") → Problème + Délai; X → Délai; Z → Professionnalisme.
    const r = as(clothilde, 'NPS des enquêtes du mois');
    expect(r.intent).toBe('survey.status');
    expect(r.reply.text).toBe(
      [
        'Enquêtes — novembre 2026',
        'NPS −25 sur 8 notes (−125 pts vs octobre 2026) ; taux de réponse 80 % (objectif 40 %).',
        'Principaux motifs d’insatisfaction :',
        '1. Délai non respecté (2)',
        '2. Manque de professionnalisme (1)',
        '3. Problème non résolu (1)',
      ].join('\n'),
    );
    expect(cardText(r.reply.card)).toContain('"title":"Taux de réponse","value":"80 % (8/10, objectif 40 %)"');
  });

  it('"NPS du mois" alone stays the quality KPI', () => {
    expect(as(clothilde, 'NPS du mois').intent).toBe('kpi');
  });
});

describe('"enquêtes"', () => {
  it('gives the overview of the three views with buttons to each', () => {
    const r = as(clothilde, 'enquêtes');
    expect(r.reply.text).toBe(
      [
        'Enquêtes de satisfaction',
        'En attente : 3 planifiées · 2 envoyées · 1 en cours',
        'Réponses de la semaine : 3 · NPS −33 · notes basses 2',
        'NPS du mois : −25 · taux de réponse 80 %',
      ].join('\n'),
    );
    const card = cardText(r.reply.card);
    for (const text of ['enquêtes en attente', 'réponses aux enquêtes de la semaine', 'NPS des enquêtes du mois']) expect(card).toContain(`"text":"${text}"`);
  });
});
