import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../jobs/recurrence.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { simulateSurveys, simulationText, type SimulateOptions, type SimulationSummary } from './simulate.ts';

/** A small demo (120 clients, 3 months) and every client surveyable again (skipDays 0), so the loop is busy. */
const OPTIONS: SimulateOptions = { days: 18, seed: 7, clients: 120, months: 3, skipDays: 0 };
/** A smaller run for the determinism checks. */
const SMALL: SimulateOptions = { days: 8, seed: 3, clients: 60, months: 2, skipDays: 0 };

describe('simulateSurveys', () => {
  let db: Db;
  let s: SimulationSummary;
  beforeAll(() => {
    db = openDb(':memory:');
    s = simulateSurveys(OPTIONS, db);
  }, 180_000);
  afterAll(() => db.close());

  it('runs the whole loop without a service error and with plausible figures', () => {
    expect(s.errors).toBe(0);
    expect(s.interventionsSigned).toBeGreaterThan(100);
    expect(s.planned).toBeGreaterThan(50);
    expect(s.sent).toBeGreaterThan(50);
    expect(s.sent).toBeLessThanOrEqual(s.planned);
    expect(s.answered).toBeLessThanOrEqual(s.sent);
    // ≈ 45 % of the clients answer; the last week's surveys are still open, so the rate is a bit lower
    expect(s.responseRate).toBeGreaterThan(0.3);
    expect(s.responseRate).toBeLessThan(0.6);
    // every answer starts with a score: the NPS counts every answered survey
    expect(s.nps.n).toBe(s.answered);
    expect(s.nps.nps).toBeGreaterThan(-20);
    expect(s.nps.nps).toBeLessThan(70);
    expect(s.reminded).toBeGreaterThan(0);
    expect(s.expired).toBeGreaterThan(0);
    expect(s.sms.inboundOutcomes.answer).toBeGreaterThan(s.answered);
    expect(s.skipped).toEqual({ recent: 0, optedOut: expect.any(Number), noPhone: expect.any(Number) });
  });

  it('closes the loop for every low score and every unsolved problem', () => {
    const scoped = `FROM fact_satisfaction s JOIN survey_states st ON st.satisfaction_id = s.satisfaction_id`;
    const low = (db.prepare(`SELECT COUNT(*) AS n ${scoped} WHERE s.nps < 7`).get() as { n: number }).n;
    const unsolved = (db.prepare(`SELECT COUNT(*) AS n ${scoped} WHERE s.probleme_resolu = 0`).get() as { n: number }).n;
    expect(low).toBeGreaterThan(0);
    expect(s.alerts.nps_bas).toBe(low);
    expect(s.alerts.non_resolu).toBe(unsolved);
    expect(s.reinterventions).toBe(unsolved);
    const free = (db.prepare("SELECT COUNT(*) AS n FROM planned_interventions WHERE origine = 'enquete' AND gratuite = 1 AND statut = 'a_planifier'").get() as { n: number }).n;
    expect(free).toBeGreaterThanOrEqual(unsolved);
    expect(s.alertJobs).toBe(s.alerts.nps_bas + s.alerts.non_resolu + s.alerts.reponse_tardive);
  });

  it('never texts a client again after their STOP (but the confirmation)', () => {
    const stops = db.prepare("SELECT from_number, received_at FROM sms_inbound WHERE outcome = 'stop'").all() as { from_number: string; received_at: string }[];
    expect(stops.length).toBeGreaterThan(0);
    for (const stop of stops) {
      const after = db.prepare("SELECT COUNT(*) AS n FROM sms_messages WHERE to_number = ? AND created_at > ? AND status IN ('sent', 'delivered')").get(stop.from_number, stop.received_at) as { n: number };
      expect(after.n).toBe(0);
    }
  });

  it('sends first messages and reminders only Monday–Saturday in the allowed hours', () => {
    const rows = db.prepare("SELECT sent_at FROM sms_messages WHERE idempotency_key LIKE 'survey:%:out:1' AND sent_at IS NOT NULL").all() as { sent_at: string }[];
    expect(rows.length).toBe(s.sent);
    for (const r of rows) {
      const { date, time } = localParts(new Date(r.sent_at));
      expect(new Date(`${date}T12:00:00Z`).getUTCDay()).not.toBe(0);
      expect(time >= '08:00' && time <= '20:10').toBe(true);
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const a = simulateSurveys(SMALL);
    expect(a.sms.inbound).toBeGreaterThan(10);
    expect(simulateSurveys(SMALL)).toEqual(a);
    const other = simulateSurveys({ ...SMALL, seed: 4 });
    expect(other.errors).toBe(0);
    expect(other.interventionsSigned).toBe(a.interventionsSigned); // the same demo days; only the replies differ
    expect([other.answered, other.nps, other.sms.inbound]).not.toEqual([a.answered, a.nps, a.sms.inbound]);
  }, 180_000);

  it('prints the summary', () => {
    const text = simulationText(s);
    expect(text).toContain(`sent ${s.sent} · answered ${s.answered}`);
    expect(text).toContain(`alerts: nps_bas ${s.alerts.nps_bas}`);
    expect(text).toContain(`free re-interventions created ${s.reinterventions}`);
  });

  it('refuses bad options', () => {
    expect(() => simulateSurveys({ days: 0 })).toThrow(/days/);
    expect(() => simulateSurveys({ start: '1/12/2026' })).toThrow(/start/);
  });
});
