/**
 * The survey service: plans the surveys of signed reports, sends them (SMS conversation or one SMS with a link
 * to the web form), takes the clients' replies, reminds, closes, and closes the loop. Every change caused by one
 * event — the state JSON (optimistic `version`), the answers in fact_satisfaction, the SMS queued, the alerts,
 * the free re-intervention and the alert jobs — happens in ONE immediate SQLite transaction, so a crash never
 * leaves half an answer and several processes on the same file never interleave.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { enqueue } from '../jobs/queue.ts';
import { markInboundProcessed } from '../sms/dispatch.ts';
import { cancelPendingSms, queueSms } from '../sms/outbox.ts';
import { normalisePhone } from '../sms/phone.ts';
import { addDaysIso, dateId, parisDate } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import { closeTheLoop, raiseLateReply } from './alerts.ts';
import { MAX_SUGGESTION_CHARS, parseAnswer, type QuestionId } from './answers.ts';
import { newSurvey, step, type StepResult, type SurveyEffect, type SurveyState } from './engine.ts';
import { compose, intro, text, type Lang } from './questions.ts';
import { nextAllowedSlot, scheduleConfig, surveyTimeline, type ScheduleConfig, type ScheduleOptions, type SurveyTimeline } from './schedule.ts';
import type { SurveySettings } from './settings.ts';
import {
  clientContact,
  clientsByPhone,
  hashToken,
  insertSurveyState,
  latestSurveyOf,
  loadSurvey,
  loadSurveyByTokenHash,
  markSent,
  recordAnswer,
  recordComment,
  saveState,
  setDeliveryFailed,
  setFactStatus,
  type StateChanges,
  type SurveyRecord,
} from './store.ts';

export interface SurveyStepReport {
  satisfactionId: number | null;
  /** SMS message ids queued (status pending) */
  queued: number[];
  /** alert ids raised */
  alerts: number[];
  /** sendSurvey / remindSurvey outside the allowed hours: moved to this slot (a job is enqueued for it) */
  deferredUntil?: Date;
}

export type InboundOutcome = 'answer' | 'stop' | 'stop_repeated' | 'start' | 'start_ignored' | 'late_reply' | 'unknown_number' | 'duplicate';

export interface InboundReport extends SurveyStepReport {
  /** what was done with the message (also written to sms_inbound.outcome when the row exists) */
  outcome: InboundOutcome;
}

export interface PlanReport {
  created: number;
  skipped: { recent: number; optedOut: number; noPhone: number };
}

export const SEND_JOB_KIND = 'survey.send';
export const REMIND_JOB_KIND = 'survey.remind';
export const CLOSE_JOB_KIND = 'survey.close';
export const sendJobKey = (id: number): string => `survey.send:${id}`;
export const remindJobKey = (id: number): string => `survey.remind:${id}`;
export const closeJobKey = (id: number): string => `survey.close:${id}`;

/** The path of the web form: `${formBaseUrl}/s/<token>`. */
export const FORM_PATH = '/s/';
/** A web-form token: 32 random bytes, base64url (43 characters). */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const LINK_RE = /(https?:\/\/\S+\/s\/)([A-Za-z0-9_-]{43})/;

const empty = (satisfactionId: number | null): SurveyStepReport => ({ satisfactionId, queued: [], alerts: [] });
const OPEN_STATUSES = ['envoye', 'en_cours'] as const;

function requireSurvey(db: Db, satisfactionId: number): SurveyRecord {
  if (!Number.isInteger(satisfactionId) || satisfactionId <= 0) throw new Error(`survey: invalid satisfactionId ${String(satisfactionId)}`);
  const rec = loadSurvey(db, satisfactionId);
  if (!rec) throw new Error(`survey ${satisfactionId} not found (no survey_states row)`);
  return rec;
}

// ─────────────────────────────── applying one engine step ───────────────────────────────

interface ApplyOptions {
  /** replaces the engine's messages (the web channel sends a link, not the questions) */
  messages?: readonly string[];
  changes?: StateChanges;
  /** the inbound message, for the late-reply alert */
  messageSid?: string;
}

/** Persists a step of the engine and everything it implies. Call inside a transaction. */
function apply(db: Db, rec: SurveyRecord, r: StepResult, now: Date, options: ApplyOptions = {}): SurveyStepReport {
  const report = empty(rec.satisfactionId);
  const saved = saveState(db, rec, r.state, now, options.changes);
  let optOut = false;
  for (const e of r.effects) {
    effect(db, saved, e, now, options, report);
    if (e.kind === 'opt_out') optOut = true;
  }
  const to = saved.toNumber;
  // a replacement (the web link) only where the engine would have sent something
  for (const body of r.messages.length === 0 ? [] : (options.messages ?? r.messages)) {
    if (!to) break;
    const n = (db.prepare('SELECT COUNT(*) AS n FROM sms_messages WHERE satisfaction_id = ?').get(rec.satisfactionId) as { n: number }).n + 1;
    const q = queueSms(db, { key: `survey:${rec.satisfactionId}:out:${n}`, to, body, satisfactionId: rec.satisfactionId, clientId: rec.clientId, ignoreOptOut: optOut }, now);
    if (q.created && q.status === 'pending') report.queued.push(q.messageId);
  }
  report.alerts.push(...closeTheLoop(db, rec.satisfactionId, now));
  return report;
}

function effect(db: Db, rec: SurveyRecord, e: SurveyEffect, now: Date, options: ApplyOptions, report: SurveyStepReport): void {
  switch (e.kind) {
    case 'answer':
      recordAnswer(db, rec.satisfactionId, e.question, e.value, e.comment ?? null, now);
      return;
    case 'comment':
      recordComment(db, rec.satisfactionId, e.question, e.comment);
      return;
    case 'truncated':
      return;
    case 'completed':
      setFactStatus(db, rec.satisfactionId, 'complete');
      return;
    case 'closed':
      setFactStatus(db, rec.satisfactionId, 'expire', ['planifie', 'envoye', 'en_cours']);
      cancelPendingSms(db, { satisfactionId: rec.satisfactionId }, now);
      return;
    case 'opt_out':
      optOut(db, sameNumberClients(db, rec.clientId), now);
      return;
    case 'opt_in':
      optIn(db, sameNumberClients(db, rec.clientId));
      setFactStatus(db, rec.satisfactionId, Object.values(rec.state.answers).some((v) => v !== null && v !== undefined) ? 'en_cours' : 'envoye', ['desinscrit']);
      return;
    case 'late_reply':
      report.alerts.push(raiseLateReply(db, { clientId: rec.clientId, satisfactionId: rec.satisfactionId, text: e.text, messageSid: options.messageSid ?? `late:${rec.satisfactionId}:${now.toISOString()}`, reason: rec.state.status === 'completed' ? 'completed' : 'closed' }, now));
      return;
  }
}

/** The client and the others sharing its number (an opt-out is about the phone). */
function sameNumberClients(db: Db, clientId: number): number[] {
  const c = clientContact(db, clientId);
  if (!c?.telephone) return [clientId];
  return [...new Set([clientId, ...clientsByPhone(db, c.telephone).map((x) => x.client_id)])];
}

/** Opt-out of these clients: flag, pending SMS cancelled, their surveys not closed yet 'desinscrit' and their state opted out. */
function optOut(db: Db, clientIds: readonly number[], now: Date): void {
  for (const clientId of clientIds) {
    db.prepare('UPDATE dim_clients SET sms_opt_out = 1 WHERE client_id = ?').run(clientId);
    cancelPendingSms(db, { clientId }, now);
    const ids = db.prepare("SELECT satisfaction_id FROM fact_satisfaction WHERE client_id = ? AND statut IN ('planifie', 'envoye', 'en_cours')").all(clientId) as { satisfaction_id: number }[];
    for (const { satisfaction_id: id } of ids) {
      setFactStatus(db, id, 'desinscrit');
      const rec = loadSurvey(db, id);
      if (rec && !rec.state.optedOut) saveState(db, rec, { ...rec.state, optedOut: true }, now);
    }
  }
}

function optIn(db: Db, clientIds: readonly number[]): void {
  for (const clientId of clientIds) db.prepare('UPDATE dim_clients SET sms_opt_out = 0 WHERE client_id = ?').run(clientId);
}

/** The client said STOP (or the provider answered 21610): never texted again until START. */
export function markOptedOut(db: Db, clientId: number, now: Date): void {
  db.transaction(() => optOut(db, sameNumberClients(db, clientId), now)).immediate();
}

/** An SMS of the survey was not delivered: no reminder will be sent. */
export function markDeliveryFailed(db: Db, satisfactionId: number, now: Date): void {
  setDeliveryFailed(db, satisfactionId, now);
}

// ─────────────────────────────── planning ───────────────────────────────

/**
 * The surveys to run: reports signed in the last closeAfterDays days (their survey would not be closed yet)
 * with no fact_satisfaction row — or a 'planifie' row no process has taken yet (the demo data, the ETL) —
 * become a survey: fact_satisfaction 'planifie', survey_states, and the send / remind / close jobs.
 * Skipped: opted-out clients, clients without a phone, clients surveyed (or about to be) in the last
 * skipIfSurveyedWithinDays days. Idempotent: a second call creates nothing.
 */
export function planSurveys(db: Db, now: Date, settings: SurveySettings): PlanReport {
  const schedule = scheduleConfig(settings.schedule);
  const since = dateId(addDaysIso(parisDate(now), -(schedule.closeAfterDays + 31)));
  const report: PlanReport = { created: 0, skipped: { recent: 0, optedOut: 0, noPhone: 0 } };
  const recentSince = new Date(now.getTime() - settings.skipIfSurveyedWithinDays * 86_400_000).toISOString();
  // read and time the candidates outside any write transaction (the timeline is pure and costs ~1 ms)
  const rows = db
    .prepare(
      `SELECT i.intervention_id, i.client_id, i.technicien_id, i.rapport_signe_at, s.satisfaction_id
       FROM fact_interventions i
       LEFT JOIN fact_satisfaction s ON s.intervention_id = i.intervention_id
       WHERE i.date_id >= ? AND i.rapport_signe_at IS NOT NULL
         AND (s.satisfaction_id IS NULL
              OR (s.statut = 'planifie' AND NOT EXISTS (SELECT 1 FROM survey_states st WHERE st.satisfaction_id = s.satisfaction_id)))`,
    )
    .all(since) as { intervention_id: number; client_id: number; technicien_id: number; rapport_signe_at: string; satisfaction_id: number | null }[];
  const oldest = now.getTime() - (schedule.closeAfterDays + 2) * 86_400_000;
  const timelines = new Map<number, SurveyTimeline>();
  const timeline = (signedAt: Date): SurveyTimeline => {
    let t = timelines.get(signedAt.getTime());
    if (!t) timelines.set(signedAt.getTime(), (t = surveyTimeline(signedAt, schedule)));
    return t;
  };
  const candidates = rows
    .map((r) => ({ ...r, signedAt: new Date(r.rapport_signe_at) }))
    .filter((r) => !Number.isNaN(r.signedAt.getTime()) && r.signedAt.getTime() <= now.getTime() && r.signedAt.getTime() >= oldest)
    .map((r) => ({ ...r, timeline: timeline(r.signedAt) }))
    .filter((r) => r.timeline.closeAt.getTime() > now.getTime())
    .sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime() || a.intervention_id - b.intervention_id);

  const recent = db.prepare(
    `SELECT 1 FROM fact_satisfaction s
     WHERE s.client_id = @client AND s.intervention_id <> @intervention
       AND ((s.envoye_at IS NOT NULL AND julianday(s.envoye_at) >= julianday(@since))
            OR (s.statut = 'planifie' AND EXISTS (SELECT 1 FROM survey_states st WHERE st.satisfaction_id = s.satisfaction_id)))
     LIMIT 1`,
  );
  const insertFact = db.prepare(
    `INSERT INTO fact_satisfaction (intervention_id, client_id, technicien_id, canal, statut)
     VALUES (?, ?, ?, ?, 'planifie') ON CONFLICT (intervention_id) DO NOTHING`,
  );
  const adopt = db.prepare("UPDATE fact_satisfaction SET canal = ? WHERE satisfaction_id = ? AND statut = 'planifie'");
  const planOne = (c: (typeof candidates)[number]): void => {
    const client = clientContact(db, c.client_id);
    if (!client) return;
    if (client.sms_opt_out === 1) {
      if (c.satisfaction_id !== null) setFactStatus(db, c.satisfaction_id, 'desinscrit', ['planifie']);
      report.skipped.optedOut++;
      return;
    }
    const phone = normalisePhone(client.telephone);
    if (!phone) {
      report.skipped.noPhone++;
      return;
    }
    if (settings.skipIfSurveyedWithinDays > 0 && recent.get({ client: c.client_id, intervention: c.intervention_id, since: recentSince })) {
      report.skipped.recent++;
      return;
    }
    let id = c.satisfaction_id;
    if (id === null) {
      const info = insertFact.run(c.intervention_id, c.client_id, c.technicien_id, settings.channel);
      if (info.changes !== 1) return; // another process planned it meanwhile
      id = Number(info.lastInsertRowid);
    } else if (adopt.run(settings.channel, id).changes !== 1) {
      return;
    }
    const { sendAt, remindAt, closeAt } = c.timeline;
    if (!insertSurveyState(db, { satisfactionId: id, state: newSurvey(client.langue === 'en' ? 'en' : 'fr'), canal: settings.channel, toNumber: phone, sendAt, remindAt, closeAt }, now)) return;
    enqueue(db, { key: sendJobKey(id), kind: SEND_JOB_KIND, payload: { satisfactionId: id }, dueAt: sendAt }, now);
    enqueue(db, { key: remindJobKey(id), kind: REMIND_JOB_KIND, payload: { satisfactionId: id }, dueAt: remindAt }, now);
    enqueue(db, { key: closeJobKey(id), kind: CLOSE_JOB_KIND, payload: { satisfactionId: id }, dueAt: closeAt }, now);
    report.created++;
  };
  // short write transactions, so SMS replies and other processes are never kept waiting behind a big scan
  for (let i = 0; i < candidates.length; i += PLAN_CHUNK) {
    db.transaction(() => candidates.slice(i, i + PLAN_CHUNK).forEach(planOne)).immediate();
  }
  return report;
}

/** Surveys planned per write transaction. */
const PLAN_CHUNK = 200;

// ─────────────────────────────── sending, reminding, closing ───────────────────────────────

/** When `now` is outside the allowed hours: the next slot, with a job of the same kind enqueued for it. */
function deferIfOutOfHours(db: Db, rec: SurveyRecord, kind: string, key: string, schedule: ScheduleOptions, now: Date): Date | null {
  const slot = nextAllowedSlot(now, scheduleConfig(schedule));
  if (slot.getTime() <= now.getTime()) return null;
  enqueue(db, { key: `${key}:${slot.toISOString()}`, kind, payload: { satisfactionId: rec.satisfactionId }, dueAt: slot }, now);
  return slot;
}

/**
 * How long after the client's own SMS its reply (the next question, a re-ask, the STOP / START confirmation) may
 * still go out outside the allowed hours: the client is in the conversation. Later (a provider outage, a restart),
 * the reply waits for the allowed hours like every other SMS.
 */
export const REPLY_GRACE_MS = 15 * 60_000;

/**
 * When an outbound SMS may be handed to the provider: the survey's sending hours (default Monday–Saturday
 * 08:00–20:00 Paris, never on a public holiday), asked before EACH send attempt — queueing inside the hours is not
 * enough (a provider outage from 19:50 to 20:30 must not send at 20:30).
 * - inside the allowed hours: `now`;
 * - outside them, a reply to an SMS the client sent less than REPLY_GRACE_MS ago: `now` (they just texted us);
 * - else the start of the next allowed slot (the SMS stays queued until then).
 * It applies to every SMS of the outbox (all are the survey's: first SMS, web link, reminder, replies, STOP / START
 * confirmations). A reply is recognised as the SMS `receiveSms` queued while processing that number's inbound SMS:
 * it marks the sms_inbound row processed in the same transaction, at the same instant as the reply's created_at.
 */
export function smsSendableAt(db: Db, sms: { to: string; createdAt: Date }, now: Date, schedule: ScheduleOptions | ScheduleConfig = {}): Date {
  const slot = nextAllowedSlot(now, schedule);
  if (slot.getTime() <= now.getTime()) return now;
  const inbound = db
    .prepare('SELECT received_at AS receivedAt FROM sms_inbound WHERE from_number = ? AND processed_at = ? ORDER BY received_at DESC LIMIT 1')
    .get(sms.to, sms.createdAt.toISOString()) as { receivedAt: string } | undefined;
  if (inbound && now.getTime() - new Date(inbound.receivedAt).getTime() < REPLY_GRACE_MS) return now;
  return slot;
}

const newToken = (): string => randomBytes(32).toString('base64url');

/** The first SMS of the survey: the first question (SMS channel), or the link to the web form (web channel). */
export function sendSurvey(db: Db, satisfactionId: number, now: Date, settings: SurveySettings): SurveyStepReport {
  return db.transaction((): SurveyStepReport => {
    const rec = requireSurvey(db, satisfactionId);
    if (rec.state.status !== 'pending' || rec.statut !== 'planifie') return empty(satisfactionId);
    if (now.getTime() >= rec.closeAt.getTime()) return apply(db, rec, step(rec.state, { type: 'close' }), now);
    const deferred = deferIfOutOfHours(db, rec, SEND_JOB_KIND, sendJobKey(satisfactionId), settings.schedule, now);
    if (deferred) return { ...empty(satisfactionId), deferredUntil: deferred };
    const client = clientContact(db, rec.clientId);
    if (!client || client.sms_opt_out === 1) {
      optOut(db, [rec.clientId], now);
      return empty(satisfactionId);
    }
    const to = normalisePhone(client.telephone) ?? rec.toNumber;
    if (!to) {
      setDeliveryFailed(db, satisfactionId, now);
      return empty(satisfactionId);
    }
    const started = step(rec.state, { type: 'start', interventionDate: rec.interventionDate });
    let report: SurveyStepReport;
    if (settings.channel === 'web') {
      if (!settings.formBaseUrl) throw new Error("survey: the 'web' channel needs formBaseUrl (PUBLIC_BASE_URL)");
      const token = newToken();
      const link = `${settings.formBaseUrl.replace(/\/+$/, '')}${FORM_PATH}${token}`;
      const body = compose(rec.lang, [intro(rec.lang, rec.interventionDate), link]);
      report = apply(db, rec, started, now, { messages: [body], changes: { canal: 'web', toNumber: to, tokenHash: hashToken(token), tokenUsedAt: null } });
    } else {
      report = apply(db, rec, started, now, { changes: { canal: 'sms', toNumber: to } });
    }
    markSent(db, satisfactionId, settings.channel, now);
    return report;
  }).immediate();
}

/** The link of the web form sent with the first SMS of a survey (its token still matching the stored hash). */
function sentLink(db: Db, rec: SurveyRecord): string | null {
  const rows = db.prepare('SELECT body FROM sms_messages WHERE satisfaction_id = ? ORDER BY message_id').all(rec.satisfactionId) as { body: string }[];
  for (const { body } of rows) {
    const m = LINK_RE.exec(body);
    if (m && rec.tokenHash === hashToken(m[2]!)) return `${m[1]}${m[2]}`;
  }
  return null;
}

/**
 * The reminder while Q1 is unanswered: nothing when Q1 is answered, the survey is not open, the client opted
 * out or an SMS of the survey failed. `settings` gives the allowed hours (default 08:00–20:00 Monday–Saturday).
 */
export function remindSurvey(db: Db, satisfactionId: number, now: Date, settings?: Pick<SurveySettings, 'schedule'>): SurveyStepReport {
  return db.transaction((): SurveyStepReport => {
    const rec = requireSurvey(db, satisfactionId);
    const s = rec.state;
    if (s.status !== 'open' || s.current !== 'q1' || s.reminded || s.optedOut || rec.deliveryFailed || rec.tokenUsedAt) return empty(satisfactionId);
    if (now.getTime() >= rec.closeAt.getTime()) return empty(satisfactionId);
    const client = clientContact(db, rec.clientId);
    if (!client || client.sms_opt_out === 1) return empty(satisfactionId);
    const deferred = deferIfOutOfHours(db, rec, REMIND_JOB_KIND, remindJobKey(satisfactionId), settings?.schedule ?? {}, now);
    if (deferred) return { ...empty(satisfactionId), deferredUntil: deferred };
    const r = step(s, { type: 'remind' });
    let report: SurveyStepReport;
    if (rec.canal === 'web') {
      const link = sentLink(db, rec);
      if (!link) return empty(satisfactionId);
      report = apply(db, rec, r, now, { messages: [compose(rec.lang, [text(rec.lang, 'reminder'), link])] });
    } else {
      report = apply(db, rec, r, now);
    }
    db.prepare('UPDATE fact_satisfaction SET relance_at = ? WHERE satisfaction_id = ?').run(now.toISOString(), satisfactionId);
    return report;
  }).immediate();
}

/** The end of the survey: 'expire' unless complete; SMS not sent yet are cancelled; the web link stops working. */
export function closeSurvey(db: Db, satisfactionId: number, now: Date): SurveyStepReport {
  return db.transaction((): SurveyStepReport => {
    const rec = requireSurvey(db, satisfactionId);
    return apply(db, rec, step(rec.state, { type: 'close' }), now);
  }).immediate();
}

// ─────────────────────────────── inbound SMS ───────────────────────────────

export const InboundSmsSchema = z.object({
  messageSid: z.string().trim().min(1, 'messageSid is required').max(64),
  from: z.string().max(64),
  body: z.string().max(10_000).transform((b) => [...b].slice(0, 1600).join('')),
});
export type InboundSms = z.input<typeof InboundSmsSchema>;

/**
 * A client's SMS: the answer to the open survey of the client with this number (the most recent one sent),
 * STOP / ARRET (opted out at once, confirmed once, even with no open survey), START (resubscribed, the pending
 * question asked again), or a reply no open survey takes (kept: a 'reponse_tardive' alert to the planner).
 * An unknown number changes nothing and never throws. Marks the sms_inbound row processed in the same
 * transaction — the only place it is marked (a MessageSid already processed is not processed again) — at `now`,
 * the created_at of the replies it queues (how `smsSendableAt` knows a reply).
 */
export function receiveSms(db: Db, input: InboundSms, now: Date): InboundReport {
  const parsed = InboundSmsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`receiveSms: invalid ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const { messageSid, from, body } = parsed.data;
  return db.transaction((): InboundReport => {
    const inbound = db.prepare('SELECT processed_at, outcome FROM sms_inbound WHERE message_sid = ?').get(messageSid) as { processed_at: string | null; outcome: string | null } | undefined;
    if (inbound?.processed_at) return { ...empty(null), outcome: 'duplicate' };
    const report = handleInbound(db, messageSid, from, body, now);
    // the only place an inbound SMS is marked processed: with its effects, or not at all
    markInboundProcessed(db, messageSid, report.outcome, now);
    return report;
  }).immediate();
}

function handleInbound(db: Db, messageSid: string, from: string, body: string, now: Date): InboundReport {
  const phone = normalisePhone(from);
  const clients = phone ? clientsByPhone(db, phone) : [];
  if (!phone || clients.length === 0) return { ...empty(null), outcome: 'unknown_number' };
  const ids = clients.map((c) => c.client_id);
  const first = clients[0]!;
  const lang: Lang = first.langue === 'en' ? 'en' : 'fr';
  const parsed = parseAnswer('q5', body);
  const command = 'command' in parsed ? parsed.command : null;
  let open = latestSurveyOf(db, ids, OPEN_STATUSES);
  if (open && now.getTime() >= open.closeAt.getTime()) {
    // the close job has not run yet (the app was down): close first, then this is a late reply
    apply(db, open, step(open.state, { type: 'close' }), now);
    open = null;
  }

  if (command === 'stop') {
    const optedOutAlready = clients.every((c) => c.sms_opt_out === 1);
    if (optedOutAlready) return { ...empty(open?.satisfactionId ?? null), outcome: 'stop_repeated' };
    if (open && open.canal === 'sms' && !open.state.optedOut) {
      // the engine's opt_out effect opts out every client with this number, then the confirmation is queued
      const report = apply(db, open, step(open.state, { type: 'inbound', text: body }), now, { messageSid });
      return { ...report, outcome: 'stop' };
    }
    optOut(db, ids, now);
    const q = queueSms(db, { key: `sms:stop:${messageSid}`, to: phone, body: compose(lang, [text(lang, 'stopped')], false), clientId: first.client_id, ignoreOptOut: true }, now);
    return { ...empty(open?.satisfactionId ?? null), queued: q.created && q.status === 'pending' ? [q.messageId] : [], outcome: 'stop' };
  }

  if (command === 'start') {
    if (!clients.some((c) => c.sms_opt_out === 1)) return { ...empty(open?.satisfactionId ?? null), outcome: 'start_ignored' };
    const resumable = latestSurveyOf(db, ids, ['desinscrit']);
    if (resumable && resumable.canal === 'sms' && resumable.state.status === 'open' && resumable.state.optedOut && now.getTime() < resumable.closeAt.getTime()) {
      const report = apply(db, resumable, step(resumable.state, { type: 'inbound', text: body }), now, { messageSid });
      optIn(db, ids);
      return { ...report, outcome: 'start' };
    }
    optIn(db, ids);
    const q = queueSms(db, { key: `sms:start:${messageSid}`, to: phone, body: compose(lang, [text(lang, 'started')]), clientId: first.client_id }, now);
    return { ...empty(null), queued: q.created && q.status === 'pending' ? [q.messageId] : [], outcome: 'start' };
  }

  if (open && open.canal === 'sms' && !open.state.optedOut) {
    const report = apply(db, open, step(open.state, { type: 'inbound', text: body }), now, { messageSid });
    return { ...report, outcome: 'answer' };
  }
  // nothing open takes it: keep it and tell the planner
  const last = open ?? latestSurveyOf(db, ids, null);
  const owner = last ? last.clientId : first.client_id;
  const reason = open ? (open.canal === 'web' ? 'web_survey' : 'opted_out') : clients.every((c) => c.sms_opt_out === 1) ? 'opted_out' : !last ? 'no_survey' : last.state.status === 'completed' ? 'completed' : 'closed';
  const alertId = raiseLateReply(db, { clientId: owner, satisfactionId: last?.satisfactionId ?? null, text: body, messageSid, reason }, now);
  return { satisfactionId: last?.satisfactionId ?? null, queued: [], alerts: [alertId], outcome: 'late_reply' };
}

// ─────────────────────────────── web form ───────────────────────────────

export interface SurveyForm {
  satisfactionId: number;
  lang: Lang;
  state: SurveyState;
  clientFirstName: string | null;
  /** YYYY-MM-DD */
  interventionDate: string;
  /** answered already (the link is one-time) */
  used: boolean;
  /** the survey is closed (after J+14): the form no longer takes answers */
  closed: boolean;
}

/** The survey behind a web-form token, or null for an unknown or malformed token. */
export function formByToken(db: Db, token: string): SurveyForm | null {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) return null;
  const rec = loadSurveyByTokenHash(db, hashToken(token));
  if (!rec) return null;
  const client = clientContact(db, rec.clientId);
  return {
    satisfactionId: rec.satisfactionId,
    lang: rec.lang,
    state: rec.state,
    clientFirstName: client?.prenom ?? null,
    interventionDate: rec.interventionDate,
    used: rec.tokenUsedAt !== null,
    closed: rec.state.status === 'closed',
  };
}

const field = z.union([z.string(), z.number()]).optional().nullable();
const FormInputSchema = z.object({ q1: field, q2: field, q3: field, q4: field, q5: field, q2c: field, q3c: field, q4c: field });

const FORM_ERRORS = {
  fr: { q1: 'Merci de donner une note de 0 à 10.', yesNo: 'Merci de répondre oui ou non.', shape: 'Formulaire invalide.' },
  en: { q1: 'Please give a score from 0 to 10.', yesNo: 'Please answer yes or no.', shape: 'Invalid form.' },
} as const;

/** Form-level errors of submitForm (stable values to test against). */
export const FORM_ALREADY_ANSWERED = 'already answered';
export const FORM_CLOSED = 'closed';
export const FORM_INVALID_LINK = 'invalid link';

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v)).trim();

/**
 * The web form's answers: q1 (0–10, parsed like an SMS, so "9/10" works), q2–q4 ('oui' | 'non', or any reply
 * the SMS parser understands), q2c–q4c comments and q5 (cut to 500 characters). Same semantics and closed loop
 * as the SMS conversation, in one transaction; the token works once. Field errors are in the client's language.
 */
export function submitForm(db: Db, token: string, input: unknown, now: Date): { ok: true } | { ok: false; errors: Record<string, string> } {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) return { ok: false, errors: { form: FORM_INVALID_LINK } };
  return db.transaction((): { ok: true } | { ok: false; errors: Record<string, string> } => {
    const rec = loadSurveyByTokenHash(db, hashToken(token));
    if (!rec) return { ok: false, errors: { form: FORM_INVALID_LINK } };
    if (rec.tokenUsedAt !== null || rec.state.status === 'completed') return { ok: false, errors: { form: FORM_ALREADY_ANSWERED } };
    if (rec.state.status === 'closed' || now.getTime() >= rec.closeAt.getTime()) return { ok: false, errors: { form: FORM_CLOSED } };
    const msg = FORM_ERRORS[rec.lang];
    const parsed = FormInputSchema.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, errors: { form: msg.shape } };
    const v = parsed.data;
    const errors: Record<string, string> = {};
    const answers: Partial<Record<QuestionId, number | boolean | string | null>> = {};
    const comments: Partial<Record<QuestionId, string>> = {};

    const q1 = parseAnswer('q1', str(v.q1));
    if ('command' in q1 || !q1.ok) errors.q1 = msg.q1;
    else {
      answers.q1 = q1.value;
      if (q1.comment) comments.q1 = q1.comment;
    }
    for (const q of ['q2', 'q3', 'q4'] as const) {
      const raw = str(v[q]);
      const comment = [...str(v[`${q}c`])].slice(0, MAX_SUGGESTION_CHARS).join('');
      if (comment) comments[q] = comment;
      if (raw === '') {
        answers[q] = null;
        continue;
      }
      const r = parseAnswer(q, raw);
      if ('command' in r || !r.ok) errors[q] = msg.yesNo;
      else {
        answers[q] = r.value;
        if (r.comment && !comments[q]) comments[q] = [...r.comment].slice(0, MAX_SUGGESTION_CHARS).join('');
      }
    }
    const q5 = [...str(v.q5).normalize('NFKC')].slice(0, MAX_SUGGESTION_CHARS).join('');
    answers.q5 = q5 === '' ? null : q5;
    if (Object.keys(errors).length > 0) return { ok: false, errors };

    const state: SurveyState = { ...rec.state, status: 'completed', current: null, reasked: false, awaitingComment: null, answers: { ...rec.state.answers, ...answers }, comments: { ...rec.state.comments, ...comments } };
    const effects: SurveyEffect[] = (['q1', 'q2', 'q3', 'q4', 'q5'] as const).map((q) => ({ kind: 'answer', question: q, value: answers[q] ?? null, ...(comments[q] ? { comment: comments[q] } : {}) }));
    effects.push({ kind: 'completed' });
    apply(db, rec, { state, messages: [], effects }, now, { messages: [], changes: { canal: 'web', tokenUsedAt: now } });
    db.prepare("UPDATE fact_satisfaction SET canal = 'web', repondu_at = COALESCE(repondu_at, ?) WHERE satisfaction_id = ?").run(now.toISOString(), rec.satisfactionId);
    return { ok: true };
  }).immediate();
}
