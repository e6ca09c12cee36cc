import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/index.ts';
import { listUsers } from '../../core/access/index.ts';
import type { CardJson } from '../../core/conversation/types.ts';
import { enqueue, findJob, type RecurringDefinition } from '../../core/jobs/index.ts';
import { closeTheLoop, raiseLateReply } from '../../core/survey/alerts.ts';
import { surveySettings } from '../../core/survey/index.ts';
import type { Db } from '../../core/warehouse/db.ts';
import { demoDb, type TempDb } from '../../test/e2e/helpers.ts';
import { defaultRecurring } from '../scheduler.ts';
import { createSimulatorTransport, createSmsDispatcher, type SimulatorTransport } from '../sms/index.ts';
import { convOf, harness as pushHarness } from './test-channel.ts';
import { SURVEY_MONTHLY_KIND } from './survey-monthly.ts';
import { SURVEY_SCAN_KIND } from './survey.ts';

const SETTINGS = surveySettings({ channel: 'web', formBaseUrl: 'https://sav.example.com' });
/** Teams refuses a message whose payload exceeds 28 KB; the card keeps 2 KB for the activity around it. */
const MAX_CARD_BYTES = 26 * 1024;

/** The push-job harness (test-channel.ts) with the real SMS dispatcher on the simulator and the survey settings. */
function harness(db: Db, recurring: RecurringDefinition[], start: Date, reportDir: string, settings = SETTINGS) {
  // built with the harness clock, inside pushHarness (which calls the callback before returning)
  let simulator!: SimulatorTransport;
  let flushes = 0;
  const h = pushHarness(db, recurring, start, (now) => {
    simulator = createSimulatorTransport(now);
    const dispatcher = createSmsDispatcher({ db, transport: simulator, owner: 'test', now, ratePerSec: 1000, sleep: async () => undefined });
    return { sms: { flush: () => ((flushes += 1), dispatcher.flush()) }, survey: { settings, reportDir } };
  });
  const cards = (email: string): CardJson[] =>
    h.posts.filter((p) => p.conversationId === convOf(email)).map((p) => ((p.activity.attachments as { content: CardJson }[] | undefined)?.[0]?.content ?? null) as CardJson);
  return { posts: h.posts, scheduler: h.scheduler, clock: h.clock, simulator, flushes: () => flushes, cards };
}

let temp: TempDb;
let reportDir: string;
beforeAll(() => {
  temp = demoDb();
  reportDir = mkdtempSync(join(tmpdir(), 'sav-reports-'));
});
afterAll(() => {
  temp?.cleanup();
  if (reportDir) rmSync(reportDir, { recursive: true, force: true });
});

describe('defaultRecurring with the survey', () => {
  const scheduler = { enabled: true, timezone: 'Europe/Paris', morningTourCron: '30 6 * * 1-6', morningTourMaxLatenessMin: 90 };
  it('adds the scan (each occurrence, no long catch-up) and the monthly report (late rather than never) when their cron is set', () => {
    const defs = defaultRecurring(scheduler, { enabled: true, scanCron: '*/10 * * * *', monthlyCron: '0 8 1 * *' });
    expect(defs.find((d) => d.kind === SURVEY_SCAN_KIND)).toMatchObject({ cron: '*/10 * * * *', oncePer: 'occurrence', lookbackMs: 15 * 60_000, maxLatenessMs: 15 * 60_000 });
    expect(defs.find((d) => d.kind === SURVEY_MONTHLY_KIND)).toMatchObject({ cron: '0 8 1 * *', maxLatenessMs: null });
  });
  it('leaves them off when the survey is disabled, absent or without cron', () => {
    const kinds = (s?: Parameters<typeof defaultRecurring>[1]) => defaultRecurring(scheduler, s).map((d) => d.kind);
    for (const s of [undefined, { enabled: false, scanCron: '*/10 * * * *', monthlyCron: '0 8 1 * *' }, { enabled: true }]) {
      expect(kinds(s)).not.toContain(SURVEY_SCAN_KIND);
      expect(kinds(s)).not.toContain(SURVEY_MONTHLY_KIND);
    }
    expect(kinds({ enabled: true, monthlyCron: '0 8 1 * *' })).toEqual(['tournee.morning', SURVEY_MONTHLY_KIND]);
  });
});

describe('survey.alert', () => {
  it('a low score to the planners with the button; a problem not solved to the technical director and Gaëtan; once each, in their language', async () => {
    const db = temp.db;
    db.prepare("UPDATE users SET langue = 'en' WHERE email = 'philippe.rey@duret-electricite.fr'").run();
    const s = db.prepare("SELECT satisfaction_id AS id, client_id AS clientId FROM fact_satisfaction WHERE statut = 'complete' ORDER BY satisfaction_id LIMIT 1").get() as { id: number; clientId: number };
    db.prepare("UPDATE fact_satisfaction SET nps = 2, professionnel = 0, professionnel_commentaire = 'traces de pas partout', delai_respecte = 1, probleme_resolu = 0, probleme_commentaire = 'toujours en panne' WHERE satisfaction_id = ?").run(s.id);
    const at = new Date('2026-12-01T09:00:00Z');
    const alerts = db.transaction(() => closeTheLoop(db, s.id, at))();
    expect(alerts).toHaveLength(2);
    const h = harness(db, [], at, reportDir);
    const r = await h.scheduler.tick();
    expect(r.done.sort()).toEqual(alerts.map((id) => `survey.alert:${id}`).sort());

    const byUser = new Map(listUsers(db).map((u) => [u.email, h.cards(u.email)]));
    const [planner] = byUser.get('clothilde.martin@duret-electricite.fr')!;
    expect(byUser.get('clothilde.martin@duret-electricite.fr')).toHaveLength(1);
    expect(checkCard(planner!)).toEqual([]);
    expect(JSON.stringify(planner)).toMatch(/"text":"Client [^"]+ mécontent \(note 2\/10\)"/);
    expect(JSON.stringify(planner)).toContain('Technicien jugé pas professionnel : « traces de pas partout »');
    expect(JSON.stringify(planner)).toContain('Appel sous 24 h');
    expect(planner!.actions).toEqual([{ type: 'Action.Execute', title: 'Appel fait', verb: 'survey.callDone', data: { alertId: alerts[0] } }]);

    const planned = (db.prepare('SELECT planned_id AS id FROM survey_alerts WHERE alert_id = ?').get(alerts[1]) as { id: number }).id;
    const [director] = byUser.get('philippe.rey@duret-electricite.fr')!;
    expect(byUser.get('philippe.rey@duret-electricite.fr')).toHaveLength(1);
    expect(JSON.stringify(director)).toContain(`Free re-intervention #${planned} created`);
    expect(JSON.stringify(director)).toContain('"text":"toujours en panne"');
    const [gaetan] = byUser.get('gaetan.morel@duret-electricite.fr')!;
    expect(byUser.get('gaetan.morel@duret-electricite.fr')).toHaveLength(1);
    expect(JSON.stringify(gaetan)).toContain(`Ré-intervention gratuite n° ${planned} créée`);
    // nobody else: not the direction, not the other technicians
    for (const [email, cards] of byUser) if (!['clothilde.martin', 'philippe.rey', 'gaetan.morel'].some((n) => email.startsWith(n))) expect(cards, email).toEqual([]);

    const keys = (db.prepare("SELECT idempotency_key AS k FROM outbox WHERE idempotency_key LIKE 'survey.alert:%' ORDER BY k").all() as { k: string }[]).map((x) => x.k);
    expect(keys).toEqual([`survey.alert:${alerts[0]}:user:1`, `survey.alert:${alerts[1]}:user:3`, `survey.alert:${alerts[1]}:user:4`].sort());
    // a retry of the job (e.g. after a crash before it was marked done) sends nothing twice
    db.prepare(`UPDATE jobs SET status = 'pending', run_after = due_at WHERE idempotency_key = ?`).run(`survey.alert:${alerts[0]}`);
    expect((await h.scheduler.tick()).done).toEqual([`survey.alert:${alerts[0]}`]);
    expect(h.posts).toHaveLength(3);
  });

  it('a reply after the close to the planners, with its text', async () => {
    const db = temp.db;
    const c = db.prepare('SELECT client_id AS id FROM dim_clients ORDER BY client_id LIMIT 1').get() as { id: number };
    const at = new Date('2026-12-01T10:00:00Z');
    const alertId = db.transaction(() => raiseLateReply(db, { clientId: c.id, satisfactionId: null, text: 'Merci, tout va bien maintenant', messageSid: 'SMlate01', reason: 'closed' }, at))();
    const h = harness(db, [], at, reportDir);
    expect((await h.scheduler.tick()).done).toEqual([`survey.alert:${alertId}`]);
    expect(h.posts.map((p) => p.conversationId)).toEqual([convOf('clothilde.martin@duret-electricite.fr')]);
    expect(JSON.stringify(h.cards('clothilde.martin@duret-electricite.fr')[0])).toContain('"text":"Merci, tout va bien maintenant"');
  });

  it('a bad payload or an unknown alert is skipped with the reason', async () => {
    const db = temp.db;
    const at = new Date('2026-12-01T11:00:00Z');
    enqueue(db, { key: 'survey.alert:x', kind: 'survey.alert', payload: { alertId: 'x' }, dueAt: at }, at);
    enqueue(db, { key: 'survey.alert:99999', kind: 'survey.alert', payload: { alertId: 99999 }, dueAt: at }, at);
    const h = harness(db, [], at, reportDir);
    expect((await h.scheduler.tick()).skipped.sort()).toEqual(['survey.alert:99999', 'survey.alert:x']);
    expect(findJob(db, 'survey.alert:x')?.lastError).toMatch(/bad payload: payload.alertId must be a number/);
    expect(findJob(db, 'survey.alert:99999')?.lastError).toMatch(/alert 99999 not found/);
    expect(h.posts).toEqual([]);
  });
});

describe('survey.scan → survey.send', () => {
  it('the scan plans the signed reports; each send queues the link SMS and the dispatcher sends it at once, once', async () => {
    const db = temp.db;
    const start = new Date('2026-12-01T09:00:00Z'); // Tuesday 10:00 in Annecy
    const recurring = defaultRecurring({ enabled: true, timezone: 'Europe/Paris', morningTourCron: '30 6 * * 1-6', morningTourMaxLatenessMin: 90 }, { enabled: true, scanCron: '*/10 * * * *' });
    const h = harness(db, recurring.filter((d) => d.kind === SURVEY_SCAN_KIND), start, reportDir, { ...SETTINGS, skipIfSurveyedWithinDays: 0 });
    const first = await h.scheduler.tick();
    // the occurrences of the last 15 minutes only (09:50 and 10:00), not a day of them
    const scans = first.done.filter((k) => k.startsWith('survey.scan:'));
    expect(scans).toEqual(['survey.scan:2026-12-01T09:50', 'survey.scan:2026-12-01T10:00']);
    const states = db.prepare('SELECT satisfaction_id AS id, send_at AS sendAt FROM survey_states ORDER BY send_at, satisfaction_id').all() as { id: number; sendAt: string }[];
    expect(states.length).toBeGreaterThan(1);
    const notes = scans.map((k) => findJob(db, k)?.lastError ?? '');
    expect(notes[0]).toMatch(new RegExp(`^planned ${states.length}, `));
    expect(notes[1]).toMatch(/^planned 0, skipped recent 0, opted out \d+, no phone \d+$/); // the second scan finds nothing new
    for (const s of states) expect(findJob(db, `survey.send:${s.id}`)?.dueAt.toISOString()).toBe(s.sendAt);

    // at the first send time: the surveys due are sent, their link SMS leave at once through the dispatcher
    h.clock.now = new Date(Math.max(start.getTime(), Date.parse(states[0]!.sendAt)));
    const due = states.filter((s) => Date.parse(s.sendAt) <= h.clock.now.getTime());
    const r = await h.scheduler.tick();
    expect(r.done.filter((k) => k.startsWith('survey.send:')).sort()).toEqual(due.map((s) => `survey.send:${s.id}`).sort());
    const rows = db.prepare("SELECT satisfaction_id AS id, status, sid, body FROM sms_messages WHERE idempotency_key LIKE 'survey:%:out:1' ORDER BY satisfaction_id").all() as { id: number; status: string; sid: string | null; body: string }[];
    expect(rows.map((x) => x.id)).toEqual(due.map((s) => s.id).sort((a, b) => a - b));
    for (const x of rows) {
      expect(x.status).toBe('sent');
      expect(x.sid).toMatch(/^SM/);
      expect(x.body).toMatch(/^Duret Électricité : .*https:\/\/sav\.example\.com\/s\/[A-Za-z0-9_-]{43} STOP/);
    }
    expect(h.simulator.sent).toHaveLength(rows.length);
    expect(h.flushes()).toBe(due.length);
    // a retry of a send job (crash before it was marked done) queues and sends nothing twice
    db.prepare(`UPDATE jobs SET status = 'pending', run_after = due_at WHERE idempotency_key = ?`).run(`survey.send:${due[0]!.id}`);
    expect((await h.scheduler.tick()).done).toEqual([`survey.send:${due[0]!.id}`]);
    expect(h.simulator.sent).toHaveLength(rows.length);
    expect((db.prepare("SELECT COUNT(*) AS n FROM sms_messages WHERE satisfaction_id = ?").get(due[0]!.id) as { n: number }).n).toBe(1);
  });

  it('unanswered: the reminder at J+7 goes out at once, then the survey closes at J+14 (expire) and nothing more is sent', async () => {
    const db = temp.db;
    const s = db.prepare("SELECT st.satisfaction_id AS id, st.remind_at AS remindAt, st.close_at AS closeAt FROM survey_states st JOIN fact_satisfaction f ON f.satisfaction_id = st.satisfaction_id WHERE f.statut = 'envoye' ORDER BY st.satisfaction_id LIMIT 1").get() as { id: number; remindAt: string; closeAt: string };
    const h = harness(db, [], new Date(s.remindAt), reportDir);
    await h.scheduler.tick();
    expect(findJob(db, `survey.remind:${s.id}`)).toMatchObject({ status: 'done', lastError: 'survey reminder: 1 SMS queued, 0 alert(s)' });
    const mine = () => db.prepare('SELECT status, body FROM sms_messages WHERE satisfaction_id = ? ORDER BY message_id').all(s.id) as { status: string; body: string }[];
    expect(mine().map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(mine()[1]!.body).toMatch(/rappel de notre enquête/);
    expect(h.simulator.sent.map((m) => m.body)).toContain(mine()[1]!.body);
    h.clock.now = new Date(s.closeAt);
    await h.scheduler.tick();
    expect(findJob(db, `survey.close:${s.id}`)?.status).toBe('done');
    expect((db.prepare('SELECT statut FROM fact_satisfaction WHERE satisfaction_id = ?').get(s.id) as { statut: string }).statut).toBe('expire');
    expect(mine()).toHaveLength(2);
  });
});

describe('survey.monthly', () => {
  it('the month just ended: the Markdown file in reportDir and the card to the direction, valid and under the size limit', async () => {
    const db = temp.db;
    const at = new Date('2026-12-01T07:00:00Z'); // 08:00 in Annecy, the 1st
    const h = harness(db, defaultRecurring({ enabled: true, timezone: 'Europe/Paris', morningTourCron: '30 6 * * 1-6', morningTourMaxLatenessMin: 90 }, { enabled: true, monthlyCron: '0 8 1 * *' }).filter((d) => d.kind === SURVEY_MONTHLY_KIND), at, reportDir);
    const r = await h.scheduler.tick();
    expect(r.done).toEqual(['survey.monthly:2026-12-01']);
    const file = join(reportDir, 'enquete-2026-11.md');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Enquêtes de satisfaction — novembre 2026/);
    const direction = listUsers(db).filter((u) => u.role === 'direction');
    expect(h.posts.map((p) => p.conversationId)).toEqual(direction.map((u) => convOf(u.email)));
    const card = h.cards(direction[0]!.email)[0]!;
    expect(checkCard(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
    const json = JSON.stringify(card);
    expect(json).toContain('"text":"Enquêtes de satisfaction — novembre 2026"');
    expect(json).toContain('"type":"Chart.Donut"');
    expect(json).toContain('"type":"Chart.Line"');
    expect(json).toContain('objectif 40 %');
    expect(json).toContain('enquete-2026-11.md');
    expect(findJob(db, 'survey.monthly:2026-12-01')?.lastError).toMatch(/^2026-11: file .*enquete-2026-11\.md; sent 1/);
  });
});
