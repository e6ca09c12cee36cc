/**
 * `sav survey simulate`: the whole survey loop on the demo data, in an in-memory database, with a simulated
 * clock and simulated clients — deterministic for a seed.
 *
 * Every 10 simulated minutes: at 06:00 Paris the surveys are planned (`planSurveys`); at 19:00 the day's
 * interventions are done and their reports signed (the demo's planned tours, then, past the demo's planning
 * horizon, as many random interventions per working day); the due jobs run by kind (`sendSurvey`,
 * `remindSurvey`, `closeSurvey`; alert jobs are only counted — pushing cards is the bot's part); the queued SMS
 * go through the outbox like the dispatcher does (claim → sending → sent with a fake SID); the clients' replies
 * that are due come in through `recordInbound` + `receiveSms`.
 *
 * The clients (a seeded PRNG): about 36 % answer after the first SMS and 15 % of the others after the reminder
 * (≈ 45 % in all), with replies as people type them ("9/10", "neuf", "Je dirais 8", "ouais", "non pas vraiment,
 * trois semaines d'attente"…), a few unclear first replies (re-asked once), ~2 % STOP, ~5 % who stop after Q1,
 * and ~2 % of the silent ones who reply after the survey closed (a late-reply alert). Scores follow a realistic
 * spread (NPS about +30); a low score makes "non" to Q2–Q4 likelier.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { claimDue, completeJob } from '../jobs/queue.ts';
import { localParts } from '../jobs/recurrence.ts';
import { claimSms, markSending, markSent, recordInbound } from '../sms/dispatch.ts';
import { parisIso } from '../etl/fields.ts';
import { addDaysIso, dateId, ensureCalendar, TIME_ZONE } from '../warehouse/calendar.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { generateDemo } from '../warehouse/demo/index.ts';
import { Rng } from '../warehouse/demo/rng.ts';
import type { QuestionId } from './answers.ts';
import { ALERT_JOB_KIND } from './alerts.ts';
import { nps, responseRate, type NpsResult } from './nps.ts';
import { CLOSE_JOB_KIND, closeSurvey, planSurveys, receiveSms, REMIND_JOB_KIND, remindSurvey, SEND_JOB_KIND, sendSurvey } from './service.ts';
import { surveySettings, type SurveySettings } from './settings.ts';
import { loadSurvey } from './store.ts';

export const SimulateOptionsSchema = z.object({
  days: z.number().int().min(1).max(366).default(30),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** the demo's "today" and the first simulated day (YYYY-MM-DD, Europe/Paris) */
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'start: YYYY-MM-DD').default('2026-12-01'),
  /** demo size */
  clients: z.number().int().min(20).max(50_000).default(400),
  months: z.number().int().min(1).max(60).default(24),
  /** a client surveyed within this many days is not surveyed again (the app's default: 90) */
  skipDays: z.number().int().min(0).max(3650).default(90),
});
export type SimulateOptions = z.input<typeof SimulateOptionsSchema>;

export interface SimulationSummary {
  days: number;
  seed: number;
  from: string;
  /** the last simulated day */
  to: string;
  channel: 'sms';
  interventionsSigned: number;
  /** surveys created by planSurveys (the simulated days' reports, and the demo's last days not surveyed yet) */
  planned: number;
  /** reports signed during the simulation that got no survey, by reason */
  skipped: { recent: number; optedOut: number; noPhone: number };
  skipDays: number;
  /** surveys whose first SMS went out */
  sent: number;
  /** of those, with at least one answer */
  answered: number;
  responseRate: number | null;
  nps: NpsResult;
  reminded: number;
  completed: number;
  expired: number;
  optedOut: number;
  /** sent, neither complete nor closed at the end of the simulation */
  stillOpen: number;
  sms: { sent: number; cancelled: number; inbound: number; inboundOutcomes: Record<string, number> };
  alerts: { nps_bas: number; non_resolu: number; reponse_tardive: number };
  /** alert jobs run (the bot pushes a card for each) */
  alertJobs: number;
  /** free re-interventions created by the closed loop (planned_interventions, origine 'enquete') */
  reinterventions: number;
  /** service calls that threw (should be 0) */
  errors: number;
}

const TICK_MS = 10 * 60_000;
const OWNER = 'simulator';
const SENDER = '+33700000000';
const JOB_KINDS = [SEND_JOB_KIND, REMIND_JOB_KIND, CLOSE_JOB_KIND, ALERT_JOB_KIND] as const;

// ───────────────────────────── the clients ─────────────────────────────

/** 0–10 weights: ≈ 48 % promoters, 20 % detractors (NPS ≈ +28). */
const SCORE_WEIGHTS = [2, 1, 1, 2, 2, 4, 8, 14, 18, 22, 26];
const WORDS_FR = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'];
const WORDS_EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const YES = { fr: ['oui', 'Oui merci', 'o', 'ouais', 'OUI'], en: ['yes', 'Yes thanks', 'y'] };
const NO = { fr: ['non', 'NON', 'non pas vraiment'], en: ['no', 'No'] };
const UNCLEAR = { fr: ['bof', 'ça dépend', 'pas mal'], en: ['hmm', 'it depends'] };
const COMMENTS: Record<'q2' | 'q3' | 'q4', { fr: string[]; en: string[] }> = {
  q2: { fr: ['pas très soigneux, des traces dans le couloir', 'peu d’explications sur ce qui a été fait'], en: ['left a mess', 'no explanation given'] },
  q3: { fr: ["trois semaines d'attente", 'arrivé avec une heure de retard sans prévenir', 'rendez-vous décalé deux fois'], en: ['three weeks of waiting', 'one hour late'] },
  q4: { fr: ['le disjoncteur saute encore', 'le chauffage ne fonctionne toujours pas', 'il faut une deuxième visite'], en: ['still broken', 'the breaker still trips'] },
};
const SUGGESTIONS = { fr: ["Prévenir par SMS 30 minutes avant l'arrivée.", 'Proposer des créneaux le samedi matin.', 'Rien, merci', 'Non merci, tout était bien'], en: ['Text me before arriving.', 'Nothing, thanks'] };
const LATE = { fr: ['Désolé je n’avais pas vu votre message, tout était très bien', 'Je réponds tard : 8/10'], en: ['Sorry, late answer: all good'] };

interface Persona {
  lang: 'fr' | 'en';
  stop: boolean;
  first: boolean;
  afterReminder: boolean;
  late: boolean;
  unclear: boolean;
  dropAfterQ1: boolean;
  score: number;
  yes: Record<'q2' | 'q3' | 'q4', boolean>;
  inlineComment: boolean;
  /** null = no answer to Q5 */
  suggestion: string | null;
}

function persona(rng: Rng, lang: 'fr' | 'en'): Persona {
  const score = rng.weighted(SCORE_WEIGHTS);
  const happy = score >= 7;
  const stop = rng.chance(0.02);
  const first = !stop && rng.chance(0.36);
  const afterReminder = !stop && !first && rng.chance(0.15);
  const q5 = rng.next();
  return {
    lang,
    stop,
    first,
    afterReminder,
    late: !stop && !first && !afterReminder && rng.chance(0.02),
    unclear: rng.chance(0.06),
    dropAfterQ1: rng.chance(0.05),
    score,
    yes: { q2: rng.chance(happy ? 0.97 : 0.6), q3: rng.chance(happy ? 0.9 : 0.5), q4: rng.chance(happy ? 0.97 : 0.55) },
    inlineComment: rng.chance(0.5),
    suggestion: q5 < 0.2 ? null : rng.pick(SUGGESTIONS[lang]),
  };
}

function scoreReply(rng: Rng, p: Persona): string {
  const s = p.score;
  const forms = p.lang === 'fr' ? [`${s}`, `${s}/10`, WORDS_FR[s]!, `Je dirais ${s}`, `${s} !`] : [`${s}`, `${s}/10`, WORDS_EN[s]!, `I would say ${s}`];
  return rng.pick(forms);
}

interface Reply {
  at: number;
  satisfactionId: number;
  from: string;
  body: string;
}

interface Conversation {
  persona: Persona;
  /** a reply is scheduled and not processed yet */
  waiting: boolean;
  /** the unclear first reply was sent */
  unclearSent: boolean;
  /** the reply after the reminder (or the late reply) was scheduled */
  remindHandled: boolean;
  lateSent: boolean;
}

/** The client's reply to what the survey now waits for, or null (silence). */
function nextReply(rng: Rng, c: Conversation, current: QuestionId, awaitingComment: QuestionId | null, reasked: boolean): string | null {
  const p = c.persona;
  if (awaitingComment === 'q2' || awaitingComment === 'q3' || awaitingComment === 'q4') return rng.pick(COMMENTS[awaitingComment][p.lang]);
  switch (current) {
    case 'q1':
      if (p.unclear && !c.unclearSent && !reasked) {
        c.unclearSent = true;
        return rng.pick(UNCLEAR[p.lang]);
      }
      return scoreReply(rng, p);
    case 'q2':
    case 'q3':
    case 'q4':
      if (p.dropAfterQ1) return null;
      if (p.yes[current]) return rng.pick(YES[p.lang]);
      if (current !== 'q2' && p.inlineComment) return `${p.lang === 'fr' ? 'non pas vraiment' : 'no'}, ${rng.pick(COMMENTS[current][p.lang])}`;
      return rng.pick(NO[p.lang]);
    case 'q5':
      return p.dropAfterQ1 ? null : p.suggestion;
  }
}

// ───────────────────────────── the loop ─────────────────────────────

/** A wall-clock hour of a day in Europe/Paris, as epoch ms. */
function parisTime(day: string, hour: number): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, hour, 0, 0, TIME_ZONE).getTime();
}

const parisMidnight = (day: string): number => parisTime(day, 0);

interface Realised {
  signed: number;
}

/** Does the day's interventions (planned, else random ones on working days) and signs their reports. */
function realiseDay(db: Db, rng: Rng, day: string, perDay: number, seq: { n: number }): Realised {
  const planned = db
    .prepare(
      `SELECT planned_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min FROM planned_interventions
        WHERE date_prevue = ? AND statut = 'planifie' AND technicien_id IS NOT NULL ORDER BY technicien_id, ordre, planned_id`,
    )
    .all(day) as { planned_id: number; client_id: number; technicien_id: number; zone_id: number; type_intervention_id: number; duree_prevue_min: number }[];
  const cal = db.prepare('SELECT est_weekend, est_ferie FROM dim_temps WHERE date = ?').get(day) as { est_weekend: number; est_ferie: number } | undefined;
  const workingDay = cal !== undefined && cal.est_weekend === 0 && cal.est_ferie === 0;
  const horizon = (db.prepare("SELECT MAX(date_prevue) AS d FROM planned_interventions WHERE statut IN ('planifie', 'realise')").get() as { d: string | null }).d;
  let jobs = planned.map((p) => ({ ...p, planned: true }));
  if (jobs.length === 0 && workingDay && (horizon === null || day > horizon)) {
    const clients = db.prepare('SELECT client_id, zone_id FROM dim_clients ORDER BY client_id').all() as { client_id: number; zone_id: number }[];
    const techs = db.prepare('SELECT technicien_id FROM dim_techniciens WHERE actif = 1 ORDER BY technicien_id').all() as { technicien_id: number }[];
    const types = db.prepare('SELECT type_intervention_id, duree_standard_min FROM dim_types_intervention ORDER BY type_intervention_id').all() as { type_intervention_id: number; duree_standard_min: number }[];
    const zoneTech = new Map((db.prepare('SELECT zone_id, technicien_affecte FROM dim_zones').all() as { zone_id: number; technicien_affecte: number | null }[]).map((z) => [z.zone_id, z.technicien_affecte]));
    jobs = Array.from({ length: perDay }, () => {
      const c = rng.pick(clients);
      const t = rng.pick(types);
      const tech = zoneTech.get(c.zone_id) ?? rng.pick(techs).technicien_id;
      return { planned_id: 0, client_id: c.client_id, technicien_id: tech, zone_id: c.zone_id, type_intervention_id: t.type_intervention_id, duree_prevue_min: t.duree_standard_min, planned: false };
    });
  }
  const insert = db.prepare(
    `INSERT INTO fact_interventions (source_ref, date_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min, duree_min, rapport_signe_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const done = db.prepare("UPDATE planned_interventions SET statut = 'realise', intervention_id = ? WHERE planned_id = ?");
  const midnight = parisMidnight(day);
  db.transaction(() => {
    for (const j of jobs) {
      const signedAt = parisIso(midnight + (9 * 60 + rng.int(0, 570)) * 60_000);
      const id = Number(insert.run(`SIM-${++seq.n}`, dateId(day), j.client_id, j.technicien_id, j.zone_id, j.type_intervention_id, j.duree_prevue_min, j.duree_prevue_min, signedAt).lastInsertRowid);
      if (j.planned) done.run(id, j.planned_id);
    }
  })();
  return { signed: jobs.length };
}

/** Runs the simulation; `db` (optional) is an empty database to use instead of a fresh in-memory one. */
export function simulateSurveys(options: SimulateOptions = {}, db: Db = openDb(':memory:')): SimulationSummary {
  const parsed = SimulateOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`simulate: invalid ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  const o = parsed.data;
  const settings: SurveySettings = surveySettings({ channel: 'sms', skipIfSurveyedWithinDays: o.skipDays });
  generateDemo(db, { seed: 42, today: o.start, clients: o.clients, months: o.months });
  const last = addDaysIso(o.start, o.days - 1);
  ensureCalendar(db, o.start, addDaysIso(last, 60));

  const rng = new Rng(o.seed);
  // random interventions per working day past the demo's planning: the planned days' mean
  const perDay = Math.max(
    1,
    Math.round(
      (db.prepare(
        `SELECT CAST(COUNT(*) AS REAL) / MAX(1, COUNT(DISTINCT date_prevue)) AS m FROM planned_interventions WHERE statut = 'planifie' AND date_prevue IS NOT NULL`,
      ).get() as { m: number | null }).m ?? 20,
    ),
  );
  const seq = { n: 0 };
  const conversations = new Map<number, Conversation>();
  const replies: Reply[] = [];
  let inboundSeq = 0;
  const summary = { interventionsSigned: 0, planned: 0, alertJobs: 0, errors: 0 };
  const clientLang = db.prepare('SELECT langue FROM dim_clients WHERE client_id = ?');

  const plan = (now: Date): void => {
    const r = planSurveys(db, now, settings);
    summary.planned += r.created;
  };

  const runJobs = (now: Date): number => {
    let ran = 0;
    for (;;) {
      const { claimed } = claimDue(db, { owner: OWNER, now, kinds: JOB_KINDS, limit: 200 });
      if (claimed.length === 0) return ran;
      for (const job of claimed) {
        ran++;
        const id = (job.payload as { satisfactionId?: unknown } | null)?.satisfactionId;
        try {
          if (job.kind === ALERT_JOB_KIND) summary.alertJobs++;
          else if (typeof id !== 'number') throw new Error(`job ${job.key}: no satisfactionId`);
          else if (job.kind === SEND_JOB_KIND) sendSurvey(db, id, now, settings);
          else if (job.kind === REMIND_JOB_KIND) remindSurvey(db, id, now, settings);
          else if (job.kind === CLOSE_JOB_KIND) closeSurvey(db, id, now);
          completeJob(db, job, OWNER, now);
        } catch (e) {
          summary.errors++;
          completeJob(db, job, OWNER, now, 'skipped', e instanceof Error ? e.message : String(e));
        }
      }
    }
  };

  /** Sends the queued SMS (as the dispatcher with a fake provider) and lets the clients decide what to answer. */
  const flush = (now: Date): number => {
    const batch = claimSms(db, { owner: OWNER, now, limit: 1000 });
    const touched: number[] = [];
    for (const m of batch) {
      if (!markSending(db, m.messageId, OWNER, now)) continue;
      markSent(db, m.messageId, OWNER, `SMsim${String(m.messageId).padStart(8, '0')}`, now);
      if (m.satisfactionId !== null && !touched.includes(m.satisfactionId)) touched.push(m.satisfactionId);
    }
    for (const id of touched) schedule(id, now);
    return batch.length;
  };

  const schedule = (id: number, now: Date): void => {
    const rec = loadSurvey(db, id);
    if (!rec || !rec.toNumber) return;
    let c = conversations.get(id);
    if (!c) {
      const lang = (clientLang.get(rec.clientId) as { langue: string } | undefined)?.langue === 'en' ? 'en' : 'fr';
      c = { persona: persona(rng, lang), waiting: false, unclearSent: false, remindHandled: false, lateSent: false };
      conversations.set(id, c);
    }
    const s = rec.state;
    if (c.waiting || s.status !== 'open' || s.optedOut || s.current === null) return;
    const p = c.persona;
    const at = (minMin: number, maxMin: number): number => now.getTime() + rng.int(minMin, maxMin) * 60_000;
    const push = (when: number, body: string): void => {
      replies.push({ at: when, satisfactionId: id, from: rec.toNumber!, body });
      c.waiting = true;
    };
    const firstQuestion = s.current === 'q1' && Object.keys(s.answers).length === 0 && !s.reasked;
    if (firstQuestion && !s.reminded) {
      if (p.stop) return push(at(10, 240), rng.pick(['STOP', 'stop', 'ARRET', 'STOP SMS']));
      if (p.first) return push(at(5, 360), nextReply(rng, c, 'q1', null, false)!);
      if (p.late && !c.lateSent) {
        c.lateSent = true;
        return push(now.getTime() + 13 * 86_400_000 + rng.int(0, 600) * 60_000, rng.pick(LATE[p.lang]));
      }
      return;
    }
    if (firstQuestion && s.reminded) {
      if (c.remindHandled) return;
      c.remindHandled = true;
      if (p.afterReminder) push(at(5, 240), nextReply(rng, c, 'q1', null, false)!);
      return;
    }
    const body = nextReply(rng, c, s.current, s.awaitingComment, s.reasked);
    if (body !== null) push(at(1, 20), body);
  };

  const deliverReplies = (until: number): number => {
    replies.sort((a, b) => a.at - b.at || a.satisfactionId - b.satisfactionId);
    let n = 0;
    while (replies.length > 0 && replies[0]!.at <= until) {
      const r = replies.shift()!;
      const c = conversations.get(r.satisfactionId);
      if (c) c.waiting = false;
      const at = new Date(r.at);
      const messageSid = `SMsimIn${String(++inboundSeq).padStart(8, '0')}`;
      recordInbound(db, { messageSid, from: r.from, to: SENDER, body: r.body }, at);
      try {
        receiveSms(db, { messageSid, from: r.from, body: r.body }, at);
      } catch {
        summary.errors++;
      }
      flush(at);
      n++;
    }
    return n;
  };

  const startMs = parisMidnight(o.start);
  const endMs = parisMidnight(addDaysIso(last, 1));
  // the daily marks (06:00 planning, 19:00 reports signed), then the loop jumps from one 10-minute tick where
  // something can happen to the next (a job due, a reply, a mark): the same result as visiting every tick
  const marks: number[] = [];
  for (let day = o.start; day <= last; day = addDaysIso(day, 1)) marks.push(parisTime(day, 6), parisTime(day, 19));
  const onGrid = (ms: number): number => startMs + Math.ceil((ms - startMs) / TICK_MS) * TICK_MS;
  const nextJob = db.prepare(
    `SELECT MIN(run_after) AS at FROM jobs WHERE status = 'pending' AND kind IN (${JOB_KINDS.map(() => '?').join(', ')})`,
  );
  const nextTick = (t: number): number => {
    const candidates = [marks.find((m) => m > t) ?? endMs, replies.length > 0 ? Math.min(...replies.map((r) => r.at)) : endMs];
    const job = (nextJob.get(...JOB_KINDS) as { at: string | null }).at;
    if (job !== null) candidates.push(Date.parse(job));
    return Math.max(t + TICK_MS, onGrid(Math.min(...candidates)));
  };
  plan(new Date(startMs));
  for (let t = startMs; t < endMs; t = nextTick(t)) {
    const now = new Date(t);
    const { date, time } = localParts(now);
    if (time === '06:00') plan(now);
    if (time === '19:00') summary.interventionsSigned += realiseDay(db, rng, date, perDay, seq).signed;
    for (let guard = 0; guard < 100; guard++) {
      const work = runJobs(now) + flush(now) + deliverReplies(t);
      if (work === 0) break;
    }
  }

  // the last evening's reports: planned (their sends fall after the simulation)
  plan(new Date(endMs));
  return { ...summary, ...results(db, o, last) };
}

function results(db: Db, o: z.output<typeof SimulateOptionsSchema>, last: string): Omit<SimulationSummary, 'interventionsSigned' | 'planned' | 'alertJobs' | 'errors'> {
  const rows = db
    .prepare(
      `SELECT s.statut, s.envoye_at, s.repondu_at, s.relance_at, s.nps FROM fact_satisfaction s JOIN survey_states st ON st.satisfaction_id = s.satisfaction_id`,
    )
    .all() as { statut: string; envoye_at: string | null; repondu_at: string | null; relance_at: string | null; nps: number | null }[];
  const sentRows = rows.filter((r) => r.envoye_at !== null);
  const answered = sentRows.filter((r) => r.repondu_at !== null);
  const count = (statut: string): number => sentRows.filter((r) => r.statut === statut).length;
  const sms = db.prepare("SELECT SUM(status IN ('sent', 'delivered')) AS sent, SUM(status = 'cancelled') AS cancelled FROM sms_messages").get() as { sent: number | null; cancelled: number | null };
  const outcomes = Object.fromEntries(
    (db.prepare('SELECT COALESCE(outcome, ?) AS o, COUNT(*) AS n FROM sms_inbound GROUP BY 1 ORDER BY 1').all('unprocessed') as { o: string; n: number }[]).map((r) => [r.o, r.n]),
  );
  const alerts = { nps_bas: 0, non_resolu: 0, reponse_tardive: 0 };
  for (const a of db.prepare('SELECT kind, COUNT(*) AS n FROM survey_alerts GROUP BY kind').all() as { kind: keyof typeof alerts; n: number }[]) if (a.kind in alerts) alerts[a.kind] = a.n;
  const skipped = db
    .prepare(
      `SELECT SUM(c.sms_opt_out = 1) AS optedOut, SUM(c.sms_opt_out = 0 AND c.telephone IS NULL) AS noPhone, SUM(c.sms_opt_out = 0 AND c.telephone IS NOT NULL) AS recent
         FROM fact_interventions i JOIN dim_clients c ON c.client_id = i.client_id
        WHERE i.source_ref LIKE 'SIM-%' AND NOT EXISTS (
          SELECT 1 FROM fact_satisfaction s JOIN survey_states st ON st.satisfaction_id = s.satisfaction_id WHERE s.intervention_id = i.intervention_id)`,
    )
    .get() as { optedOut: number | null; noPhone: number | null; recent: number | null };
  const reinterventions = (db.prepare('SELECT COUNT(*) AS n FROM survey_alerts WHERE planned_id IS NOT NULL').get() as { n: number }).n;
  return {
    days: o.days,
    seed: o.seed,
    from: o.start,
    to: last,
    channel: 'sms',
    skipDays: o.skipDays,
    skipped: { recent: skipped.recent ?? 0, optedOut: skipped.optedOut ?? 0, noPhone: skipped.noPhone ?? 0 },
    sent: sentRows.length,
    answered: answered.length,
    responseRate: responseRate(sentRows.length, answered.length),
    nps: nps(answered.flatMap((r) => (r.nps === null ? [] : [r.nps]))),
    reminded: sentRows.filter((r) => r.relance_at !== null).length,
    completed: count('complete'),
    expired: count('expire'),
    optedOut: count('desinscrit'),
    stillOpen: count('envoye') + count('en_cours'),
    sms: { sent: sms.sent ?? 0, cancelled: sms.cancelled ?? 0, inbound: Object.values(outcomes).reduce((a, b) => a + b, 0), inboundOutcomes: outcomes },
    alerts,
    reinterventions,
  };
}

/** The summary as a few lines of text. */
export function simulationText(s: SimulationSummary): string {
  const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
  const signed = (x: number | null): string => (x === null ? '—' : `${x > 0 ? '+' : ''}${Math.round(x)}`);
  return [
    `Survey simulation: ${s.days} day(s) from ${s.from} to ${s.to}, seed ${s.seed}, channel ${s.channel}`,
    `interventions signed ${s.interventionsSigned} · surveys planned ${s.planned} (not surveyed: ${s.skipped.recent} surveyed in the last ${s.skipDays} days, ${s.skipped.optedOut} opted out, ${s.skipped.noPhone} without phone)`,
    `sent ${s.sent} · answered ${s.answered} · response rate ${pct(s.responseRate)} (goal 40 %) · reminded ${s.reminded}`,
    `NPS ${signed(s.nps.nps)} (${s.nps.n} scores: ${s.nps.promoters} promoters, ${s.nps.passives} passives, ${s.nps.detractors} detractors)`,
    `completed ${s.completed} · expired ${s.expired} · opted out ${s.optedOut} · still open ${s.stillOpen}`,
    `SMS sent ${s.sms.sent} · cancelled ${s.sms.cancelled} · received ${s.sms.inbound} (${Object.entries(s.sms.inboundOutcomes).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `alerts: nps_bas ${s.alerts.nps_bas} · non_resolu ${s.alerts.non_resolu} · reponse_tardive ${s.alerts.reponse_tardive} (alert jobs run ${s.alertJobs})`,
    `free re-interventions created ${s.reinterventions}${s.errors > 0 ? ` · ERRORS ${s.errors}` : ''}`,
  ].join('\n');
}
