/**
 * Survey send benchmark (issue 6: "10 000 surveys due at once are sent within the Twilio rate you configure,
 * with progress logged"), end to end on a temporary SQLite file:
 *
 * 1. the demo warehouse (seed 42, today 2026-12-01), then `--surveys` signed interventions of distinct clients
 *    with phones, all signed at the same instant (plain INSERTs copying a demo row), plus 1 % more for clients
 *    already opted out (planSurveys must skip them) and 0.5 % more whose client says STOP between the planning
 *    and the send (markOptedOut: the send must not text them);
 * 2. planSurveys (skipIfSurveyedWithinDays 0), timed;
 * 3. the clock moved to the send time (J+2 at the report's hour) and then running in REAL time; the real scheduler
 *    (createScheduler + jobHandlers, as bot/app.ts wires them) runs the due jobs, the SMS dispatcher (defaults of
 *    bot/app.ts, plus its 60-s background flush) sends through the REAL `twilio` client to the fake Twilio REST
 *    server on 127.0.0.1 (in a worker thread, so its arrival instants are its own) at TWILIO_RATE_PER_SEC = --rate
 *    (through loadConfig); `--latency-ms` puts a delaying forwarder in front of it, standing for the round trip to
 *    api.twilio.com;
 * 4. the figures (surveys planned, jobs run, SMS sent, wall time, the rate seen at the fake — the most creates in
 *    any 1-s window and the mean —, planSurveys time, the progress lines logged, errors) and the checks: exactly
 *    one first SMS per survey, none to an opted-out client, none outside the allowed hours, no phone number in
 *    the logs. Exit code 1 when one of those fails (the rate seen in the worst second is reported, not failed on).
 *
 * Run: `npm run bench:survey -- [--surveys 10000] [--rate 100] [--channel web|sms] [--latency-ms 0] [--json]`
 * What-ifs: `--flush background|await` (the jobs do not wait for the SMS flush | each waits for its SMS), `--concurrency N` (provider calls in
 * flight), `--scheduler-batch N` (jobs claimed per round); `--keep` keeps the database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../bot/config.ts';
import { jobHandlers } from '../bot/jobs/index.ts';
import { SURVEY_SEND_KIND } from '../bot/jobs/survey.ts';
import { createLogger } from '../bot/logger.ts';
import { createProactiveSender, type ChannelTransport } from '../bot/proactive.ts';
import { createScheduler, type TickReport } from '../bot/scheduler.ts';
import { createSmsDispatcher, createSmsTransport, type SmsTransport } from '../bot/sms/index.ts';
import type { JobHandler } from '../core/jobs/index.ts';
import { smsCounts } from '../core/sms/dispatch.ts';
import { markOptedOut, nextAllowedSlot, planSurveys, scheduleConfig, surveyTimeline } from '../core/survey/index.ts';
import { dateId } from '../core/warehouse/calendar.ts';
import { openDb, type Db } from '../core/warehouse/db.ts';
import { generateDemo } from '../core/warehouse/demo/index.ts';
import { startFakeTwilioThread, type FakeTwilioThread } from './bench-survey/fake-twilio-thread.ts';

// ─────────────────────────────── flags ───────────────────────────────

const FlagsSchema = z.object({
  surveys: z.coerce.number().int('--surveys must be an integer').min(1, '--surveys must be ≥ 1').max(200_000, '--surveys must be ≤ 200000').default(10_000),
  rate: z.coerce.number().positive('--rate must be > 0').max(1000, '--rate must be ≤ 1000 (TWILIO_RATE_PER_SEC)').default(100),
  channel: z.enum(['web', 'sms'], { error: '--channel must be web or sms' }).default('web'),
  latencyMs: z.coerce.number().int('--latency-ms must be an integer').min(0).max(5000).default(0),
  schedulerBatch: z.coerce.number().int().min(1).max(10_000).optional(),
  /**
   * what-if, whatever bot/jobs/survey.ts does: 'background' = each send job starts the SMS flush and goes on;
   * 'await' = each send job waits until its SMS went out (the dispatcher idle), one provider call per job
   */
  flush: z.enum(['as-is', 'background', 'await'], { error: '--flush must be as-is, background or await' }).default('as-is'),
  /** what-if: the dispatcher's provider calls in flight (default: the dispatcher's own default, as bot/app.ts) */
  concurrency: z.coerce.number().int().min(1).max(256).optional(),
  json: z.boolean().default(false),
  keep: z.boolean().default(false),
});
type Flags = z.output<typeof FlagsSchema>;

function readFlags(argv: string[]): Flags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        surveys: { type: 'string' },
        rate: { type: 'string' },
        channel: { type: 'string' },
        'latency-ms': { type: 'string' },
        'scheduler-batch': { type: 'string' },
        flush: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`bench-survey: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = FlagsSchema.safeParse({
    surveys: values.surveys,
    rate: values.rate,
    channel: values.channel,
    latencyMs: values['latency-ms'],
    schedulerBatch: values['scheduler-batch'],
    flush: values.flush,
    concurrency: values.concurrency,
    json: values.json,
    keep: values.keep,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bench-survey: invalid ${issue?.path.join('.') ?? 'flag'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

// ─────────────────────────────── the scenario's instants ───────────────────────────────

const DEMO_TODAY = '2026-12-01'; // a Tuesday
/** every bench report is signed at 09:00 Paris that day */
const SIGNED_AT = new Date('2026-12-01T08:00:00.000Z');
/** planSurveys runs at 18:00 Paris the same day */
const PLAN_AT = new Date('2026-12-01T17:00:00.000Z');
/** the STOPs arrive the next day */
const STOP_AT = new Date('2026-12-02T10:00:00.000Z');
const SAV_NUMBER = '+33700000000';
const PUBLIC_BASE_URL = 'https://sav.example.com';
/** numbers of the bench's clients: +33 7 9x xx xx xx, a range the demo never draws (+33 6…, +33 7 3–8…) */
const phoneOf = (i: number): string => `+3379${String(i).padStart(7, '0')}`;

// ─────────────────────────────── data ───────────────────────────────

interface Population {
  /** client ids of the surveys to send */
  surveyed: number[];
  /** opted out before the planning */
  optedOutBefore: number[];
  /** STOP after the planning, before the send */
  stopAfterPlan: number[];
  interventionIds: number[];
}

function columns(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** Copies of a demo client and a demo intervention: distinct clients with phones, reports all signed at SIGNED_AT. */
function addSignedReports(db: Db, n: number): Population {
  const nBefore = Math.ceil(n / 100);
  const nStop = Math.ceil(n / 200);
  const total = n + nBefore + nStop;
  const clientCols = columns(db, 'dim_clients');
  const interCols = columns(db, 'fact_interventions');
  const cOver: Record<string, string> = { client_id: '@id', source_ref: '@ref', nom: '@nom', prenom: "'Bench'", telephone: '@tel', email: 'NULL', langue: '@lang', sms_opt_out: '@opt' };
  const iOver: Record<string, string> = { intervention_id: '@id', source_ref: '@ref', date_id: '@dateId', client_id: '@client', contrat_id: 'NULL', rapport_signe_at: '@signed', satisfaction_note: 'NULL' };
  const copy = (cols: string[], over: Record<string, string>): string => cols.map((c) => over[c] ?? c).join(', ');
  const template = db.prepare('SELECT client_id FROM dim_clients WHERE telephone IS NOT NULL ORDER BY client_id LIMIT 1').get() as { client_id: number };
  const templateI = db.prepare('SELECT intervention_id FROM fact_interventions WHERE rapport_signe_at IS NOT NULL ORDER BY intervention_id LIMIT 1').get() as { intervention_id: number };
  const insertClient = db.prepare(`INSERT INTO dim_clients (${clientCols.join(', ')}) SELECT ${copy(clientCols, cOver)} FROM dim_clients WHERE client_id = ${template.client_id}`);
  const insertInter = db.prepare(`INSERT INTO fact_interventions (${interCols.join(', ')}) SELECT ${copy(interCols, iOver)} FROM fact_interventions WHERE intervention_id = ${templateI.intervention_id}`);
  const maxClient = (db.prepare('SELECT MAX(client_id) AS m FROM dim_clients').get() as { m: number }).m;
  const maxInter = (db.prepare('SELECT MAX(intervention_id) AS m FROM fact_interventions').get() as { m: number }).m;
  const taken = db.prepare('SELECT COUNT(*) AS n FROM dim_clients WHERE telephone LIKE ?').get('+3379%') as { n: number };
  if (taken.n > 0) throw new Error('bench-survey: the demo already uses +33 79… numbers');
  const pop: Population = { surveyed: [], optedOutBefore: [], stopAfterPlan: [], interventionIds: [] };
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const clientId = maxClient + 1 + i;
      const interventionId = maxInter + 1 + i;
      const group = i < n ? pop.surveyed : i < n + nBefore ? pop.optedOutBefore : pop.stopAfterPlan;
      group.push(clientId);
      insertClient.run({ id: clientId, ref: `BENCH-C${i}`, nom: `Client ${i}`, tel: phoneOf(i), lang: i % 33 === 32 ? 'en' : 'fr', opt: group === pop.optedOutBefore ? 1 : 0 });
      insertInter.run({ id: interventionId, ref: `BENCH-I${i}`, dateId: dateId(DEMO_TODAY), client: clientId, signed: SIGNED_AT.toISOString() });
      pop.interventionIds.push(interventionId);
    }
  })();
  return pop;
}

// ─────────────────────────────── measuring ───────────────────────────────

/** The most instants in any window [t, t + windowMs). */
function maxInWindow(sortedMs: readonly number[], windowMs: number): number {
  let worst = 0;
  for (let i = 0, j = 0; i < sortedMs.length; i++) {
    while (sortedMs[i]! - sortedMs[j]! >= windowMs) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return worst;
}

const ms = (t0: number): number => Math.round(performance.now() - t0);

interface LogLine {
  level: number;
  msg: string;
  time: number;
  [k: string]: unknown;
}

async function main(): Promise<number> {
  const flags = readFlags(process.argv.slice(2));
  const say = (s: string): void => {
    if (!flags.json) console.log(s);
  };
  const dir = mkdtempSync(join(tmpdir(), 'sav-bench-survey-'));
  const dbPath = join(dir, 'sav.db');
  const db = openDb(dbPath);
  let fake: FakeTwilioThread | null = null;
  try {
    // ── 1. data
    let t0 = performance.now();
    const demo = generateDemo(db, { seed: 42, today: DEMO_TODAY });
    const demoMs = ms(t0);
    t0 = performance.now();
    const pop = addSignedReports(db, flags.surveys);
    const insertMs = ms(t0);
    db.pragma('optimize');
    say(`data: demo ${demo.rows.dim_clients} clients / ${demo.rows.fact_interventions} interventions in ${demoMs} ms; + ${pop.interventionIds.length} signed reports (${pop.surveyed.length} to survey, ${pop.optedOutBefore.length} opted out, ${pop.stopAfterPlan.length} STOP after planning) in ${insertMs} ms — ${dbPath}`);

    // ── 2. configuration through the app's own loader (TWILIO_RATE_PER_SEC = --rate)
    // the fake Twilio REST server on 127.0.0.1, in a worker thread (its own event loop: the arrival instants it
    // records are not delayed by the scheduler and the dispatcher working on this thread)
    fake = await startFakeTwilioThread({ latencyMs: flags.latencyMs });
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM: SAV_NUMBER,
      TWILIO_RATE_PER_SEC: String(flags.rate),
      PUBLIC_BASE_URL,
      SURVEY_CHANNEL: flags.channel,
      SURVEY_SKIP_DAYS: '0',
      LOG_LEVEL: 'info',
    });
    const settings = config.survey!.settings;
    const ratePerSec = config.sms!.ratePerSec;
    const schedule = scheduleConfig(settings.schedule);
    const sendAt = surveyTimeline(SIGNED_AT, schedule).sendAt;

    // ── 3. planning
    t0 = performance.now();
    const plan = planSurveys(db, PLAN_AT, settings);
    const planMs = ms(t0);
    const benchSurveys = db
      .prepare(`SELECT s.satisfaction_id AS id, s.client_id AS client FROM fact_satisfaction s JOIN survey_states st USING (satisfaction_id) WHERE s.intervention_id >= ? ORDER BY s.satisfaction_id`)
      .all(pop.interventionIds[0]) as { id: number; client: number }[];
    for (const c of pop.stopAfterPlan) markOptedOut(db, c, STOP_AT);
    const due = db.prepare("SELECT COUNT(*) AS n, MIN(due_at) AS first, MAX(due_at) AS last FROM jobs WHERE kind = ? AND status = 'pending' AND run_after <= ?").get(SURVEY_SEND_KIND, sendAt.toISOString()) as {
      n: number;
      first: string | null;
      last: string | null;
    };
    const benchDue = (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = ? AND due_at = ?").get(SURVEY_SEND_KIND, sendAt.toISOString()) as { n: number }).n;
    say(`planSurveys: ${plan.created} surveys planned in ${planMs} ms (skipped: opted out ${plan.skipped.optedOut}, no phone ${plan.skipped.noPhone}, recent ${plan.skipped.recent}); ${pop.stopAfterPlan.length} STOP before the send`);
    say(`due at ${sendAt.toISOString()} (send time of the bench reports): ${due.n} survey.send jobs (${benchDue} of them due at that very instant)`);

    // ── 4. the app's SMS and scheduler wiring, the fake Twilio on 127.0.0.1, the clock running in real time
    let offset = sendAt.getTime() - Date.now();
    const now = (): Date => new Date(Date.now() + offset);
    const lines: LogLine[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as LogLine);
        done();
      },
    });
    const rawLog: string[] = [];
    const log = createLogger('info', new Writable({
      write(chunk: Buffer, enc, done) {
        rawLog.push(chunk.toString('utf8'));
        sink.write(chunk, enc, done);
      },
    }));
    const owner = 'bench:survey';
    const twilioTransport = createSmsTransport(config, { apiBaseUrl: fake.url, now });
    // the instants the dispatcher calls messages.create (what its rate limiter governs), beside the fake's arrivals
    const callStarts: number[] = [];
    const transport: SmsTransport = { ...twilioTransport, send: (m) => (callStarts.push(now().getTime()), twilioTransport.send(m)) };
    const sms = createSmsDispatcher({ db, transport, owner, now, log, ratePerSec, ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}) });
    // Teams is not needed by survey.send: any post is a bug of the benchmark's scenario
    const teams: ChannelTransport = { post: async () => Promise.reject(new Error('bench-survey: no Teams channel in this benchmark')) };
    const proactive = createProactiveSender({ db, transport: teams, owner, now, log });

    // timing of the send jobs and of the flushes they wait for (to locate the time per job)
    const timing = { sendJobs: 0, sendJobMs: 0, flushes: 0, flushMs: 0 };
    /** per send job: its time in the handler */
    const perJob: number[] = [];
    const timedSms = {
      flush: (): Promise<unknown> => {
        const f0 = performance.now();
        const run = sms.flush().finally(() => {
          timing.flushes += 1;
          timing.flushMs += performance.now() - f0;
        });
        if (flags.flush !== 'background') return run;
        run.catch((err: unknown) => log.error({ err }, 'bench: background flush failed'));
        return Promise.resolve();
      },
    };
    const handlers = jobHandlers({ db, proactive, log, sms: timedSms, survey: { settings, reportDir: join(dir, 'reports') } });
    const sendHandler = handlers[SURVEY_SEND_KIND]!;
    const timedSend: JobHandler = async (job, ctx) => {
      const h0 = performance.now();
      try {
        const outcome = await sendHandler(job, ctx);
        if (flags.flush === 'await') await sms.idle();
        return outcome;
      } finally {
        const d = performance.now() - h0;
        timing.sendJobs += 1;
        timing.sendJobMs += d;
        perJob.push(d);
      }
    };
    const scheduler = createScheduler({
      db,
      owner,
      now,
      log,
      handlers: { ...handlers, [SURVEY_SEND_KIND]: timedSend },
      recurring: [],
      ...(flags.schedulerBatch !== undefined ? { batch: flags.schedulerBatch } : {}),
    });

    // the bench's own sampler: messages at the fake every second (a line every 10 s)
    const wall0 = performance.now();
    const samples: { s: number; sent: number }[] = [];
    const sampler = setInterval(() => {
      const s = Math.round((performance.now() - wall0) / 1000);
      const sent = callStarts.length;
      const prev = samples.at(-1)?.sent ?? 0;
      samples.push({ s, sent });
      if (s % 10 === 0) say(`  [bench] t=${String(s).padStart(4)} s  messages.create calls: ${String(sent).padStart(6)} (+${sent - prev} in the last second)`);
    }, 1000);
    offset = sendAt.getTime() - Date.now();
    fake.setOffset(offset);
    await fake.collect(); // a round trip: the worker has the new clock before the first request
    const stopBackground = sms.start(60_000);
    const ticks: TickReport[] = [];
    // the scheduler's ticks, back to back (node-cron would tick every minute; one tick runs everything due)
    for (;;) {
      const r = await scheduler.tick();
      ticks.push(r);
      if (r.done.length + r.skipped.length + r.retried.length + r.failed.length === 0) break;
    }
    const jobsWallMs = ms(wall0);
    await sms.idle();
    const finalFlush = await sms.flush();
    stopBackground();
    await scheduler.stop();
    clearInterval(sampler);
    const wallMs = ms(wall0);
    const fakeMessages = await fake.collect();

    // ── 5. figures
    const sum = (k: 'done' | 'skipped' | 'retried' | 'failed' | 'lost'): string[] => ticks.flatMap((t) => t[k]);
    const sendDone = sum('done').filter((k) => k.startsWith('survey.send:')).length;
    const created = fakeMessages.map((m) => m.createdMs).sort((a, b) => a - b);
    const spanMs = created.length > 1 ? created.at(-1)! - created[0]! : 0;
    const maxPerSecond = maxInWindow(created, 1000);
    const meanRate = spanMs > 0 ? (created.length - 1) / (spanMs / 1000) : created.length;
    const maxPerSecondAtCall = maxInWindow([...callStarts].sort((a, b) => a - b), 1000);
    const bucket = Math.max(1, Math.ceil(perJob.length / 10));
    const buckets: { jobs: string; handlerMs: number }[] = [];
    for (let i = 0; i < perJob.length; i += bucket) {
      const part = perJob.slice(i, i + bucket);
      buckets.push({ jobs: `${i + 1}–${i + part.length}`, handlerMs: Number((part.reduce((a, b) => a + b, 0) / part.length).toFixed(2)) });
    }
    const progress = lines.filter((l) => /progress/i.test(l.msg));
    const perJobLines = { surveySent: lines.filter((l) => l.msg === 'survey sent').length, jobDone: lines.filter((l) => l.msg === 'job done').length, flushDone: lines.filter((l) => l.msg === 'sms: flush done').length };
    const problems = lines.filter((l) => l.level >= 40);
    const problemKinds = new Map<string, number>();
    for (const p of problems) problemKinds.set(`${p.level >= 50 ? 'error' : 'warn'}: ${p.msg}`, (problemKinds.get(`${p.level >= 50 ? 'error' : 'warn'}: ${p.msg}`) ?? 0) + 1);
    const counts = smsCounts(db);
    const jobStatus = db.prepare("SELECT status, COUNT(*) AS n FROM jobs WHERE kind = ? AND due_at <= ? GROUP BY status").all(SURVEY_SEND_KIND, sendAt.toISOString()) as { status: string; n: number }[];

    // ── 6. checks
    /** `info`: reported, not failing the run (a figure measured on a shared machine, not a property of the code) */
    const checks: { name: string; ok: boolean; detail: string; info?: true }[] = [];
    const check = (name: string, ok: boolean, detail: string, info = false): void => void checks.push({ name, ok, detail, ...(info ? { info: true as const } : {}) });
    const byNumber = new Map<string, number>();
    for (const m of fakeMessages) byNumber.set(m.to, (byNumber.get(m.to) ?? 0) + 1);
    const phoneOfClient = db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').pluck();
    const stopped = new Set(pop.stopAfterPlan);
    const toSend = benchSurveys.filter((s) => !stopped.has(s.client));
    const notOnce = toSend.filter((s) => byNumber.get(phoneOfClient.get(s.client) as string) !== 1);
    const rowsPerSurvey = db.prepare("SELECT satisfaction_id, COUNT(*) AS n, SUM(status = 'sent') AS sent FROM sms_messages WHERE satisfaction_id >= ? GROUP BY satisfaction_id").all(benchSurveys[0]?.id ?? 0) as {
      satisfaction_id: number;
      n: number;
      sent: number;
    }[];
    const badRows = rowsPerSurvey.filter((r) => r.n !== 1 || r.sent !== 1);
    // every survey sent in this run (the demo's own planned ones too): one outbox row with a SID, one message at the fake
    const surveysTwice = (db.prepare('SELECT COUNT(*) AS n FROM (SELECT satisfaction_id FROM sms_messages WHERE satisfaction_id IS NOT NULL GROUP BY satisfaction_id HAVING COUNT(*) > 1)').get() as { n: number }).n;
    const fakeSids = new Set(fakeMessages.map((m) => m.sid));
    const outboxSids = db.prepare('SELECT sid FROM sms_messages WHERE sid IS NOT NULL').pluck().all() as string[];
    const sidsMatch = fakeSids.size === fakeMessages.length && outboxSids.length === fakeSids.size && outboxSids.every((x) => fakeSids.has(x));
    check(
      'exactly one first SMS per survey',
      toSend.length === flags.surveys && notOnce.length === 0 && rowsPerSurvey.length === toSend.length && badRows.length === 0 && surveysTwice === 0 && sidsMatch,
      `${toSend.length} bench surveys to send, ${toSend.length - notOnce.length} got exactly one SMS at the fake; ${rowsPerSurvey.length} with an outbox row, ${badRows.length} with ≠ 1 sent row; all surveys: ${surveysTwice} with > 1 SMS; ${fakeMessages.length} SMS at the fake ${sidsMatch ? '=' : '≠'} the ${outboxSids.length} SIDs stored`,
    );
    const optedOutNumbers = (db.prepare('SELECT telephone FROM dim_clients WHERE sms_opt_out = 1 AND telephone IS NOT NULL').pluck().all() as string[]).filter((p) => byNumber.has(p));
    const plannedStopped = benchSurveys.filter((s) => stopped.has(s.client)).length;
    check(
      'no SMS to an opted-out client',
      optedOutNumbers.length === 0 && plan.skipped.optedOut >= pop.optedOutBefore.length && plannedStopped === pop.stopAfterPlan.length,
      `${optedOutNumbers.length} opted-out numbers texted; ${pop.optedOutBefore.length} opted out before (planSurveys skipped ${plan.skipped.optedOut}), ${plannedStopped} planned then STOP`,
    );
    const outside = fakeMessages.filter((m) => nextAllowedSlot(new Date(m.createdMs), schedule).getTime() !== m.createdMs);
    check('no SMS outside the allowed hours', outside.length === 0, `${outside.length} of ${fakeMessages.length} outside ${schedule.from}–${schedule.to} Mon–Sat, public holidays excluded (Europe/Paris, the scenario's clock)`);
    const cap = Math.max(1, Math.floor(ratePerSec));
    // the dispatcher's limiter counts when a call may start; the stamps here are taken just after (≤ 1 ms later) and the
    // fake's arrivals later still (event loops of a shared machine): reported, not a failure
    check('never more than the rate in any second', maxPerSecond <= cap && maxPerSecondAtCall <= cap, `max ${maxPerSecond} in a 1-s window at the fake's arrivals, ${maxPerSecondAtCall} at the dispatcher's calls; rate ${ratePerSec}/s`, true);
    const pii = rawLog.join('').match(/\+33\d{9}/g) ?? [];
    check('no phone number in the logs', pii.length === 0, `${pii.length} occurrences in ${lines.length} log lines`);

    const result = {
      flags,
      db: dbPath,
      demo: { clients: demo.rows.dim_clients, interventions: demo.rows.fact_interventions, ms: demoMs, insertMs },
      planSurveys: { ms: planMs, ...plan },
      sendAt: sendAt.toISOString(),
      dueAtSendTime: due.n,
      jobs: { ticks: ticks.length, done: sum('done').length, sendDone, skipped: sum('skipped').length, retried: sum('retried').length, failed: sum('failed').length, lost: sum('lost').length, status: Object.fromEntries(jobStatus.map((j) => [j.status, j.n])) },
      sms: { atFake: fakeMessages.length, outbox: counts, finalFlush: { claimed: finalFlush.claimed, sent: finalFlush.sent } },
      wallMs,
      jobsWallMs,
      rate: { configured: ratePerSec, maxIn1s: maxPerSecond, maxIn1sAtCallStart: maxPerSecondAtCall, mean: Number(meanRate.toFixed(2)), spanMs, ideal: Number((fakeMessages.length / ratePerSec).toFixed(1)) },
      perJob: {
        sendJobs: timing.sendJobs,
        meanSendJobMs: timing.sendJobs ? Number((timing.sendJobMs / timing.sendJobs).toFixed(2)) : null,
        meanFlushMs: timing.flushes ? Number((timing.flushMs / timing.flushes).toFixed(2)) : null,
        meanOutsideHandlerMs: timing.sendJobs ? Number(((jobsWallMs - timing.sendJobMs) / timing.sendJobs).toFixed(2)) : null,
        buckets,
      },
      samples,
      progressLogged: progress.map((p) => ({ msg: p.msg, handled: p.handled, sent: p.sent, elapsedMs: p.elapsedMs })),
      logLines: lines.length,
      perJobLines,
      errors: Object.fromEntries(problemKinds),
      checks,
      latencyMs: flags.latencyMs,
    };

    if (flags.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      say('');
      say(`jobs: ${result.jobs.done} done (${sendDone} survey.send), ${result.jobs.skipped} skipped, ${result.jobs.retried} retried, ${result.jobs.failed} failed, ${result.jobs.lost} lost, in ${ticks.length} tick(s)`);
      say(`SMS: ${fakeMessages.length} created at the fake Twilio; outbox ${JSON.stringify(counts)}`);
      say(`wall: ${(wallMs / 1000).toFixed(1)} s (jobs ${(jobsWallMs / 1000).toFixed(1)} s); ideal at ${ratePerSec}/s: ${result.rate.ideal} s`);
      say(`rate at the fake: max ${maxPerSecond} in any 1-s window, mean ${meanRate.toFixed(1)}/s over ${(spanMs / 1000).toFixed(1)} s (configured ${ratePerSec}/s${flags.latencyMs ? `, ${flags.latencyMs} ms added per Twilio call` : ''})`);
      say(`rate at the dispatcher's calls (messages.create started): max ${maxPerSecondAtCall} in any 1-s window`);
      say(`per survey.send job: ${result.perJob.meanSendJobMs} ms in the handler, ${result.perJob.meanOutsideHandlerMs} ms in the scheduler around it; ${timing.flushes} flush calls (a call made while a flush runs joins it)`);
      say(`  handler ms by tenth of the run: ${buckets.map((b) => b.handlerMs).join('  ')}`);
      say(`planSurveys: ${planMs} ms for ${plan.created} surveys`);
      say(`progress lines logged (${progress.length}):`);
      for (const p of progress.slice(0, 40)) say(`  ${p.msg} ${JSON.stringify({ handled: p.handled, sent: p.sent, elapsedMs: p.elapsedMs })}`);
      if (progress.length > 40) say(`  … ${progress.length - 40} more`);
      say(`per-job lines logged instead: 'survey sent' ×${perJobLines.surveySent}, 'job done' ×${perJobLines.jobDone}, 'sms: flush done' ×${perJobLines.flushDone}`);
      say(`log lines: ${lines.length}; warnings/errors: ${problems.length}${problemKinds.size ? ` — ${[...problemKinds].map(([k, n]) => `${k} ×${n}`).join('; ')}` : ''}`);
      for (const c of checks) say(`${c.ok ? 'ok  ' : c.info ? 'over' : 'FAIL'} ${c.name}: ${c.detail}`);
    }
    return checks.every((c) => c.ok || c.info) ? 0 : 1;
  } finally {
    await fake?.stop();
    db.close();
    if (!flags.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
);
