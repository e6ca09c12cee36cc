import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smallWarehouse } from '../kpi/test-warehouse.ts';
import type { Db } from '../warehouse/db.ts';
import { commentReasons, monthlySurveyReport, npsFr, reportMarkdown, trendFr } from './report.ts';

/**
 * A hand-made month (November 2026, previous October) on top of the KPI test warehouse (zones 1 Annecy Centre /
 * 2 Seynod, types 1 Contrôle tableau / 2 Dépannage chauffage, technicians 1 and 2). Every figure below is
 * computed by hand from these rows.
 *
 *  id | iv | zone | type | tech | sent (Paris)          | answered    | nps | Q2 | Q3 (comment)                | Q4 (comment)
 *  A  |  1 |  1   |  1   |  1   | 11-04                 | 11-04       | 10  | 1  | 1 "Aucun retard, parfait"   | 1         (promoter, oui: comment not read)
 *  B  |  2 |  1   |  2   |  1   | 11-05                 | 11-05       |  3  | 1  | 0 "…retard sans prévenir."  | 0 "Le disjoncteur saute encore."
 *  C  |  3 |  2   |  1   |  2   | 11-12                 | 11-13       |  6  | 1  | 1 "Trop cher pour ce que…"  | 1         (detractor: comment read → Prix)
 *  D  |  7 |  2   |  2   |  2   | 11-20                 | 11-20       |  8  | 1  | 0 "Trois semaines d'attente"| 1
 *  E  |  8 |  1   |  1   |  1   | 11-25                 | —           |     |    |                             |
 *  F  |  9 |  2   |  1   |  2   | 2026-11-30T23:30Z = 12-01 Paris (not November)
 *  G  | 10 |  1   |  1   |  1   | 2026-10-31T23:30Z = 11-01 Paris | 11-01 | 9 | 1 "Très professionnel" | 1 | 1
 *  H  |  4 |  1   |  2   |  2   | 10-20 (October)       | 11-02       |  0  |    | 0                           | 0
 *  I  | 11 |  1   |  1   |  1   | 10-08                 | 10-08       |  9  (October)
 *  J  | 12 |  1   |  2   |  1   | 10-10                 | 10-13       |  7  (October)
 *  K  | 13 |  2   |  1   |  2   | 10-12                 | —           (October)
 *  L  |  6 |  2   |  1   |  2   | planned, never sent
 *
 * November: sent A B C D E G = 6, answered A B C D G = 5 → 83,3 %. NPS (answered in November: A10 B3 C6 D8 G9 H0):
 * 2 promoters, 1 passive, 3 detractors → (2 − 3) / 6 = −16,67. October (I9 J7): 1 promoter, 0 detractor → +50.
 * Trend −66,67. Reasons over the 6 November answers: Délai B D H = 3, Problème B H = 2, Communication B = 1,
 * Prix C = 1 (ties alphabetical: « Manque d’explications… » before « Prix… »).
 */

type Values = Record<string, unknown>;
const insert = (db: Db, table: string, r: Values): void => {
  const cols = Object.keys(r);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(r);
};
const dateIdOf = (d: string): number => Number(d.slice(0, 10).replaceAll('-', ''));

function build(): Db {
  const db = smallWarehouse();
  db.exec('DELETE FROM fact_satisfaction');
  const iv = (id: number, day: string, c: number, t: number, z: number, type: number): void =>
    insert(db, 'fact_interventions', { intervention_id: id, source_ref: `I${id}`, date_id: dateIdOf(day), client_id: c, technicien_id: t, zone_id: z, type_intervention_id: type, duree_prevue_min: 60 });
  iv(7, '2026-11-18', 3, 2, 2, 2);
  iv(8, '2026-11-23', 1, 1, 1, 1);
  iv(9, '2026-11-28', 3, 2, 2, 1);
  iv(10, '2026-10-29', 2, 1, 1, 1);
  iv(11, '2026-10-06', 1, 1, 1, 1);
  iv(12, '2026-10-08', 2, 1, 1, 2);
  iv(13, '2026-10-10', 4, 2, 2, 1);
  let id = 0;
  const s = (interventionId: number, client: number, tech: number, envoye: string | null, v: Values = {}): number => {
    id++;
    insert(db, 'fact_satisfaction', {
      satisfaction_id: id, intervention_id: interventionId, client_id: client, technicien_id: tech, canal: 'sms',
      statut: envoye === null ? 'planifie' : v.repondu_at ? 'complete' : 'envoye', envoye_at: envoye, date_id: envoye ? dateIdOf(envoye) : null, ...v,
    });
    return id;
  };
  s(1, 1, 1, '2026-11-04T10:00:00+01:00', { repondu_at: '2026-11-04T11:00:00+01:00', nps: 10, professionnel: 1, delai_respecte: 1, delai_commentaire: 'Aucun retard, parfait', probleme_resolu: 1 });
  const b = s(2, 2, 1, '2026-11-05T10:00:00+01:00', {
    repondu_at: '2026-11-05T12:00:00+01:00', nps: 3, professionnel: 1, delai_respecte: 0, delai_commentaire: 'Arrivé avec une heure de retard sans prévenir.',
    probleme_resolu: 0, probleme_commentaire: 'Le disjoncteur saute encore.',
  });
  const c = s(3, 3, 2, '2026-11-12T10:00:00+01:00', { repondu_at: '2026-11-13T09:00:00+01:00', nps: 6, professionnel: 1, delai_respecte: 1, delai_commentaire: 'Trop cher pour ce que c’est', probleme_resolu: 1 });
  s(7, 3, 2, '2026-11-20T10:00:00+01:00', { repondu_at: '2026-11-20T18:00:00+01:00', nps: 8, professionnel: 1, delai_respecte: 0, delai_commentaire: "Trois semaines d'attente", probleme_resolu: 1 });
  s(8, 1, 1, '2026-11-25T10:00:00+01:00');
  s(9, 3, 2, '2026-11-30T23:30:00.000Z');
  s(10, 2, 1, '2026-10-31T23:30:00.000Z', { repondu_at: '2026-11-01T08:00:00.000Z', nps: 9, professionnel: 1, professionnel_commentaire: 'Très professionnel', delai_respecte: 1, probleme_resolu: 1 });
  const h = s(4, 1, 2, '2026-10-20T10:00:00+02:00', { repondu_at: '2026-11-02T10:00:00+01:00', nps: 0, delai_respecte: 0, probleme_resolu: 0 });
  s(11, 1, 1, '2026-10-08T10:00:00+02:00', { repondu_at: '2026-10-08T12:00:00+02:00', nps: 9 });
  s(12, 2, 1, '2026-10-10T10:00:00+02:00', { repondu_at: '2026-10-13T12:00:00+02:00', nps: 7 });
  s(13, 4, 2, '2026-10-12T10:00:00+02:00');
  s(6, 4, 2, null);

  const alert = (kind: string, satisfactionId: number | null, client: number, at: string, statut = 'ouverte'): void =>
    insert(db, 'survey_alerts', { kind, satisfaction_id: satisfactionId, client_id: client, detail: '{}', statut, created_at: at });
  alert('nps_bas', h, 1, '2026-11-02T09:00:00.000Z');
  alert('nps_bas', b, 2, '2026-11-05T11:00:00.000Z');
  alert('non_resolu', b, 2, '2026-11-05T11:00:00.000Z');
  alert('nps_bas', c, 3, '2026-11-13T08:00:00.000Z', 'traitee');
  alert('reponse_tardive', null, 3, '2026-10-31T23:30:00.000Z'); // 1 November in Paris
  alert('nps_bas', null, 4, '2026-10-13T08:00:00.000Z'); // October
  return db;
}

describe('monthlySurveyReport', () => {
  let db: Db;
  beforeEach(() => {
    db = build();
  });
  afterEach(() => db.close());

  it('counts sent / answered / response rate by the Paris date of the sending (UTC instants converted)', () => {
    const r = monthlySurveyReport(db, '2026-11');
    expect(r.month).toBe('2026-11');
    expect(r.previousMonth).toBe('2026-10');
    expect(r.sent).toBe(6);
    expect(r.answered).toBe(5);
    expect(r.responseRate).toBeCloseTo(5 / 6, 10);
    expect(r.responseGoal).toBe(0.4);
    expect(r.responseGoalMet).toBe(true);
  });

  it('computes the NPS of the month, of the previous month and the trend from the answers of each month', () => {
    const r = monthlySurveyReport(db, '2026-11');
    expect(r.nps).toEqual({ n: 6, promoters: 2, passives: 1, detractors: 3, nps: -100 / 6 });
    expect(r.previousNps).toEqual({ n: 2, promoters: 1, passives: 1, detractors: 0, nps: 50 });
    expect(r.npsTrend).toBeCloseTo(-100 / 6 - 50, 10);
    expect(r.history.map((h) => h.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(r.history.slice(-2)).toEqual([{ month: '2026-10', nps: 50, n: 2 }, { month: '2026-11', nps: -100 / 6, n: 6 }]);
    expect(r.history[0]).toEqual({ month: '2026-06', nps: null, n: 0 });
  });

  it('ranks the top 3 dissatisfaction reasons from the no-answers and the comments', () => {
    const r = monthlySurveyReport(db, '2026-11');
    expect(r.answeredInMonth).toBe(6);
    expect(r.topReasons).toEqual([
      { reason: 'Délai non respecté', count: 3, share: 0.5 },
      { reason: 'Problème non résolu', count: 2, share: 2 / 6 },
      { reason: 'Manque d’explications ou de communication', count: 1, share: 1 / 6 },
    ]);
  });

  it('counts the alerts created in the month by kind (Paris date), open ones apart', () => {
    const r = monthlySurveyReport(db, '2026-11');
    expect(r.alerts).toEqual({ available: true, total: 5, byKind: { nps_bas: 3, non_resolu: 1, reponse_tardive: 1 }, open: 4 });
  });

  it('breaks the month down by zone and by intervention type', () => {
    const r = monthlySurveyReport(db, '2026-11');
    expect(r.byZone.map((z) => [z.id, z.label, z.sent, z.answered, z.nps.n, z.nps.nps])).toEqual([
      [1, 'Annecy Centre', 4, 3, 4, 0],
      [2, 'Seynod', 2, 2, 2, -50],
    ]);
    expect(r.byZone[0]!.responseRate).toBe(0.75);
    expect(r.byType.map((t) => [t.id, t.label, t.sent, t.answered, t.nps.n, t.nps.nps])).toEqual([
      [1, 'Contrôle tableau', 4, 3, 3, 100 / 3],
      [2, 'Dépannage chauffage', 2, 2, 3, -200 / 3],
    ]);
  });

  it('scopes everything to one technician', () => {
    const r = monthlySurveyReport(db, '2026-11', { technicienId: 2 });
    expect([r.sent, r.answered]).toEqual([2, 2]);
    expect(r.nps).toEqual({ n: 3, promoters: 0, passives: 1, detractors: 2, nps: -200 / 3 });
    expect(r.alerts.total).toBe(2);
    expect(r.topReasons.map((x) => [x.reason, x.count])).toEqual([
      ['Délai non respecté', 2],
      ['Prix ou facturation', 1],
      ['Problème non résolu', 1],
    ]);
  });

  it('reports an empty month without dividing by zero', () => {
    const r = monthlySurveyReport(db, '2026-08');
    expect([r.sent, r.answered, r.responseRate, r.responseGoalMet, r.nps.nps, r.npsTrend]).toEqual([0, 0, null, null, null, null]);
    expect(r.topReasons).toEqual([]);
    expect(reportMarkdown(r)).toContain('aucune enquête envoyée');
  });

  it('works on a database without the survey_alerts table (before migration 7)', () => {
    db.exec('DROP TABLE survey_alerts');
    const r = monthlySurveyReport(db, '2026-11');
    expect(r.alerts).toEqual({ available: false, total: 0, byKind: { nps_bas: 0, non_resolu: 0, reponse_tardive: 0 }, open: 0 });
    expect(r.sent).toBe(6);
    expect(reportMarkdown(r)).toContain('non disponibles');
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => monthlySurveyReport(db, '2026-13')).toThrow(/AAAA-MM/);
    expect(() => monthlySurveyReport(db, 'novembre')).toThrow(/AAAA-MM/);
  });
});

describe('commentReasons', () => {
  it('reads the explicit keyword table on folded text', () => {
    expect(commentReasons('Arrivé avec une heure de RETARD sans prévenir.')).toEqual(['Délai non respecté', 'Manque d’explications ou de communication']);
    expect(commentReasons('Le chauffage ne fonctionne toujours pas correctement.')).toEqual(['Problème non résolu']);
    expect(commentReasons('Pas très soigneux, des traces dans le couloir.')).toEqual(['Manque de professionnalisme']);
    expect(commentReasons('Facture trop chère')).toEqual(['Prix ou facturation']);
    expect(commentReasons('Rien à redire, merci')).toEqual([]);
    expect(commentReasons('One hour late and still broken')).toEqual(['Délai non respecté', 'Problème non résolu']);
    expect(commentReasons('il cherche encore')).toEqual(['Problème non résolu']); // "cherche" is not "cher"
  });
});

describe('reportMarkdown', () => {
  it('writes the month in French with every headline figure', () => {
    const db = build();
    const md = reportMarkdown(monthlySurveyReport(db, '2026-11'));
    db.close();
    expect(md.startsWith('# Enquêtes de satisfaction — novembre 2026\n')).toBe(true);
    expect(md).toContain('| Enquêtes envoyées | 6 |');
    expect(md).toContain('| Enquêtes ayant reçu une réponse | 5 |');
    expect(md).toContain('| Taux de réponse | 83,3 % (objectif 40 % atteint) |');
    expect(md).toContain('| NPS du mois | −17 (6 notes : 2 promoteurs, 1 passif, 3 détracteurs) |');
    expect(md).toContain('| NPS d’octobre 2026 | +50 (2 notes : 1 promoteur, 1 passif, 0 détracteur) |');
    expect(md).toContain('| Tendance du NPS | −67 points |');
    expect(md).toContain('1. **Délai non respecté** — 3 réponses (50 % des 6 réponses du mois)');
    expect(md).toContain('2. **Problème non résolu** — 2 réponses (33,3 % des 6 réponses du mois)');
    expect(md).toContain('| Annecy Centre | 4 | 3 | 75 % | 0 (4) |');
    expect(md).toContain('| Dépannage chauffage | 2 | 2 | 100 % | −67 (3) |');
    expect(md).toContain('| client mécontent (NPS < 7) | 3 |');
    expect(md).toContain('5 (dont 4 encore ouvertes)');
  });

  it('formats NPS and trends with their sign', () => {
    expect([npsFr(33.4), npsFr(-0.4), npsFr(-12.6), npsFr(null)]).toEqual(['+33', '0', '−13', '—']);
    expect([trendFr(1), trendFr(-5.2), trendFr(0.2), trendFr(null)]).toEqual(['+1 point', '−5 points', 'stable', 'non calculable']);
  });
});
