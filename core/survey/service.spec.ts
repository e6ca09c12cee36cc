import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findJob, listJobs } from '../jobs/queue.ts';
import { recordInbound } from '../sms/dispatch.ts';
import { getSms, listSms } from '../sms/outbox.ts';
import { openDb } from '../warehouse/db.ts';
import { generateDemo } from '../warehouse/demo/index.ts';
import { getAlert, listAlerts, markAlertDone } from './alerts.ts';
import { isGsm7, QUESTIONS, SENDER } from './questions.ts';
import { closeSurvey, formByToken, markDeliveryFailed, markOptedOut, planSurveys, receiveSms, remindSurvey, REPLY_GRACE_MS, sendSurvey, smsSendableAt, submitForm } from './service.ts';
import type { SurveySettings } from './settings.ts';
import { loadSurvey } from './store.ts';
import { world, WORLD_NOW as NOW, type World } from './test-world.ts';

const SMS: SurveySettings = { channel: 'sms', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: null };
const WEB: SurveySettings = { channel: 'web', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: 'https://sav.example.com/' };
/** Monday 30 November 2026, 17:30 in Annecy: J+2 is Wednesday 2 December 17:30. */
const SIGNED = '2026-11-30T17:30:00+01:00';
const SEND_AT = new Date('2026-12-02T17:30:00+01:00');
const minutes = (d: Date, m: number): Date => new Date(d.getTime() + m * 60_000);

let sid = 0;

interface Started {
  id: number;
  clientId: number;
  phone: string;
}

function planned(w: World, settings: SurveySettings, client: Parameters<World['client']>[0] = {}): Started {
  const clientId = w.client(client);
  const interventionId = w.intervention(clientId, SIGNED);
  expect(planSurveys(w.db, NOW, settings).created).toBe(1);
  const { satisfaction_id: id } = w.db.prepare('SELECT satisfaction_id FROM fact_satisfaction WHERE intervention_id = ?').get(interventionId) as { satisfaction_id: number };
  const phone = (w.db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').get(clientId) as { telephone: string }).telephone;
  return { id, clientId, phone };
}

function started(w: World, settings: SurveySettings, client: Parameters<World['client']>[0] = {}): Started {
  const s = planned(w, settings, client);
  expect(sendSurvey(w.db, s.id, SEND_AT, settings).queued).toHaveLength(1);
  return s;
}

const say = (w: World, from: string, body: string, at: Date) => receiveSms(w.db, { messageSid: `SM${String(++sid).padStart(32, '0')}`, from, body }, at);
const bodies = (w: World, id: number): string[] => listSms(w.db, { satisfactionId: id }).map((m) => m.body);
const fact = (w: World, id: number) => w.db.prepare('SELECT * FROM fact_satisfaction WHERE satisfaction_id = ?').get(id) as Record<string, unknown>;
const count = (w: World, sql: string, ...p: unknown[]): number => (w.db.prepare(sql).get(...p) as { n: number }).n;

describe('planSurveys', () => {
  it('plans a survey per signed report with its three jobs, once', () => {
    const w = world();
    const { id } = planned(w, SMS);
    const rec = loadSurvey(w.db, id)!;
    expect(rec.state.status).toBe('pending');
    expect(rec.sendAt).toEqual(SEND_AT);
    expect(rec.remindAt).toEqual(new Date('2026-12-07T17:30:00+01:00'));
    expect(rec.closeAt).toEqual(new Date('2026-12-14T17:30:00+01:00'));
    expect(fact(w, id)).toMatchObject({ statut: 'planifie', canal: 'sms', envoye_at: null, technicien_id: 1 });
    for (const [kind, due] of [['survey.send', rec.sendAt], ['survey.remind', rec.remindAt], ['survey.close', rec.closeAt]] as const) {
      expect(findJob(w.db, `${kind}:${id}`)).toMatchObject({ kind, payload: { satisfactionId: id }, dueAt: due, status: 'pending' });
    }
    expect(planSurveys(w.db, NOW, SMS)).toEqual({ created: 0, skipped: { recent: 0, optedOut: 0, noPhone: 0 } });
    expect(listJobs(w.db)).toHaveLength(3);
  });

  it('skips opted-out clients, clients without a phone, clients surveyed recently, and reports too old', () => {
    const w = world();
    w.intervention(w.client({ optOut: true }), SIGNED);
    w.intervention(w.client({ telephone: null }), SIGNED);
    w.intervention(w.client({ telephone: 'pas de numéro' }), SIGNED);
    const twice = w.client();
    w.intervention(twice, '2026-11-27T10:00:00+01:00');
    w.intervention(twice, SIGNED); // the first is planned: this one would survey the same client again
    const old = w.client();
    const past = w.intervention(old, '2026-09-15T10:00:00+02:00');
    w.db.prepare("INSERT INTO fact_satisfaction (intervention_id, client_id, technicien_id, canal, statut, envoye_at) VALUES (?, ?, 1, 'sms', 'complete', '2026-09-17T10:00:00+02:00')").run(past, old);
    w.intervention(old, SIGNED); // surveyed 75 days ago: skipped with the 90-day rule
    w.intervention(w.client(), '2026-11-10T10:00:00+01:00'); // its survey would already be closed (J+14 = 24/11)
    const r = planSurveys(w.db, NOW, SMS);
    expect(r).toEqual({ created: 1, skipped: { recent: 2, optedOut: 1, noPhone: 2 } });
    expect(count(w, 'SELECT COUNT(*) AS n FROM survey_states')).toBe(1);
    expect(planSurveys(w.db, NOW, { ...SMS, skipIfSurveyedWithinDays: 60 }).created).toBe(1); // "old" is outside 60 days
  });

  it('on the demo data at its today: takes the planned surveys of the last days, skips the recently surveyed, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sav-survey-'));
    const db = openDb(join(dir, 'sav.db'));
    try {
      generateDemo(db, { seed: 42, today: '2026-12-01', clients: 120, technicians: 5, months: 3 });
      const pending = count({ db } as World, "SELECT COUNT(*) AS n FROM fact_satisfaction WHERE statut = 'planifie'");
      const r = planSurveys(db, NOW, SMS);
      const all = planSurveys(db, NOW, { ...SMS, skipIfSurveyedWithinDays: 0 });
      // the demo surveyed almost every client in the last 90 days; without that rule every reachable report is taken
      expect(r.created + r.skipped.recent + r.skipped.optedOut + r.skipped.noPhone).toBe(pending);
      expect(r.skipped.recent).toBeGreaterThan(0);
      expect(r.created + all.created + all.skipped.optedOut + all.skipped.noPhone).toBe(pending);
      expect(all.created).toBeGreaterThan(0);
      expect(count({ db } as World, 'SELECT COUNT(*) AS n FROM survey_states')).toBe(r.created + all.created);
      expect(count({ db } as World, "SELECT COUNT(*) AS n FROM jobs WHERE kind LIKE 'survey.%'")).toBe(3 * (r.created + all.created));
      expect(planSurveys(db, NOW, { ...SMS, skipIfSurveyedWithinDays: 0 }).created).toBe(0);
      // sending one of them works on the demo clients
      const first = db.prepare('SELECT satisfaction_id AS id, send_at FROM survey_states ORDER BY send_at LIMIT 1').get() as { id: number; send_at: string };
      const sent = sendSurvey(db, first.id, new Date(first.send_at), SMS);
      expect(sent.queued.length + (sent.deferredUntil ? 1 : 0)).toBe(1);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the SMS conversation through receiveSms', () => {
  it('plays the five questions with a re-ask and the comment after "non", from a French 06 number', () => {
    const w = world();
    const { id, phone } = started(w, SMS, { telephone: '+33612345678' });
    expect(fact(w, id)).toMatchObject({ statut: 'envoye', envoye_at: SEND_AT.toISOString(), date_id: 20261202 });
    const local = '06 12 34 56 78';
    let t = minutes(SEND_AT, 5);
    const replies = ['pas mal', 'Je dirais 9/10', 'Oui merci', 'non', 'il est venu 3 jours après', 'oui', 'Rien à dire, merci !'];
    const outcomes = replies.map((r) => say(w, local, r, (t = minutes(t, 2))));
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(7).fill('answer'));
    expect(outcomes.every((o) => o.satisfactionId === id && o.alerts.length === 0)).toBe(true);
    const sent = listSms(w.db, { satisfactionId: id });
    expect(sent.map((m) => m.key)).toEqual(Array.from({ length: 8 }, (_, i) => `survey:${id}:out:${i + 1}`));
    expect(sent.every((m) => m.to === phone && m.status === 'pending' && m.body.startsWith(`${SENDER} : `) && isGsm7(m.body))).toBe(true);
    const b = sent.map((m) => m.body);
    expect(b[0]).toContain('30/11/2026');
    expect(b[0]).toContain(QUESTIONS.fr.q1);
    expect(b[1]).toMatch(/un seul chiffre de 0 à 10/);
    expect(b[2]).toContain(QUESTIONS.fr.q2);
    expect(b[3]).toContain(QUESTIONS.fr.q3);
    expect(b[4]).toMatch(/ce qui n'a pas été/);
    expect(b[5]).toContain(QUESTIONS.fr.q4);
    expect(b[6]).toContain(QUESTIONS.fr.q5);
    expect(b[7]).toMatch(/Merci pour vos réponses/);
    expect(fact(w, id)).toMatchObject({
      statut: 'complete', canal: 'sms', nps: 9, professionnel: 1, delai_respecte: 0, delai_commentaire: 'il est venu 3 jours après',
      probleme_resolu: 1, suggestion: 'Rien à dire, merci !', repondu_at: minutes(SEND_AT, 9).toISOString(),
    });
    expect(loadSurvey(w.db, id)?.state.status).toBe('completed');
    // a reply after the end is kept for the planner, not answered
    const late = say(w, phone, 'Et la facture ?', minutes(t, 60));
    expect(late.outcome).toBe('late_reply');
    expect(bodies(w, id)).toHaveLength(8);
    expect(getAlert(w.db, late.alerts[0]!)).toMatchObject({ kind: 'reponse_tardive', text: 'Et la facture ?', satisfactionId: id });
  });

  it('an English client gets the English questions', () => {
    const w = world();
    const { id, phone } = started(w, SMS, { langue: 'en' });
    say(w, phone, '10', minutes(SEND_AT, 1));
    expect(bodies(w, id)[0]).toContain(QUESTIONS.en.q1);
    expect(bodies(w, id)[1]).toContain(QUESTIONS.en.q2);
  });

  it('closes the loop in the same transaction: NPS < 7 → alert at once, Q4 non → alert and free re-intervention', () => {
    const w = world();
    const { id, clientId, phone } = started(w, SMS);
    let t = minutes(SEND_AT, 3);
    const q1 = say(w, phone, '4', t);
    expect(q1.alerts).toHaveLength(1);
    const low = getAlert(w.db, q1.alerts[0]!)!;
    expect(low).toMatchObject({ kind: 'nps_bas', statut: 'ouverte', nps: 4, satisfactionId: id, client: { clientId, telephone: phone }, plannedId: null });
    expect(findJob(w.db, `survey.alert:${low.alertId}`)).toMatchObject({ kind: 'survey.alert', payload: { alertId: low.alertId }, dueAt: t, status: 'pending' });
    say(w, phone, 'non, il a laissé des gravats', (t = minutes(t, 1)));
    expect(say(w, phone, 'oui', (t = minutes(t, 1))).alerts).toEqual([]);
    const q4 = say(w, phone, 'non', (t = minutes(t, 1)));
    expect(q4.alerts).toHaveLength(1);
    const unsolved = getAlert(w.db, q4.alerts[0]!)!;
    expect(unsolved.kind).toBe('non_resolu');
    expect(findJob(w.db, `survey.alert:${unsolved.alertId}`)?.kind).toBe('survey.alert');
    const planned = () => w.db.prepare('SELECT * FROM planned_interventions WHERE planned_id = ?').get(unsolved.plannedId) as Record<string, unknown>;
    expect(planned()).toMatchObject({
      client_id: clientId, type_intervention_id: 1, zone_id: 1, technicien_id: null, statut: 'a_planifier', origine: 'enquete', gratuite: 1,
      urgence: 'urgente', date_demande: '2026-12-02', date_echeance: '2026-12-09', duree_prevue_min: 90,
    });
    // the reply to "why?" goes into the re-intervention's notes, with no new alert
    expect(say(w, phone, 'Toujours des coupures le soir', (t = minutes(t, 1))).alerts).toEqual([]);
    expect(planned().notes).toMatch(/problème non résolu.*Toujours des coupures le soir/);
    // the reasons in the words of the planner's Teams card (core/survey/alerts.ts alertReasons)
    expect(getAlert(w.db, low.alertId)?.reasons).toEqual(['Technicien jugé pas professionnel : « il a laissé des gravats »', 'Problème pas entièrement résolu : « Toujours des coupures le soir »']);
    say(w, phone, 'non', (t = minutes(t, 1)));
    expect(listAlerts(w.db).map((a) => a.kind).sort()).toEqual(['non_resolu', 'nps_bas']);
    expect(count(w, 'SELECT COUNT(*) AS n FROM planned_interventions')).toBe(1);
    expect(fact(w, id)).toMatchObject({ statut: 'complete', nps: 4, professionnel: 0, professionnel_commentaire: 'il a laissé des gravats', probleme_resolu: 0 });
  });

  it('a crash inside the closed loop leaves nothing half-done: no answer, no SMS, no alert, same version', () => {
    const w = world();
    const { id, phone } = started(w, SMS);
    let t = minutes(SEND_AT, 1);
    for (const r of ['8', 'oui', 'oui']) say(w, phone, r, (t = minutes(t, 1)));
    const before = { version: loadSurvey(w.db, id)!.version, sms: bodies(w, id).length, fact: fact(w, id) };
    w.db.exec("CREATE TEMP TRIGGER boom BEFORE INSERT ON planned_interventions BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => say(w, phone, 'non, toujours en panne', (t = minutes(t, 1)))).toThrow(/disk full/);
    expect({ version: loadSurvey(w.db, id)!.version, sms: bodies(w, id).length, fact: fact(w, id) }).toEqual(before);
    expect(count(w, 'SELECT COUNT(*) AS n FROM survey_alerts')).toBe(0);
    expect(count(w, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'survey.alert'")).toBe(0);
    w.db.exec('DROP TRIGGER boom');
    const again = say(w, phone, 'non, toujours en panne', minutes(t, 1));
    expect(again.alerts).toHaveLength(1);
    expect(fact(w, id)).toMatchObject({ probleme_resolu: 0, probleme_commentaire: 'toujours en panne' });
  });

  it('STOP mid-survey: opted out at once, confirmed once, pending SMS cancelled, nothing more sent; START resumes', () => {
    const w = world();
    const { id, clientId, phone } = started(w, SMS);
    let t = minutes(SEND_AT, 1);
    say(w, phone, '8', (t = minutes(t, 1))); // Q2 is pending in the outbox
    const stop = say(w, phone, 'STOP', (t = minutes(t, 1)));
    expect(stop.outcome).toBe('stop');
    expect(stop.queued).toHaveLength(1);
    const all = listSms(w.db, { satisfactionId: id });
    expect(all.map((m) => m.status)).toEqual(['cancelled', 'cancelled', 'pending']);
    expect(all[2]!.body).toMatch(/ne recevrez plus nos SMS/);
    expect(all[2]!.body).not.toMatch(/STOP pour ne plus/);
    expect(w.db.prepare('SELECT sms_opt_out FROM dim_clients WHERE client_id = ?').get(clientId)).toEqual({ sms_opt_out: 1 });
    expect(fact(w, id).statut).toBe('desinscrit');
    expect(say(w, phone, 'ARRET', (t = minutes(t, 1)))).toMatchObject({ outcome: 'stop_repeated', queued: [] });
    const reply = say(w, phone, 'oui', (t = minutes(t, 1)));
    expect(reply).toMatchObject({ outcome: 'late_reply', queued: [] });
    expect(getAlert(w.db, reply.alerts[0]!)?.kind).toBe('reponse_tardive');
    expect(remindSurvey(w.db, id, new Date('2026-12-07T17:30:00+01:00')).queued).toEqual([]);
    expect(listSms(w.db, { satisfactionId: id })).toHaveLength(3);
    const start = say(w, phone, 'START', (t = minutes(t, 1)));
    expect(start.outcome).toBe('start');
    expect(start.queued).toHaveLength(1);
    expect(bodies(w, id).at(-1)).toMatch(/vous recevez de nouveau nos SMS\..*Le technicien a-t-il été professionnel/);
    expect(fact(w, id).statut).toBe('en_cours');
    expect(say(w, phone, 'oui', minutes(t, 1)).outcome).toBe('answer');
    expect(fact(w, id).professionnel).toBe(1);
  });

  it('STOP with no open survey is confirmed once; START resubscribes; the STOP SMS is never texted again', () => {
    const w = world();
    const clientId = w.client({ telephone: '+33677777777' });
    const stop = say(w, '0677777777', 'STOP SMS', NOW);
    expect(stop).toMatchObject({ outcome: 'stop', satisfactionId: null });
    expect(listSms(w.db, { clientId }).map((m) => [m.status, /ne recevrez plus/.test(m.body)])).toEqual([['pending', true]]);
    expect(say(w, '0677777777', 'stop', NOW)).toMatchObject({ outcome: 'stop_repeated', queued: [] });
    // a survey planned now for this client is skipped
    w.intervention(clientId, SIGNED);
    expect(planSurveys(w.db, NOW, SMS).skipped.optedOut).toBe(1);
    const start = say(w, '+33677777777', 'START', NOW);
    expect(start.outcome).toBe('start');
    expect(listSms(w.db, { clientId }).at(-1)?.body).toMatch(/vous recevez de nouveau nos SMS/);
    expect(say(w, '+33677777777', 'START', NOW).outcome).toBe('start_ignored');
  });

  it('an unknown or malformed number is recorded and never throws', () => {
    const w = world();
    expect(say(w, '+33600000001', '9', NOW)).toEqual({ satisfactionId: null, queued: [], alerts: [], outcome: 'unknown_number' });
    expect(say(w, 'DURET', 'STOP', NOW).outcome).toBe('unknown_number');
    expect(() => receiveSms(w.db, { messageSid: '', from: '+33600000001', body: 'x' }, NOW)).toThrow(/messageSid/);
    expect(listSms(w.db)).toEqual([]);
  });

  it('marks the inbound row processed in the same transaction; the same MessageSid is not processed twice', () => {
    const w = world();
    const { id, phone } = started(w, SMS);
    const at = minutes(SEND_AT, 2);
    w.db.prepare("INSERT INTO sms_inbound (message_sid, from_number, to_number, body, received_at) VALUES ('SMdup', ?, '+33700000000', '7', ?)").run(phone, at.toISOString());
    expect(receiveSms(w.db, { messageSid: 'SMdup', from: phone, body: '7' }, at).outcome).toBe('answer');
    expect(w.db.prepare("SELECT processed_at, outcome FROM sms_inbound WHERE message_sid = 'SMdup'").get()).toEqual({ processed_at: at.toISOString(), outcome: 'answer' });
    expect(receiveSms(w.db, { messageSid: 'SMdup', from: phone, body: '7' }, at)).toMatchObject({ outcome: 'duplicate', queued: [] });
    expect(bodies(w, id)).toHaveLength(2);
    expect(loadSurvey(w.db, id)?.state.current).toBe('q2');
  });

  it('a restart mid-conversation loses nothing: the state is read back from the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sav-survey-'));
    try {
      const path = join(dir, 'sav.db');
      const w = world(path);
      const { id, phone } = started(w, SMS);
      say(w, phone, '9', minutes(SEND_AT, 1));
      say(w, phone, 'oui', minutes(SEND_AT, 2));
      const version = loadSurvey(w.db, id)!.version;
      w.db.close();
      const db = openDb(path);
      const again = { ...w, db };
      expect(loadSurvey(db, id)).toMatchObject({ version, state: { status: 'open', current: 'q3', answers: { q1: 9, q2: true } } });
      expect(say(again, phone, 'non, 2 jours de retard', minutes(SEND_AT, 3)).outcome).toBe('answer');
      expect(loadSurvey(db, id)).toMatchObject({ version: version + 1, state: { current: 'q4', comments: { q3: '2 jours de retard' } } });
      expect(bodies(again, id).at(-1)).toContain(QUESTIONS.fr.q4);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('send, remind, close', () => {
  it('sends once; outside the allowed hours it is moved to the next slot by a job', () => {
    const w = world();
    const { id } = planned(w, SMS);
    const sunday = new Date('2026-12-06T10:00:00+01:00');
    const r = sendSurvey(w.db, id, sunday, SMS);
    expect(r).toMatchObject({ queued: [], deferredUntil: new Date('2026-12-07T08:00:00+01:00') });
    expect(findJob(w.db, `survey.send:${id}:${r.deferredUntil!.toISOString()}`)).toMatchObject({ kind: 'survey.send', payload: { satisfactionId: id } });
    expect(fact(w, id).statut).toBe('planifie');
    expect(sendSurvey(w.db, id, SEND_AT, SMS).queued).toHaveLength(1);
    expect(sendSurvey(w.db, id, minutes(SEND_AT, 1), SMS).queued).toEqual([]);
    expect(bodies(w, id)).toHaveLength(1);
  });

  it('reminds only while Q1 is unanswered, once, and not after a failed delivery', () => {
    const w = world();
    const remindAt = new Date('2026-12-07T17:30:00+01:00');
    const a = started(w, SMS);
    const r = remindSurvey(w.db, a.id, remindAt);
    expect(r.queued).toHaveLength(1);
    expect(bodies(w, a.id).at(-1)).toMatch(/rappel de notre enquête.*0 à 10/);
    expect(fact(w, a.id).relance_at).toBe(remindAt.toISOString());
    expect(remindSurvey(w.db, a.id, minutes(remindAt, 1)).queued).toEqual([]);

    const w2 = world();
    const b = started(w2, SMS);
    say(w2, b.phone, '10', minutes(SEND_AT, 1));
    expect(remindSurvey(w2.db, b.id, remindAt).queued).toEqual([]);
    const c = started(w2, SMS);
    markDeliveryFailed(w2.db, c.id, minutes(SEND_AT, 1));
    expect(remindSurvey(w2.db, c.id, remindAt).queued).toEqual([]);
    expect(fact(w2, c.id).relance_at).toBeNull();
  });

  it('closes: unanswered → expire, pending SMS cancelled, a later reply kept for the planner', () => {
    const w = world();
    const { id, phone } = started(w, SMS);
    const closeAt = new Date('2026-12-14T17:30:00+01:00');
    expect(closeSurvey(w.db, id, closeAt).queued).toEqual([]);
    expect(fact(w, id).statut).toBe('expire');
    expect(listSms(w.db, { satisfactionId: id }).map((m) => m.status)).toEqual(['cancelled']);
    expect(remindSurvey(w.db, id, closeAt).queued).toEqual([]);
    const late = say(w, phone, '9, désolé du retard', minutes(closeAt, 60));
    expect(late).toMatchObject({ outcome: 'late_reply', satisfactionId: id, queued: [] });
    expect(getAlert(w.db, late.alerts[0]!)).toMatchObject({ kind: 'reponse_tardive', text: '9, désolé du retard' });
    expect(findJob(w.db, `survey.alert:${late.alerts[0]}`)?.kind).toBe('survey.alert');
    expect(fact(w, id).nps).toBeNull();
    // a completed survey stays complete
    const done = started(w, SMS);
    for (const [i, r] of ['9', 'oui', 'oui', 'oui', 'rien'].entries()) say(w, done.phone, r, minutes(SEND_AT, i + 1));
    closeSurvey(w.db, done.id, closeAt);
    expect(fact(w, done.id).statut).toBe('complete');
  });

  it('a reply after the close instant, before the close job ran, is not taken as an answer', () => {
    const w = world();
    const { id, phone } = started(w, SMS);
    const r = say(w, phone, '3', new Date('2026-12-15T09:00:00+01:00'));
    expect(r.outcome).toBe('late_reply');
    expect(fact(w, id)).toMatchObject({ statut: 'expire', nps: null });
  });

  it('markOptedOut (e.g. error 21610): pending SMS cancelled, open surveys desinscrit, nothing sent after', () => {
    const w = world();
    const { id, clientId } = started(w, SMS);
    markOptedOut(w.db, clientId, minutes(SEND_AT, 1));
    expect(listSms(w.db, { satisfactionId: id }).map((m) => m.status)).toEqual(['cancelled']);
    expect(fact(w, id).statut).toBe('desinscrit');
    expect(loadSurvey(w.db, id)?.state.optedOut).toBe(true);
    expect(remindSurvey(w.db, id, new Date('2026-12-07T17:30:00+01:00')).queued).toEqual([]);
  });
});

describe('the web form channel', () => {
  function webSurvey(w: World) {
    const s = started(w, WEB);
    const sms = listSms(w.db, { satisfactionId: s.id });
    const token = /https:\/\/sav\.example\.com\/s\/([A-Za-z0-9_-]{43}) /.exec(sms[0]!.body)?.[1];
    if (!token) throw new Error(`no link in ${sms[0]?.body}`);
    return { ...s, token, sms };
  }

  it('sends ONE SMS naming the sender, with the personal link and the free STOP, GSM-7; stores only the token hash', () => {
    const w = world();
    const { id, token, sms } = webSurvey(w);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toMatch(/^Duret Électricité : merci de nous avoir fait confiance pour l'intervention du 30\/11\/2026\. 5 questions rapides : https:\/\/sav\.example\.com\/s\/[A-Za-z0-9_-]{43} STOP pour ne plus recevoir nos SMS \(gratuit\)\.$/);
    expect(isGsm7(sms[0]!.body)).toBe(true);
    const row = w.db.prepare('SELECT * FROM survey_states WHERE satisfaction_id = ?').get(id) as Record<string, unknown>;
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(fact(w, id)).toMatchObject({ statut: 'envoye', canal: 'web' });
    expect(formByToken(w.db, token)).toEqual({
      satisfactionId: id, lang: 'fr', state: expect.objectContaining({ status: 'open', current: 'q1' }), clientFirstName: 'Prénom1', interventionDate: '2026-11-30', used: false, closed: false,
    });
    expect(formByToken(w.db, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(formByToken(w.db, 'short')).toBeNull();
  });

  it('the reminder carries the same link', () => {
    const w = world();
    const { id, token } = webSurvey(w);
    expect(remindSurvey(w.db, id, new Date('2026-12-07T17:30:00+01:00')).queued).toHaveLength(1);
    expect(bodies(w, id)[1]).toBe(`${SENDER} : rappel de notre enquête de satisfaction. https://sav.example.com/s/${token} STOP pour ne plus recevoir nos SMS (gratuit).`);
  });

  it('needs a base URL; an SMS reply to the link is kept for the planner; STOP still unsubscribes', () => {
    const w = world();
    const s = planned(w, WEB);
    expect(() => sendSurvey(w.db, s.id, SEND_AT, { ...WEB, formBaseUrl: null })).toThrow(/formBaseUrl/);
    expect(listSms(w.db)).toEqual([]);
    expect(fact(w, s.id).statut).toBe('planifie');
    const { id, phone } = webSurvey(w);
    const reply = say(w, phone, '9', minutes(SEND_AT, 5));
    expect(reply).toMatchObject({ outcome: 'late_reply', satisfactionId: id, queued: [] });
    expect(getAlert(w.db, reply.alerts[0]!)).toMatchObject({ kind: 'reponse_tardive', text: '9' });
    expect(fact(w, id).nps).toBeNull();
    const stop = say(w, phone, 'STOP', minutes(SEND_AT, 6));
    expect(stop.outcome).toBe('stop');
    expect(listSms(w.db, { to: phone }).at(-1)?.body).toMatch(/ne recevrez plus nos SMS/);
    expect(remindSurvey(w.db, id, new Date('2026-12-07T17:30:00+01:00')).queued).toEqual([]);
  });

  it('refuses invalid answers without recording anything, then records a submission once, with the closed loop', () => {
    const w = world();
    const { id, clientId, token } = webSurvey(w);
    const t = minutes(SEND_AT, 30);
    expect(submitForm(w.db, token, { q1: 'bien', q2: 'peut-être' }, t)).toEqual({ ok: false, errors: { q1: 'Merci de donner une note de 0 à 10.', q2: 'Merci de répondre oui ou non.' } });
    expect(submitForm(w.db, token, { q1: ['9'] }, t)).toEqual({ ok: false, errors: { form: 'Formulaire invalide.' } });
    expect(fact(w, id)).toMatchObject({ nps: null, statut: 'envoye' });
    const long = 'é'.repeat(620);
    const ok = submitForm(w.db, token, { q1: '6/10', q2: 'oui', q3: 'non', q3c: 'deux jours de retard', q4: 'non', q4c: 'le disjoncteur saute encore', q5: long, extra: 'ignored' }, t);
    expect(ok).toEqual({ ok: true });
    expect(fact(w, id)).toMatchObject({
      canal: 'web', statut: 'complete', nps: 6, professionnel: 1, delai_respecte: 0, delai_commentaire: 'deux jours de retard', probleme_resolu: 0,
      probleme_commentaire: 'le disjoncteur saute encore', suggestion: 'é'.repeat(500), repondu_at: t.toISOString(),
    });
    const alerts = listAlerts(w.db).sort((a, b) => a.alertId - b.alertId);
    expect(alerts.map((a) => a.kind)).toEqual(['nps_bas', 'non_resolu']);
    expect(alerts.every((a) => findJob(w.db, `survey.alert:${a.alertId}`)?.dueAt.getTime() === t.getTime())).toBe(true);
    expect(w.db.prepare('SELECT client_id, gratuite, origine, notes FROM planned_interventions WHERE planned_id = ?').get(alerts[1]!.plannedId)).toEqual({
      client_id: clientId, gratuite: 1, origine: 'enquete', notes: expect.stringContaining('le disjoncteur saute encore'),
    });
    expect(formByToken(w.db, token)).toMatchObject({ used: true, state: { status: 'completed', answers: { q1: 6, q2: true, q3: false, q4: false } } });
    expect(submitForm(w.db, token, { q1: '10' }, minutes(t, 1))).toEqual({ ok: false, errors: { form: 'already answered' } });
    expect(fact(w, id).nps).toBe(6);
    expect(remindSurvey(w.db, id, new Date('2026-12-07T17:30:00+01:00')).queued).toEqual([]);
    expect(bodies(w, id)).toHaveLength(1);
  });

  it('parses form answers like SMS replies; empty yes/no are no answer; a closed survey refuses', () => {
    const w = world();
    const { id, token } = webSurvey(w);
    expect(submitForm(w.db, token, { q1: 'neuf', q2: 'Oui merci', q3: '', q5: '' }, minutes(SEND_AT, 5))).toEqual({ ok: true });
    expect(fact(w, id)).toMatchObject({ nps: 9, professionnel: 1, delai_respecte: null, probleme_resolu: null, suggestion: null, statut: 'complete' });
    expect(listAlerts(w.db)).toEqual([]);
    const other = webSurvey(w);
    closeSurvey(w.db, other.id, new Date('2026-12-14T17:30:00+01:00'));
    expect(formByToken(w.db, other.token)?.closed).toBe(true);
    expect(submitForm(w.db, other.token, { q1: 9 }, new Date('2026-12-14T18:00:00+01:00'))).toEqual({ ok: false, errors: { form: 'closed' } });
    expect(submitForm(w.db, 'x'.repeat(43), { q1: 9 }, NOW)).toEqual({ ok: false, errors: { form: 'invalid link' } });
  });
});

describe('markAlertDone', () => {
  it('marks the call done once, by a known user', () => {
    const w = world();
    const { phone } = started(w, SMS);
    const [alertId] = say(w, phone, '2', minutes(SEND_AT, 1)).alerts;
    const t = minutes(SEND_AT, 90);
    expect(markAlertDone(w.db, alertId!, 999, t)).toEqual({ ok: false, alreadyDone: false });
    expect(markAlertDone(w.db, alertId!, w.users.planner, t)).toEqual({ ok: true, alreadyDone: false });
    expect(markAlertDone(w.db, alertId!, w.users.director, minutes(t, 1))).toEqual({ ok: true, alreadyDone: true });
    expect(getAlert(w.db, alertId!)).toMatchObject({ statut: 'traitee', doneAt: t, doneBy: { userId: w.users.planner, name: 'Clothilde Martin' } });
    expect(markAlertDone(w.db, 12345, w.users.planner, t)).toEqual({ ok: false, alreadyDone: false });
  });
});

describe('smsSendableAt: the allowed sending hours, asked before each send attempt', () => {
  const at = (iso: string): Date => new Date(iso);
  /** the client's SMS as the webhook takes it: recorded at `receivedAt`, processed at `processedAt` */
  const texted = (w: World, from: string, body: string, receivedAt: Date, processedAt = receivedAt) => {
    const messageSid = `SM${String(++sid).padStart(32, '0')}`;
    recordInbound(w.db, { messageSid, from, to: SENDER, body }, receivedAt);
    return receiveSms(w.db, { messageSid, from, body }, processedAt);
  };

  it('Monday–Saturday 08:00–20:00 Paris: now; otherwise the next allowed slot, Sundays and public holidays skipped', () => {
    const w = world();
    const sms = { to: '+33612345678', createdAt: at('2026-12-01T19:00:00+01:00') };
    expect(smsSendableAt(w.db, sms, at('2026-12-01T19:59:59+01:00'))).toEqual(at('2026-12-01T19:59:59+01:00'));
    expect(smsSendableAt(w.db, sms, at('2026-12-01T20:00:00+01:00'))).toEqual(at('2026-12-02T08:00:00+01:00'));
    expect(smsSendableAt(w.db, sms, at('2026-12-02T07:59:00+01:00'))).toEqual(at('2026-12-02T08:00:00+01:00'));
    // Saturday evening → Monday; Christmas Eve evening → Christmas (a Friday) skipped → Saturday
    expect(smsSendableAt(w.db, sms, at('2026-12-26T20:30:00+01:00'))).toEqual(at('2026-12-28T08:00:00+01:00'));
    expect(smsSendableAt(w.db, sms, at('2026-12-24T20:00:00+01:00'))).toEqual(at('2026-12-26T08:00:00+01:00'));
    // the configured hours (SURVEY_HOURS)
    expect(smsSendableAt(w.db, sms, at('2026-12-01T18:30:00+01:00'), { from: '09:00', to: '18:00' })).toEqual(at('2026-12-02T09:00:00+01:00'));
  });

  it('a reply to what the client just texted (next question, STOP confirmation) goes at any hour for 15 minutes, then waits like the rest', () => {
    const w = world();
    const { id, phone } = started(w, SMS);
    const night = at('2026-12-02T21:00:00+01:00');
    const nextMorning = at('2026-12-03T08:00:00+01:00');
    const q2 = getSms(w.db, texted(w, phone, '9', night).queued[0]!)!;
    expect(q2.body).toContain(QUESTIONS.fr.q2);
    expect(smsSendableAt(w.db, q2, night)).toEqual(night);
    expect(smsSendableAt(w.db, q2, minutes(night, 14))).toEqual(minutes(night, 14));
    // still not sent 15 minutes after the client's SMS (a provider outage): the next morning
    expect(smsSendableAt(w.db, q2, new Date(night.getTime() + REPLY_GRACE_MS))).toEqual(nextMorning);
    // the survey's own first SMS is no reply: never out of hours
    const q1 = listSms(w.db, { satisfactionId: id })[0]!;
    expect(smsSendableAt(w.db, q1, night)).toEqual(nextMorning);
    // the STOP confirmation is a reply too
    const stop = getSms(w.db, texted(w, phone, 'STOP', minutes(night, 30)).queued[0]!)!;
    expect(stop.body).toMatch(/ne recevrez plus/);
    expect(smsSendableAt(w.db, stop, minutes(night, 31))).toEqual(minutes(night, 31));
    expect(smsSendableAt(w.db, stop, minutes(night, 60))).toEqual(nextMorning);
  });

  it('an SMS received at 19:55 but processed at 23:00 (the app was down) is not an immediate reply: its answer waits for 08:00', () => {
    const w = world();
    const { phone } = started(w, SMS);
    const r = texted(w, phone, '8', at('2026-12-02T19:55:00+01:00'), at('2026-12-02T23:00:00+01:00'));
    expect(r.outcome).toBe('answer');
    const q2 = getSms(w.db, r.queued[0]!)!;
    expect(smsSendableAt(w.db, q2, at('2026-12-02T23:00:00+01:00'))).toEqual(at('2026-12-03T08:00:00+01:00'));
  });
});
