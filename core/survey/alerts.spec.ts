import { describe, expect, it } from 'vitest';
import { listJobs } from '../jobs/queue.ts';
import { closeTheLoop, createReintervention, getAlert, listAlerts, raiseLateReply } from './alerts.ts';
import { world, WORLD_NOW as NOW } from './test-world.ts';

function answered(nps: number | null, resolu: 0 | 1 | null) {
  const w = world();
  const clientId = w.client({ prenom: 'Jeanne' });
  const interventionId = w.intervention(clientId, '2026-11-30T17:30:00+01:00');
  const id = Number(
    w.db
      .prepare("INSERT INTO fact_satisfaction (intervention_id, client_id, technicien_id, canal, statut, nps, probleme_resolu, delai_respecte) VALUES (?, ?, 1, 'sms', 'en_cours', ?, ?, 0)")
      .run(interventionId, clientId, nps, resolu).lastInsertRowid,
  );
  return { w, id, clientId };
}

describe('closed loop', () => {
  it('raises each alert once per survey, with its job, and one free re-intervention', () => {
    const { w, id, clientId } = answered(3, 0);
    const first = closeTheLoop(w.db, id, NOW);
    expect(first).toHaveLength(2);
    expect(closeTheLoop(w.db, id, NOW)).toEqual([]);
    expect(listJobs(w.db, { kind: 'survey.alert' }).map((j) => j.key).sort()).toEqual(first.map((a) => `survey.alert:${a}`).sort());
    expect(createReintervention(w.db, id, null, NOW)).toBe(listAlerts(w.db, { kind: 'non_resolu' })[0]!.plannedId);
    const view = getAlert(w.db, first[0]!)!;
    expect(view).toMatchObject({ kind: 'nps_bas', nps: 3, client: { clientId, name: `Jeanne Client${clientId}` }, intervention: { date: '2026-11-30', technicien: 'Gaëtan Morel', type: 'Dépannage tableau' } });
    expect(view.reasons).toEqual(['Délais non respectés', 'Problème pas entièrement résolu']);
  });

  it('raises nothing for a promoter whose problem is solved, or before any answer', () => {
    expect(closeTheLoop(answered(7, 1).w.db, 1, NOW)).toEqual([]);
    expect(closeTheLoop(answered(null, null).w.db, 1, NOW)).toEqual([]);
  });

  it('keeps one late-reply alert per inbound message', () => {
    const { w, id, clientId } = answered(9, 1);
    const a = raiseLateReply(w.db, { clientId, satisfactionId: id, text: 'merci', messageSid: 'SM1', reason: 'closed' }, NOW);
    expect(raiseLateReply(w.db, { clientId, satisfactionId: id, text: 'merci', messageSid: 'SM1', reason: 'closed' }, NOW)).toBe(a);
    expect(raiseLateReply(w.db, { clientId, satisfactionId: id, text: 'encore', messageSid: 'SM2', reason: 'closed' }, NOW)).not.toBe(a);
    expect(getAlert(w.db, a)).toMatchObject({ kind: 'reponse_tardive', text: 'merci', statut: 'ouverte' });
  });
});
