import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Activity, CloudEnvironment, ConversationReference } from '@microsoft/teams.api';
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import { act, AnswerCache, ask, VERBS } from '../core/conversation/index.ts';
import type { Reply } from '../core/conversation/types.ts';
import type { User } from '../core/access/types.ts';
import type { Db } from '../core/warehouse/db.ts';
import { upsertConversationRef } from '../core/warehouse/conversation-refs.ts';
import { LOOPBACK, type BotConfig } from './config.ts';
import { handleEtlRequest } from './etl-route.ts';
import { LocalIdentities, parseAsCommand, resolveActivityUser, runAsCommand, UNKNOWN_USER_TEXT } from './identity.ts';
import { getPlan } from '../core/planning/plans.ts';
import { enqueuePlanNotify, jobHandlers } from './jobs/index.ts';
import { createLogger, sdkLogger, type Logger } from './logger.ts';
import { createProactiveSender, sdkTransport, type ProactiveSender } from './proactive.ts';
import { warmCards } from '../cards/index.ts';
import { cleanText, invokeError, toInvokeResponse, toMessage, type CardActionResponse } from './reply.ts';
import { createScheduler, defaultRecurring, processOwner, type Scheduler } from './scheduler.ts';
import { createSmsDispatcher, createSmsTransport, registerSmsRoutes, type SmsDispatcher } from './sms/index.ts';
import { registerSurveyForm } from './survey-form/index.ts';

export const LOCAL_MODE_LINE = 'LOCAL MODE: no Azure credentials, requests are not authenticated, listening on 127.0.0.1 only';

export interface BotAppOptions {
  db: Db;
  config: BotConfig;
  /** the clock (tests); default: the real time */
  now?: () => Date;
  logger?: Logger;
  /**
   * The Bot Framework / Entra endpoints (OpenID metadata and signing keys, token issuer, login); default: the SDK's
   * (the public cloud, or CLOUD). Tests point it at a local fake to check the JWT validation with their own keys.
   */
  cloud?: CloudEnvironment;
  /** reuse answers while the warehouse is unchanged (default true; the load bench measures both) */
  answerCache?: boolean;
}

export interface StartedBot {
  url: string;
  host: string;
  port: number;
}

export interface BotApp {
  app: App;
  server: http.Server;
  log: Logger;
  start(): Promise<StartedBot>;
  stop(): Promise<void>;
  /** resolves when every reply follow-up started so far has been sent */
  idle(): Promise<void>;
  /** proactive messages (cards to a user or conversation), through the outbox */
  proactive: ProactiveSender;
  /** the job scheduler, null when SCHEDULER_ENABLED=false; started by start() */
  scheduler: Scheduler | null;
  /** outgoing SMS (Twilio, or the local simulator) through the sms_messages outbox */
  sms: SmsDispatcher;
}

const apology = (requestId: string): string =>
  `Désolé, je n'ai pas pu traiter votre demande. Réessayez dans un instant (référence ${requestId}). ` +
  `/ Sorry, something went wrong (reference ${requestId}).`;

const ExecuteValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute', { error: 'action.type must be "Action.Execute"' }),
    verb: z.string({ error: 'action.verb is required' }).trim().min(1, 'action.verb is required').max(100),
    data: z.record(z.string(), z.unknown(), { error: 'action.data must be an object' }).optional(),
  }, { error: 'value.action is required' }),
}, { error: 'the invoke value must be an object' });

/** The Teams bot: the SDK's App on our own loopback-aware HTTP server, a thin adapter over core/conversation. */
export function createBotApp(options: BotAppOptions): BotApp {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? createLogger(config.logLevel);
  const local = new LocalIdentities(config.localUser);
  const isLocal = config.mode === 'local';
  if (!isLocal && !config.credentials) throw new Error('production mode needs CLIENT_ID, CLIENT_SECRET and TENANT_ID');

  // Our own http.Server handed to the SDK's ExpressAdapter: the SDK routes requests, we choose the interface.
  const server = http.createServer();
  const adapter = new ExpressAdapter(server, { logger: sdkLogger(log, 'teams/http') });
  adapter.get('/healthz', (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  // ready = the process is up AND the warehouse answers AND takes writes (a load balancer stops sending turns
  // otherwise): a read-only connection (opened read-only, or PRAGMA query_only) cannot record a turn or run a job
  adapter.get('/readyz', (_req: IncomingMessage, res: ServerResponse) => {
    try {
      db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get();
      if (db.readonly || db.pragma('query_only', { simple: true }) === 1) {
        log.error('readyz: database read-only');
        res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'unavailable', reason: 'database read-only' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ready' }));
    } catch (err) {
      log.error({ err }, 'readyz: database not reachable');
      res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'unavailable', reason: 'database not reachable' }));
    }
  });
  adapter.post('/api/etl/:source', (req: IncomingMessage & { params: { source: string } }, res: ServerResponse) =>
    handleEtlRequest({ db, token: config.etlToken, log, now }, req, res, req.params.source),
  );

  const app = new App({
    httpServerAdapter: adapter,
    // '' (not undefined) in LOCAL mode: the SDK would otherwise read CLIENT_ID… from the environment.
    clientId: config.credentials?.clientId ?? '',
    clientSecret: config.credentials?.clientSecret ?? '',
    tenantId: config.credentials?.tenantId ?? '',
    dangerouslyAllowUnauthenticatedRequests: isLocal,
    logger: sdkLogger(log),
    messagingEndpoint: '/api/messages',
    ...(options.cloud ? { cloud: options.cloud } : {}),
  });

  const owner = processOwner();
  const proactive = createProactiveSender({ db, transport: sdkTransport(app), owner, now, log });
  const sms = createSmsDispatcher({
    db, transport: createSmsTransport(config, { now }), owner, now, log, ratePerSec: config.sms?.ratePerSec ?? 10,
    // the survey's sending hours, rechecked before every send attempt (a Twilio outage must not push one past 20:00)
    ...(config.survey ? { sendWindow: config.survey.settings.schedule } : {}),
  });
  const survey = config.survey?.enabled ? { settings: config.survey.settings, reportDir: config.survey.reportDir } : undefined;
  const scheduler = config.scheduler?.enabled
    ? createScheduler({
        db, owner, now, log,
        handlers: jobHandlers({ db, proactive, log, sms, ...(survey ? { survey } : {}) }),
        recurring: defaultRecurring(config.scheduler, config.survey),
      })
    : null;
  // Twilio webhooks (/api/sms, /api/sms/status; /dev/sms with the simulator in LOCAL mode) and the survey web form
  const smsRoutes = registerSmsRoutes(adapter, {
    db, log, now, dispatcher: sms,
    authToken: config.sms?.mode === 'twilio' ? (config.sms.authToken ?? null) : null,
    publicBaseUrl: config.sms?.publicBaseUrl ?? null,
    // alert jobs created by an answer run at once
    afterInbound: () => scheduler?.tick(),
    simulator: isLocal && config.sms?.mode !== 'twilio' ? { number: config.sms?.from ?? 'SAV' } : null,
  });
  registerSurveyForm(adapter, { db, log, now });
  let stopSms: (() => void) | null = null;

  const saveRef = (activity: Activity, ref: ConversationReference, user: User | null, email: string | null): void => {
    const conversation = activity.conversation;
    if (!conversation?.id || !ref.serviceUrl) return;
    upsertConversationRef(db, {
      conversationId: conversation.id,
      tenantId: conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? null,
      serviceUrl: ref.serviceUrl,
      channelId: activity.channelId ?? 'msteams',
      conversationType: conversation.conversationType ?? null,
      botId: activity.recipient?.id ?? null,
      userAadObjectId: isLocal ? null : (activity.from?.aadObjectId ?? null),
      userEmail: user?.email ?? email,
      reference: ref,
      updatedAt: now().toISOString(),
    });
  };

  const who = (activity: Activity, fetchEmail?: () => Promise<string | null>): Promise<User | null> =>
    resolveActivityUser({
      db,
      mode: config.mode,
      local,
      conversationId: activity.conversation?.id ?? '',
      from: activity.from as { aadObjectId?: string; email?: string } | undefined,
      ...(fetchEmail ? { fetchEmail } : {}),
    });

  /**
   * A reply's slow second part (core Reply.followUp) runs after the turn's HTTP answer, so Teams is answered at
   * once: it starts on a later turn of the event loop (setImmediate), once the handler has returned and the SDK
   * has answered — a follow-up's synchronous part never delays the turn's own answer. Called after the first
   * reply was sent, so the follow-up comes second. `stop()` waits for the ones still running.
   */
  const pending = new Set<Promise<unknown>>();
  const followUp = (reply: Reply, send: (r: Reply) => Promise<unknown>, rlog: Logger, requestId: string): void => {
    const start = reply.followUp;
    if (!start) return;
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => start())
      .then((next) => send(next))
      .then(() => rlog.info('follow-up sent'))
      .catch(async (err: unknown) => {
        rlog.error({ err }, 'follow-up failed');
        await send({ text: apology(requestId), card: null }).catch(() => undefined);
      })
      .finally(() => pending.delete(run));
    pending.add(run);
  };

  /**
   * plan.accept: the decision and the job that tells each technician their week are committed in ONE transaction
   * (one job per plan, so a second accept or another process changes nothing): a crash between the two cannot
   * leave an accepted plan nobody is told about. Then a scheduler tick now rather than at the next minute.
   */
  const acceptPlan = (decide: () => Reply, data: Record<string, unknown> | undefined, rlog: Logger): Reply => {
    const planId = z.coerce.number().int().positive().safeParse(data?.planId);
    let created = false;
    const reply = db.transaction((): Reply => {
      const r = decide();
      if (planId.success && getPlan(db, planId.data)?.statut === 'accepted') created = enqueuePlanNotify(db, planId.data, now()).created;
      return r;
    })();
    if (planId.success && created) rlog.info({ planId: planId.data }, 'plan accepted: technicians to notify');
    if (!created || !scheduler) return reply;
    const run = scheduler
      .tick()
      .catch((err: unknown) => rlog.error({ err }, 'plan notify: tick failed'))
      .finally(() => pending.delete(run));
    pending.add(run);
    return reply;
  };

  /** answers reused while the warehouse is unchanged (core/conversation/answer-cache.ts) */
  const answers = options.answerCache === false ? undefined : new AnswerCache();

  app.on('message', async (ctx) => {
    const requestId = randomUUID();
    const rlog = log.child({ requestId, conversationType: ctx.activity.conversation?.conversationType });
    try {
      const text = cleanText(ctx.activity);
      const asEmail = parseAsCommand(text);
      if (asEmail !== null) {
        saveRef(ctx.activity, ctx.ref, null, null);
        rlog.info({ command: 'as', mode: config.mode }, 'message: /as command');
        await ctx.send(runAsCommand(db, config.mode, local, ctx.activity.conversation.id, asEmail));
        return;
      }
      const fetchEmail = async (): Promise<string | null> => {
        const member = await ctx.api.conversations.members(ctx.activity.conversation.id).getById(ctx.activity.from.id);
        return member.email ?? member.userPrincipalName ?? null;
      };
      const user = await who(ctx.activity, fetchEmail);
      saveRef(ctx.activity, ctx.ref, user, null);
      if (!user) {
        rlog.info('message: unknown user');
        await ctx.send(UNKNOWN_USER_TEXT);
        return;
      }
      const result = ask(db, { text, user, now: now() }, answers ? { cache: answers } : {});
      rlog.info({ userId: user.userId, intent: result.intent, card: result.reply.card !== null }, 'message answered');
      await ctx.send(toMessage(result.reply));
      followUp(result.reply, (r) => ctx.send(toMessage(r)), rlog, requestId);
    } catch (err) {
      rlog.error({ err }, 'message: failed');
      await ctx.send(apology(requestId)).catch((e: unknown) => rlog.error({ err: e }, 'message: apology not sent'));
    }
  });

  app.on('card.action', async (ctx): Promise<CardActionResponse> => {
    const requestId = randomUUID();
    const rlog = log.child({ requestId, invoke: 'adaptiveCard/action' });
    try {
      const parsed = ExecuteValue.safeParse(ctx.activity.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        rlog.info({ problem: issue?.message }, 'card action: bad payload');
        return invokeError(400, `Action.Execute invalide : ${issue?.message ?? 'payload invalide'} / invalid Action.Execute payload`);
      }
      const user = await who(ctx.activity);
      if (!user) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: UNKNOWN_USER_TEXT };
      const { verb, data } = parsed.data.action;
      const decide = (): Reply => act(db, { verb, data: data ?? {}, user, now: now() });
      const reply = verb === 'plan.accept' ? acceptPlan(decide, data, rlog) : decide();
      // the verb comes from the client: logged only when it is one of ours (an arbitrary string may carry PII)
      rlog.info({ userId: user.userId, verb: Object.hasOwn(VERBS, verb) ? verb : '(unknown verb)', card: reply.card !== null }, 'card action answered');
      followUp(reply, (r) => ctx.send(toMessage(r)), rlog, requestId);
      return toInvokeResponse(reply);
    } catch (err) {
      rlog.error({ err }, 'card action: failed');
      return invokeError(500, apology(requestId));
    }
  });

  const welcome = async (ctx: { activity: Activity; ref: ConversationReference; send: (a: string | ReturnType<typeof toMessage>) => Promise<unknown> }): Promise<void> => {
    const requestId = randomUUID();
    try {
      const user = await who(ctx.activity);
      saveRef(ctx.activity, ctx.ref, user, null);
      const hello = user
        ? ask(db, { text: user.langue === 'en' ? 'help' : 'aide', user, now: now() }).reply
        : { text: UNKNOWN_USER_TEXT, card: null };
      await ctx.send(toMessage(hello));
      log.info({ requestId, known: user !== null }, 'welcome sent');
    } catch (err) {
      log.error({ requestId, err }, 'welcome: failed');
    }
  };

  app.on('conversationUpdate', async (ctx) => {
    const botId = ctx.activity.recipient?.id;
    const added = (ctx.activity as { membersAdded?: { id: string }[] }).membersAdded ?? [];
    if (botId && added.some((m) => m.id === botId)) await welcome(ctx);
    else saveRef(ctx.activity, ctx.ref, null, null);
  });
  app.on('install.add', async (ctx) => {
    // Teams also sends conversationUpdate (membersAdded: the bot), which says welcome: here only the reference.
    saveRef(ctx.activity, ctx.ref, null, null);
  });

  let listening = false;
  return {
    app,
    server,
    log,
    proactive,
    scheduler,
    sms,
    async start(): Promise<StartedBot> {
      await app.initialize();
      // After the SDK registered /api/messages: a malformed body gets a JSON error, not an HTML page.
      adapter.use((err: { status?: number; type?: string }, _req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => {
        if (res.headersSent) return next(err);
        const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: status === 500 ? 'internal error' : `bad request (${err.type ?? 'invalid body'})` }));
      });
      const host = isLocal ? LOOPBACK : config.host;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      listening = true;
      const address = server.address() as AddressInfo;
      if (isLocal && address.address !== LOOPBACK) {
        await this.stop();
        throw new Error(`LOCAL mode must listen on ${LOOPBACK} only, got ${address.address}`);
      }
      if (isLocal) log.warn(LOCAL_MODE_LINE);
      else log.info('production mode: every request to /api/messages must carry a valid Bot Framework JWT');
      const url = `http://${address.address}:${address.port}/api/messages`;
      scheduler?.start();
      stopSms = sms.start(60_000);
      void smsRoutes.processPending().catch((err: unknown) => log.error({ err }, 'sms: pending inbound not processed'));
      // the card templates' first expansion, a template per event-loop turn, now rather than in someone's answer
      void warmCards()
        .then(({ ms }) => log.debug({ ms: Math.round(ms) }, 'card templates ready'))
        .catch((err: unknown) => log.error({ err }, 'card templates: not ready'));
      return { url, host: address.address, port: address.port };
    },
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async stop(): Promise<void> {
      await scheduler?.stop();
      stopSms?.();
      stopSms = null;
      await smsRoutes.idle();
      await sms.idle();
      await this.idle();
      if (!listening) return;
      listening = false;
      server.closeIdleConnections();
      await app.stop();
    },
  };
}
