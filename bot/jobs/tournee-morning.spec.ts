import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../core/access/index.ts';
import { claimDue, enqueue, type Job } from '../../core/jobs/index.ts';
import { dayRoute } from '../../core/planning/tournee.ts';
import { TODAY, demoDb, type TempDb } from '../../test/e2e/helpers.ts';
import type { ProactiveSender, ProactiveTarget, SendResult } from '../proactive.ts';
import { MORNING_TOUR_KIND, morningTourHandler } from './tournee-morning.ts';

const NOW = new Date(`${TODAY}T06:45:00+01:00`);
let temp: TempDb;
beforeAll(() => {
  temp = demoDb();
});
afterAll(() => temp?.cleanup());

interface Sent {
  target: ProactiveTarget;
  text: string;
  card: unknown;
  key: string;
}

function recorder(answer: (n: number) => SendResult = () => ({ status: 'sent', conversationId: 'c', activityId: 'a', tries: 1, resend: false })): { sender: ProactiveSender; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    sender: {
      send: async (target, reply, { key }) => {
        sent.push({ target, text: reply.text, card: reply.card, key });
        return answer(sent.length);
      },
    },
  };
}

function claimed(key: string, date: string): Job {
  enqueue(temp.db, { key, kind: MORNING_TOUR_KIND, payload: { date }, dueAt: NOW }, NOW);
  const job = claimDue(temp.db, { owner: 't', now: NOW, kinds: [MORNING_TOUR_KIND] }).claimed.find((j) => j.key === key);
  if (!job) throw new Error('not claimed');
  return job;
}
const ctx = { now: NOW, owner: 't', extendLease: () => true };

describe('tournee.morning', () => {
  it('each technician with stops gets one card with their own stops; nobody else gets anything', async () => {
    const { sender, sent } = recorder();
    const job = claimed(`${MORNING_TOUR_KIND}:${TODAY}`, TODAY);
    const outcome = await morningTourHandler({ db: temp.db, proactive: sender })(job, ctx);
    const technicians = listUsers(temp.db).filter((u) => u.role === 'technician');
    expect(sent.map((s) => s.target)).toEqual(technicians.map((u) => ({ userId: u.userId })));
    expect(new Set(sent.map((s) => s.key)).size).toBe(technicians.length);
    for (const u of technicians) {
      const mine = sent.find((s) => (s.target as { userId: number }).userId === u.userId)!;
      const stops = dayRoute(temp.db, u.technicienId!, TODAY).stops.map((s) => s.client.name);
      expect(stops.length).toBeGreaterThan(0);
      const cardJson = JSON.stringify(mine.card);
      // every stop of the day is on the card (the card may show them in an optimised order)
      for (const name of stops) expect(cardJson, `${name} in ${u.displayName}'s card`).toContain(JSON.stringify(name).slice(1, -1));
      expect(cardJson).toContain(`Tournée de ${u.displayName}`);
      expect(mine.text).toMatch(new RegExp(`^Bonjour ${u.displayName.split(' ')[0]}, voici votre tournée du jour\\.`));
      expect(mine.key).toBe(`${job.key}:technicien:${u.technicienId}`);
    }
    expect(outcome).toEqual({ status: 'done', note: 'sent 5, already sent 0, no stops 0, no conversation 0, failed 0' });
  });

  it('skips a technician without stops that day and a Sunday without any', async () => {
    temp.db.prepare(`UPDATE planned_interventions SET statut = 'annule' WHERE technicien_id = 3 AND date_prevue = '2026-12-02'`).run();
    const { sender, sent } = recorder();
    const outcome = await morningTourHandler({ db: temp.db, proactive: sender })(claimed('mt:2026-12-02', '2026-12-02'), ctx);
    expect(sent).toHaveLength(4);
    expect(sent.some((s) => s.key.endsWith(':technicien:3'))).toBe(false);
    expect(outcome).toMatchObject({ note: expect.stringMatching(/no stops 1/) });
    const sunday = recorder();
    await morningTourHandler({ db: temp.db, proactive: sunday.sender })(claimed('mt:2026-12-06', '2026-12-06'), ctx);
    expect(sunday.sent).toEqual([]);
  });

  it('a transient failure throws (the job is retried; the outbox keeps the sent cards from going twice); a 403 does not', async () => {
    const flaky = recorder((n) => (n === 2 ? { status: 'failed', retryable: true, httpStatus: 503, error: 'HTTP 503' } : { status: 'sent', conversationId: 'c', activityId: 'a', tries: 1, resend: false }));
    await expect(morningTourHandler({ db: temp.db, proactive: flaky.sender })(claimed('mt:2026-12-03', '2026-12-03'), ctx)).rejects.toThrow(/1 card\(s\) to retry/);
    expect(flaky.sent).toHaveLength(5);
    const blocked = recorder((n) => (n === 2 ? { status: 'failed', retryable: false, httpStatus: 403, error: 'HTTP 403' } : { status: 'sent', conversationId: 'c', activityId: 'a', tries: 1, resend: false }));
    expect(await morningTourHandler({ db: temp.db, proactive: blocked.sender })(claimed('mt:2026-12-04', '2026-12-04'), ctx)).toMatchObject({ note: expect.stringMatching(/failed 1/) });
  });

  it('a bad payload is skipped with the reason', async () => {
    enqueue(temp.db, { key: 'mt:bad', kind: MORNING_TOUR_KIND, payload: { date: 'demain' }, dueAt: NOW }, NOW);
    const job = claimDue(temp.db, { owner: 't', now: NOW }).claimed.find((j) => j.key === 'mt:bad')!;
    expect(await morningTourHandler({ db: temp.db, proactive: recorder().sender })(job, ctx)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/payload.date/) });
  });
});
