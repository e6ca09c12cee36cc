/**
 * `npm run bench:load [-- --duration 60 --connections 8]`: the load benchmark of issue 10, side by side in one run.
 *
 *  - a fake Bot Connector (scripts/bench-load/channel.ts), its own process, answers the bots' replies at once;
 *  - the floor: a bare Teams SDK echo bot (scripts/bench-load/echo-bot.ts), its own process;
 *  - our bot (bot/app.ts createBotApp, LOCAL mode, scheduler off) on a file warehouse with the 2-year demo
 *    data (seed 42, churn scored for the day as the nightly job does), its own process;
 *  - autocannon in this process: a closed loop of N connections, each one user in its own conversation,
 *    posting realistic Activities (unique ids) for `--duration` seconds per scenario: echo, simple questions,
 *    "route for Gaëtan today", and Twilio SMS webhooks to /api/sms when our bot serves it.
 *
 * Then the event-loop check: our bot on a warehouse with no churn model yet, under the route load, is asked
 * "planning de la semaine prochaine" then "clients à risque"; its event-loop stalls are matched with those
 * turns, and the synchronous pieces are timed alone to say where a stall comes from.
 *
 * The scenarios run interleaved, in slices of --slice seconds (5) round after round, so a change in the shared
 * machine's load hits all of them alike (the echo bot's figures are the floor of the same moments).
 *
 * Flags: --duration <s> (60) per scenario, --slice <s> (5), --connections <n> (8), --warmup <s> (3, unmeasured
 * load before the measure), --scenarios echo,simple,route,sms, --heavy on|off, --heavy-duration <s> (40), --profile (a CPU
 * profile of the answering process per scenario, summarised; files kept), --json <file>, --keep (temp dir),
 * --log-level <pino level> (info, as in production), --answer-cache on|off (on, as in production; off: every turn
 * computes its answer, the cost of a question asked for the first time since the warehouse changed).
 *
 * Prints the table and the goal checks; exits 1 only when a request failed (error, timeout or non-2xx), 2 on
 * bad flags or a process that would not start.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { resolveUser } from '../core/access/index.ts';
import { loadActiveModel, saveModel, scoreChurn, trainChurn, ensureScored } from '../core/churn/index.ts';
import { routeReply } from '../core/conversation/answers/route.ts';
import { isoWeekOf } from '../core/planning/km-week.ts';
import { planningConfigFromEnv } from '../core/planning/config.ts';
import { loadWeek } from '../core/planning/model/from-warehouse.ts';
import { suggestPlan, type Solve } from '../core/planning/plans.ts';
import { solveInWorker } from '../core/planning/solver/run.ts';
import { planReply } from '../core/conversation/answers/planning-week.ts';
import { ask } from '../core/conversation/index.ts';
import { toMessage } from '../bot/reply.ts';
import { addDaysIso } from '../core/warehouse/calendar.ts';
import { openDb } from '../core/warehouse/db.ts';
import { generateDemo } from '../core/warehouse/demo/index.ts';
import { connectionPlans, messageActivity, SCENARIO_TEXTS, STAFF_USERS, type BenchUser, type ConnectionPlan, type ScenarioName } from './bench-load/activities.ts';
import { startChild, type Child } from './bench-load/ipc.ts';
import type { Stall } from './bench-load/loop-monitor.ts';
import { runForm, runLoad } from './bench-load/load.ts';
import type { ProfileSummary } from './bench-load/profile.ts';
import { failures, formatTable, goalChecks, mergeSlices, replyLatencies, summarize, type ScenarioResult, type Slice } from './bench-load/report.ts';
import { probeSms, signedWebhook, SMS_PATH, smsEnv } from './bench-load/sms.ts';

/** The demo's "today" and the bot's clock at the start: Tuesday 1 December 2026, 07:30 in Annecy. */
const TODAY = '2026-12-01';
const NOW = '2026-12-01T07:30:00+01:00';
const ALL_SCENARIOS = ['echo', 'simple', 'route', 'sms'] as const;
/** the weekly plan's solver time limit in the event-loop check (the bot's default is 55 s) */
const HEAVY_PLAN_TIME_LIMIT_S = 15;

const Flags = z.object({
  duration: z.coerce.number({ error: '--duration must be a number of seconds' }).int('--duration must be whole seconds').min(1).max(3600).default(60),
  connections: z.coerce.number().int().min(1).max(256).default(8),
  warmup: z.coerce.number().int().min(0).max(60).default(3),
  slice: z.coerce.number().int().min(1).max(3600).default(5),
  scenarios: z
    .string()
    .default(ALL_SCENARIOS.join(','))
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ALL_SCENARIOS, { error: `--scenarios: a comma list of ${ALL_SCENARIOS.join(', ')}` })).min(1)),
  heavy: z.enum(['on', 'off'], { error: '--heavy must be on or off' }).default('on'),
  'heavy-duration': z.coerce.number().int().min(5).max(600).default(40),
  profile: z.boolean().default(false),
  'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  'answer-cache': z.enum(['on', 'off'], { error: '--answer-cache must be on or off' }).default('on'),
  json: z.string().min(1).optional(),
  keep: z.boolean().default(false),
});
type Flags = z.infer<typeof Flags>;

function parseFlags(argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      slice: { type: 'string' },
      scenarios: { type: 'string' },
      heavy: { type: 'string' },
      'heavy-duration': { type: 'string' },
      profile: { type: 'boolean' },
      'log-level': { type: 'string' },
      'answer-cache': { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = issue.path.length ? `--${issue.path[0]!.toString()}` : '';
    throw new Error(`bench:load: ${flag && !issue.message.startsWith(flag) ? `${flag}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function postActivity(port: number, body: unknown): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
}

let warmSeq = 0;
/** `/as <login>` in each conversation (LOCAL mode: who talks), then each text once: JIT and statements warm. */
async function warmUp(port: number, channelUrl: string, plans: readonly ConnectionPlan[], asCommand: boolean): Promise<void> {
  for (const p of plans) {
    const texts = asCommand ? [`/as ${p.user.email}`, ...p.texts] : p.texts;
    for (const text of texts) {
      const r = await postActivity(port, messageActivity({ id: `warm-${++warmSeq}`, text, conversationId: p.conversationId, user: p.user, serviceUrl: channelUrl, timestamp: new Date() }));
      if (r.status !== 200) throw new Error(`warm-up "${text.slice(0, 20)}" answered ${r.status}`);
    }
  }
}

/** One scenario of the interleaved run: warmed once, then measured slice by slice. */
interface Lane {
  scenario: ScenarioName;
  target: 'echo' | 'bot';
  child: Child;
  slice(seconds: number, round: number): Promise<Slice>;
}

/** A lane posting Activities to /api/messages (echo, simple, route), with the reply times at the channel. */
async function activityLane(scenario: Exclude<ScenarioName, 'sms'>, child: Child, target: 'echo' | 'bot', channel: Child, channelUrl: string, flags: Flags): Promise<Lane> {
  const plans = connectionPlans(scenario, flags.connections, STAFF_USERS);
  await warmUp(child.port, channelUrl, plans, target === 'bot');
  // a short unmeasured load first: every process is measured hot (JIT, caches, keep-alive sockets)
  if (flags.warmup > 0) await runLoad(child.port, channelUrl, `${scenario}-warm`, plans, flags.warmup);
  return {
    scenario,
    target,
    child,
    async slice(seconds, round) {
      await channel.ask({ type: 'reset' }, 'ack');
      await child.ask({ type: 'loop-reset' }, 'ack');
      const run = await runLoad(child.port, channelUrl, `${scenario}-r${round}`, plans, seconds);
      const loop = (await child.ask({ type: 'loop-report' }, 'loop')).report;
      const arrivals = await channel.ask({ type: 'collect' }, 'arrivals');
      return { run, loop, replies: replyLatencies(run.sent, new Map(Object.entries(arrivals.byConversation))), repliesAtChannel: arrivals.total };
    },
  };
}

/** The Twilio webhook lane, when the bot serves /api/sms (else null and why). */
async function smsLane(child: Child, env: Record<string, string>, flags: Flags): Promise<{ lane: Lane | null; note: string | null }> {
  const note = await probeSms(child, env);
  if (note) return { lane: null, note };
  const slice = async (seconds: number, round: number): Promise<Slice> => {
    await child.ask({ type: 'loop-reset' }, 'ack');
    const run = await runForm(child.port, SMS_PATH, flags.connections, seconds, (c, s) => signedWebhook(env.TWILIO_AUTH_TOKEN!, env.TWILIO_ACCOUNT_SID!, c, s, round));
    const loop = (await child.ask({ type: 'loop-report' }, 'loop')).report;
    return { run, loop, replies: [], repliesAtChannel: null };
  };
  if (flags.warmup > 0) await slice(flags.warmup, 999);
  return { lane: { scenario: 'sms', target: 'bot', child, slice }, note: null };
}

interface HeavyTurn {
  text: string;
  /** the HTTP answer of the turn (the immediate "je calcule…" reply) */
  httpMs: number;
  /** from the POST until the follow-up reached the channel; null if none within the window */
  followUpMs: number | null;
  card: boolean;
  /** event-loop stalls over the threshold between the POST and the follow-up */
  stalls: Stall[];
}

interface HeavyReport {
  durationS: number;
  thresholdMs: number;
  route: ScenarioResult;
  loop: { p50: number; p99: number; max: number; utilization: number };
  turns: HeavyTurn[];
  otherStalls: Stall[];
}

/**
 * Our bot on a warehouse with no churn model and no plan, under the route load; at t = 2 s a planner asks for
 * next week's plan (HiGHS in a worker), then, once its card came, the direction asks for the clients at risk
 * (the day's first: a model is trained and every client scored). The bot's event-loop stalls longer than `thresholdMs` (the
 * worst delay of the plain route scenario) are matched with each turn's window.
 */
async function heavyCheck(dbPath: string, channel: Child, channelUrl: string, flags: Flags, dir: string, thresholdMs: number): Promise<HeavyReport> {
  const env = { BENCH_DB: dbPath, BENCH_NOW: NOW, LOG_LEVEL: flags['log-level'], PLAN_TIME_LIMIT_S: String(HEAVY_PLAN_TIME_LIMIT_S) };
  const bot = await startChild('bot (heavy)', new URL('./bench-load/bot-child.ts', import.meta.url), env, join(dir, 'bot-heavy.log'));
  try {
    const durationS = flags['heavy-duration'];
    const plans = connectionPlans('route', flags.connections, STAFF_USERS);
    await warmUp(bot.port, channelUrl, plans, true);
    if (flags.warmup > 0) await runLoad(bot.port, channelUrl, 'heavy-warm', plans, flags.warmup);
    const planner = STAFF_USERS.find((u) => u.role === 'planning')!;
    const direction = STAFF_USERS.find((u) => u.role === 'direction')!;
    const asks: { text: string; user: BenchUser; conversationId: string }[] = [
      { text: 'planning de la semaine prochaine', user: planner, conversationId: 'a:bench-heavy-planning' },
      { text: 'clients à risque', user: direction, conversationId: 'a:bench-heavy-churn' },
    ];
    for (const a of asks) {
      const r = await postActivity(bot.port, messageActivity({ id: `heavy-as-${a.conversationId}`, text: `/as ${a.user.email}`, conversationId: a.conversationId, user: a.user, serviceUrl: channelUrl, timestamp: new Date() }));
      if (r.status !== 200) throw new Error(`heavy: /as answered ${r.status}`);
      await channel.ask({ type: 'watch', conversationId: a.conversationId }, 'ack');
    }
    await channel.ask({ type: 'reset' }, 'ack');
    await bot.ask({ type: 'loop-reset' }, 'ack');
    log(`… heavy turns under the route load: ${flags.connections} connections for ${durationS} s (plan time limit ${HEAVY_PLAN_TIME_LIMIT_S} s)`);
    const load = runLoad(bot.port, channelUrl, 'heavy', plans, durationS);
    const loadStart = performance.timeOrigin + performance.now();
    // the schedule of the benchmark (not a synchronisation): the load runs 2 s before the heavy turns
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // one after the other, so each stall falls in one turn's window
    const turns: (HeavyTurn & { from: number; to: number })[] = [];
    for (const [k, a] of asks.entries()) {
      const from = performance.timeOrigin + performance.now();
      const followUp = new Promise<{ at: number; card: boolean } | null>((resolve) => {
        let seen = 0;
        const timer = setTimeout(() => {
          off();
          resolve(null);
        }, Math.max(5, durationS - 2) * 1000 + 30_000);
        const off = channel.on('seen', (m) => {
          if (m.conversationId !== a.conversationId) return;
          // the first activity is the immediate "je calcule…" reply; the second one is the follow-up
          if (++seen === 2) {
            clearTimeout(timer);
            off();
            resolve({ at: m.at, card: m.card });
          }
        });
      });
      const r = await postActivity(bot.port, messageActivity({ id: `heavy-${k}`, text: a.text, conversationId: a.conversationId, user: a.user, serviceUrl: channelUrl, timestamp: new Date() }));
      if (r.status !== 200) throw new Error(`heavy: "${a.text}" answered ${r.status}`);
      const done = await followUp;
      const to = done ? done.at : performance.timeOrigin + performance.now();
      turns.push({ text: a.text, httpMs: r.ms, followUpMs: done ? done.at - from : null, card: done?.card ?? false, stalls: [], from, to });
    }
    const run = await load;
    const loop = (await bot.ask({ type: 'loop-report' }, 'loop')).report;
    const arrivals = await channel.ask({ type: 'collect' }, 'arrivals');
    const otherStalls: Stall[] = [];
    for (const s of loop.stalls) {
      if (s.ms < thresholdMs || s.at < loadStart) continue;
      // a stall is seen when the timer finally fires: it began `ms` earlier
      const hit = turns.filter((t) => s.at >= t.from && s.at - s.ms <= t.to + 50);
      if (hit.length === 0) otherStalls.push(s);
      for (const t of hit) t.stalls.push(s);
    }
    const replies = replyLatencies(run.sent, new Map(Object.entries(arrivals.byConversation).filter(([c]) => !c.startsWith('a:bench-heavy-'))));
    return {
      durationS: run.durationS,
      thresholdMs,
      route: {
        scenario: 'route + heavy turns',
        target: 'bot',
        durationS: run.durationS,
        turnsPerSec: run.ok / run.durationS,
        http: summarize(run.latencies),
        reply: replies.length > 0 ? summarize(replies) : null,
        errors: run.errors,
        timeouts: run.timeouts,
        non2xx: run.non2xx,
        eventLoop: { p99: loop.p99, max: loop.max },
      },
      loop: { p50: loop.p50, p99: loop.p99, max: loop.max, utilization: loop.utilization },
      turns: turns.map(({ from: _f, to: _t, ...t }) => t),
      otherStalls,
    };
  } finally {
    await bot.stop();
  }
}

interface Probe {
  what: string;
  where: string;
  ms: number;
}

/** The main-thread pieces behind the heavy turns, timed alone on a copy (no load): what blocks, where, how long. */
async function probeMainThreadWork(dbPath: string): Promise<Probe[]> {
  const db = openDb(dbPath);
  try {
    const out: Probe[] = [];
    const time = <T>(what: string, where: string, fn: () => T): T => {
      const t = performance.now();
      const value = fn();
      out.push({ what, where, ms: performance.now() - t });
      return value;
    };
    const planner = resolveUser(db, { email: 'clothilde.martin@duret-electricite.fr' });
    if (!planner) throw new Error('the demo has no planner');
    const week = isoWeekOf(addDaysIso(TODAY, 7));
    time(`loadWeek(${week}): the plan's instance, before the worker`, 'core/planning/model/from-warehouse.ts loadWeek (core/planning/plans.ts suggestPlan)', () => loadWeek(db, week));
    let solveMs = 0;
    const solve: Solve = async (instance, config) => {
      const t = performance.now();
      try {
        return await solveInWorker(instance, config);
      } finally {
        solveMs = performance.now() - t;
      }
    };
    const t = performance.now();
    const { planId } = await suggestPlan(db, { week, user: planner, now: new Date(NOW), config: planningConfigFromEnv(process.env, { timeLimitS: HEAVY_PLAN_TIME_LIMIT_S }), solve });
    out.push({
      what: `suggestPlan(${week}) outside the worker: loadWeek + savePlan + worker start (${(solveMs / 1000).toFixed(1)} s in the worker, not counted)`,
      where: 'core/planning/plans.ts suggestPlan (core/conversation/answers/planning-week.ts computePlanReply followUp)',
      ms: performance.now() - t - solveMs,
    });
    time('planReply: the plan card', 'core/conversation/answers/planning-week.ts planReply → cards/index.ts renderCard', () => planReply(db, planId, 'fr'));
    if (!loadActiveModel(db)) {
      const model = time('trainChurn: first "clients à risque" on a warehouse without a model', 'core/churn/train.ts trainChurn (core/churn/alerts.ts ensureScored ← core/conversation/answers/churn.ts answerChurn followUp)', () => trainChurn(db, { asOf: TODAY }));
      saveModel(db, model);
    }
    time('scoreChurn: first "clients à risque" of the day', 'core/churn/score.ts scoreChurn (core/churn/alerts.ts ensureScored ← core/conversation/answers/churn.ts answerChurn followUp)', () => scoreChurn(db, TODAY));
    const techs = db.prepare('SELECT technicien_id AS id FROM dim_techniciens WHERE actif = 1 ORDER BY technicien_id').all() as { id: number }[];
    const per: number[] = [];
    for (const x of techs) {
      const s = performance.now();
      routeReply(db, planner, x.id, TODAY, 'fr');
      per.push(performance.now() - s);
    }
    out.push({
      what: `routeReply × ${techs.length} technicians, the whole team's tours (longest ${Math.max(...per).toFixed(0)} ms, median ${[...per].sort((a, b) => a - b)[Math.floor(per.length / 2)]!.toFixed(0)} ms)`,
      where: 'core/conversation/answers/route.ts routeReply → core/planning/tournee.ts optimisedDayRoute (the 06:45 job computes the whole team’s in a worker: core/conversation/team-routes)',
      ms: per.reduce((a, b) => a + b, 0),
    });
    // the CPU of one turn of each load text, as the bot's handler calls it (median of 25 after a warm-up)
    for (const text of [...SCENARIO_TEXTS.simple, ...SCENARIO_TEXTS.route]) {
      const times = STAFF_USERS.flatMap((u) => {
        const user = resolveUser(db, { email: u.email });
        if (!user) return [];
        ask(db, { text, user, now: new Date(NOW) });
        return Array.from({ length: 25 }, () => {
          const s = performance.now();
          toMessage(ask(db, { text, user, now: new Date(NOW) }).reply);
          return performance.now() - s;
        });
      });
      out.push({ what: `one "${text}" turn: ask + toMessage, median over the staff users`, where: 'core/conversation/ask.ts ask (bot/app.ts message handler)', ms: summarize(times).p50 });
    }
    return out;
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'sav-bench-load-'));
  const children: Child[] = [];
  try {
    // the warehouse: 2 years of demo data; heavy.db is the state before any churn model, base.db after the nightly scoring
    const heavyDb = join(dir, 'heavy.db');
    const baseDb = join(dir, 'base.db');
    const probeDb = join(dir, 'probe.db');
    {
      const t = performance.now();
      const db = openDb(heavyDb);
      const summary = generateDemo(db, { seed: 42, today: TODAY, months: 24 });
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      copyFileSync(heavyDb, baseDb);
      copyFileSync(heavyDb, probeDb);
      const base = openDb(baseDb);
      ensureScored(base, TODAY);
      base.pragma('wal_checkpoint(TRUNCATE)');
      base.close();
      log(`warehouse: demo seed 42, today ${TODAY}, ${summary.rows.dim_clients} clients, ${summary.rows.fact_interventions} interventions (${((performance.now() - t) / 1000).toFixed(1)} s) in ${dir}`);
    }
    const probes = flags.heavy === 'on' ? await probeMainThreadWork(probeDb) : [];

    const channel = await startChild('fake channel', new URL('./bench-load/channel.ts', import.meta.url), {}, join(dir, 'channel.log'));
    children.push(channel);
    const channelUrl = `http://127.0.0.1:${channel.port}`;
    const wants = (s: ScenarioName): boolean => flags.scenarios.includes(s);
    const echo = wants('echo') ? await startChild('echo bot', new URL('./bench-load/echo-bot.ts', import.meta.url), {}, join(dir, 'echo.log')) : null;
    if (echo) children.push(echo);
    const botScript = new URL('./bench-load/bot-child.ts', import.meta.url);
    const botEnv = { BENCH_DB: baseDb, BENCH_NOW: NOW, LOG_LEVEL: flags['log-level'], BENCH_ANSWER_CACHE: flags['answer-cache'] };
    const bot = await startChild('bot', botScript, botEnv, join(dir, 'bot.log'));
    children.push(bot);
    log(`fake channel ${channelUrl}, echo bot :${echo?.port ?? '–'}, our bot :${bot.port} (logs in ${dir})`);

    const notes: string[] = [];
    const profiles = new Map<string, ProfileSummary>();
    let smsBot: Child | null = null;
    const lanes: Lane[] = [];
    if (echo) lanes.push(await activityLane('echo', echo, 'echo', channel, channelUrl, flags));
    if (wants('simple')) lanes.push(await activityLane('simple', bot, 'bot', channel, channelUrl, flags));
    if (wants('route')) lanes.push(await activityLane('route', bot, 'bot', channel, channelUrl, flags));
    if (wants('sms')) {
      // its own bot process: throwaway Twilio settings and an unreachable proxy, not in the other scenarios' bot
      const env = smsEnv();
      smsBot = await startChild('bot (sms)', botScript, { ...botEnv, ...env }, join(dir, 'bot-sms.log'));
      children.push(smsBot);
      const sms = await smsLane(smsBot, env, flags);
      if (sms.lane) lanes.push(sms.lane);
      if (sms.note) notes.push(sms.note);
    }

    // interleaved: every scenario gets a slice in each round, so a change of the machine's load hits them all alike
    const rounds = Math.max(1, Math.ceil(flags.duration / flags.slice));
    const sliceS = flags.duration / rounds;
    log(`… ${lanes.map((l) => l.scenario).join(', ')}: ${flags.connections} connections, ${rounds} round(s) of ${sliceS.toFixed(1)} s each (${flags.duration} s per scenario)`);
    const slices = new Map<string, Slice[]>(lanes.map((l) => [l.scenario, []]));
    const profiled = flags.profile ? [...new Set(lanes.map((l) => l.child))] : [];
    for (const c of profiled) await c.ask({ type: 'profile-start' }, 'ack');
    for (let round = 0; round < rounds; round++) {
      for (const lane of lanes) slices.get(lane.scenario)!.push(await lane.slice(sliceS, round));
    }
    for (const c of profiled) {
      const name = lanes.filter((l) => l.child === c).map((l) => l.scenario).join('+');
      profiles.set(name, (await c.ask({ type: 'profile-stop', file: join(dir, `${name}.cpuprofile`) }, 'profile', 120_000)).summary);
    }
    const results = lanes.map((l) => mergeSlices(l.scenario, l.target, slices.get(l.scenario)!));
    for (const c of [echo, bot, smsBot]) {
      if (!c) continue;
      await c.stop();
      children.splice(children.indexOf(c), 1);
    }

    const routeLoopMax = results.find((r) => r.scenario === 'route')?.eventLoop?.max;
    const heavy = flags.heavy === 'on' ? await heavyCheck(heavyDb, channel, channelUrl, flags, dir, Math.max(50, Math.ceil(routeLoopMax ?? 100))) : null;

    log('');
    log(`Load: closed loop of ${flags.connections} connections, ${flags.duration} s per scenario in ${rounds} interleaved slice(s), our bot's answer cache ${flags['answer-cache']} (HTTP latency = the /api/messages answer, which the SDK sends after the turn's reply reached the channel)`);
    log(formatTable(heavy ? [...results, heavy.route] : results));
    for (const r of results) if (r.note) log(`  note (${r.scenario}): ${r.note}`);
    for (const n of notes) log(`  note: ${n}`);
    log('');
    const checks = goalChecks(heavy ? [...results, heavy.route] : results);
    for (const c of checks) log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);

    if (heavy) {
      log('');
      log(`Event loop of our bot under the route load with the heavy turns (${heavy.durationS.toFixed(0)} s): delay p50 ${ms(heavy.loop.p50)}, p99 ${ms(heavy.loop.p99)}, max ${ms(heavy.loop.max)}; main thread busy ${(heavy.loop.utilization * 100).toFixed(0)} %`);
      for (const t of heavy.turns) {
        const worst = t.stalls.reduce((m, s) => Math.max(m, s.ms), 0);
        const total = t.stalls.reduce((m, s) => m + s.ms, 0);
        const cpu = t.stalls.reduce((m, s) => m + (s.cpuMs ?? 0), 0);
        const worstStall = t.stalls.find((s) => s.ms === worst);
        const follow = t.followUpMs === null ? 'no follow-up within the window' : `follow-up ${t.card ? 'card' : 'message'} after ${ms(t.followUpMs)}`;
        log(`  "${t.text}": answered in ${ms(t.httpMs)}, ${follow}; stalls > ${heavy.thresholdMs} ms meanwhile: ${t.stalls.length} (worst ${worst} ms${worstStall?.cpuMs != null ? `, main thread on CPU ${worstStall.cpuMs} ms of it` : ''}; total ${total} ms, main thread on CPU ${cpu} ms of it)`);
      }
      log(`  stalls > ${heavy.thresholdMs} ms outside those turns: ${heavy.otherStalls.length}${heavy.otherStalls.length ? ` (worst ${Math.max(...heavy.otherStalls.map((s) => s.ms))} ms)` : ''}`);
      log(`  (threshold = the worst event-loop delay of the plain route scenario; a stall is the main thread not running timers: its own CPU during the stall near the stall's length = code blocking it; far less = waiting for a core)`);
      log('Main-thread work, timed alone in this process (no load):');
      for (const p of probes) log(`  ${p.ms.toFixed(0).padStart(6)} ms  ${p.what}\n            ${p.where}`);
    }

    for (const [scenario, p] of profiles) {
      log('');
      log(`CPU profile of the process answering ${scenario} (main thread over the whole interleaved run, ${p.totalMs} ms sampled: idle ${p.idleMs} ms, GC ${p.gcMs} ms; ${join(dir, `${scenario}.cpuprofile`)}):`);
      log('  self time:');
      for (const h of p.self.slice(0, 10)) log(`    ${h.ms.toFixed(0).padStart(6)} ms ${h.share.toFixed(1).padStart(5)} %  ${h.name}`);
      if (p.inclusive.length > 0) log('  our code, inclusive:');
      for (const h of p.inclusive.slice(0, 12)) log(`    ${h.ms.toFixed(0).padStart(6)} ms ${h.share.toFixed(1).padStart(5)} %  ${h.name}`);
    }

    if (flags.json) {
      writeFileSync(flags.json, JSON.stringify({ flags, today: TODAY, results, checks, heavy, probes, profiles: Object.fromEntries(profiles) }, null, 2));
      log(`\nwritten ${flags.json}`);
    }
    const failed = [...results, ...(heavy ? [heavy.route] : [])].some((r) => failures(r) > 0);
    return failed ? 1 : 0;
  } finally {
    for (const c of children) await c.stop().catch(() => undefined);
    if (!flags.keep && !flags.profile) rmSync(dir, { recursive: true, force: true });
  }
}


main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
