import { authorize, type AccessRequest } from '../access/policy.ts';
import type { User } from '../access/types.ts';
import type { Db } from '../warehouse/db.ts';
import { AnswerCache } from './answer-cache.ts';
import { answerAlertsContracts } from './answers/alerts-contracts.ts';
import { answerAlertsLate } from './answers/alerts-late.ts';
import { answerChurn } from './answers/churn.ts';
import { refusalReply, type AnswerContext } from './answers/common.ts';
import { answerHelp } from './answers/help.ts';
import { answerKpi } from './answers/kpi.ts';
import { answerPlanningPending } from './answers/planning-pending.ts';
import { answerPlanningWeek } from './answers/planning-week.ts';
import { answerRoute } from './answers/route.ts';
import { answerSurveyStatus } from './answers/survey-status.ts';
import { answerTooLong, answerUnknown } from './answers/unknown.ts';
import { parisToday, todayIso } from './dates.ts';
import { extractEntities, findDashboard, type Extracted } from './entities.ts';
import { classify } from './intents.ts';
import { replyLanguage } from './lang.ts';
import { loadTechnicians } from './names.ts';
import { format, parseISO } from 'date-fns';
import type { AskResult, Dashboard, Entities, IntentName, Reply } from './types.ts';

/** Longer messages are refused politely, never parsed. */
export const MAX_TEXT_LENGTH = 2000;

export interface AskInput {
  text: string;
  user: User;
  now: Date;
}

export interface AskOptions {
  /** answers already given, reused while the warehouse is unchanged (the bot keeps one; see answer-cache.ts) */
  cache?: AnswerCache;
}

/** Intents whose answer is about one technician: a technician user asking without a name means themself. */
const PER_TECHNICIAN: readonly IntentName[] = ['route', 'planning.week', 'kpi', 'alerts.late', 'survey.status'];

const DEFAULT_DASHBOARD: Record<User['role'], Dashboard> = {
  direction: 'direction',
  planning: 'planning',
  technical_director: 'quality',
  technician: 'technicians',
};

const PHONE_WORDS = new Set(['telephone', 'telephones', 'tel', 'phone', 'phones', 'portable', 'joindre', 'appeler', 'call', 'coordonnees']);

/** Fills what the answer needs and the message left implicit: "ma tournée" → the user's technician, today… */
function completeEntities(db: Db, intent: IntentName, ex: Extracted, user: User, now: Date, raw: string): Entities {
  const e: Entities = { ...ex.entities };
  if (!e.technician && user.technicienId !== null && PER_TECHNICIAN.includes(intent)) {
    const self = loadTechnicians(db).find((x) => x.id === user.technicienId);
    const named = ex.candidates.length > 0;
    const selfNamed = ex.candidates.some((c) => c.id === user.technicienId);
    if (self && (selfNamed || (!named && (user.role === 'technician' || ex.selfReference)))) e.technician = { id: self.id, name: self.name };
  }
  const today = parisToday(now);
  if (intent === 'route' && !e.date) e.date = format(today, 'yyyy-MM-dd');
  if (intent === 'planning.week' && !e.period) e.period = format(e.date ? parseISO(e.date) : today, "RRRR-'W'II");
  if (intent === 'kpi') {
    e.dashboard = findDashboard(ex.tokens, raw) ?? DEFAULT_DASHBOARD[user.role];
    if (!e.period) e.period = format(today, 'yyyy-MM');
  }
  return e;
}

/** What the answer will show, for the access policy; null when there is nothing to protect. */
function accessRequest(intent: IntentName, e: Entities): AccessRequest | null {
  const technicienId = e.technician?.id ?? null;
  switch (intent) {
    case 'route':
      return { kind: 'route', technicienId };
    case 'planning.week':
      return { kind: 'planning.week', technicienId };
    case 'planning.pending':
      return { kind: 'planning.pending' };
    case 'churn.at_risk':
      return { kind: 'churn' };
    case 'kpi':
      return { kind: 'kpi', dashboard: e.dashboard ?? 'direction', technicienId };
    case 'alerts.contracts':
      return { kind: 'alerts.contracts' };
    case 'alerts.late':
      return { kind: 'alerts.late', technicienId };
    case 'survey.status':
      return { kind: 'survey.status', technicienId };
    case 'help':
    case 'unknown':
      return null;
  }
}

const ANSWERS: Record<IntentName, (ctx: AnswerContext, ex: Extracted) => Reply> = {
  route: (ctx, ex) => answerRoute(ctx, ex.candidates),
  'planning.week': answerPlanningWeek,
  'planning.pending': answerPlanningPending,
  'churn.at_risk': answerChurn,
  kpi: answerKpi,
  'alerts.contracts': answerAlertsContracts,
  'alerts.late': answerAlertsLate,
  'survey.status': answerSurveyStatus,
  help: answerHelp,
  unknown: answerUnknown,
};

/**
 * Understands a message and answers it: intent, entities (technician, day, period, dashboard) and a reply
 * (text + Adaptive Card) in the user's language — English when the message is clearly English.
 * What the user may not see is refused politely by the access policy (core/access).
 */
export function ask(db: Db, input: AskInput, options: AskOptions = {}): AskResult {
  const { user, now } = input;
  const text = typeof input.text === 'string' ? input.text : '';
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('ask: `now` must be a valid Date');
  if (text.length > MAX_TEXT_LENGTH) return { intent: 'unknown', entities: {}, reply: answerTooLong({ lang: user.langue }, text.length, MAX_TEXT_LENGTH) };
  const { cache } = options;
  const version = cache?.version(db) ?? null;
  if (!cache || version === null) return understand(db, text, user, now);
  const key = AnswerCache.key(user, todayIso(now), text);
  const kept = cache.get(key, version);
  if (kept) return kept;
  // Kept under the version it started from: if computing it wrote to the warehouse (or another process
  // committed meanwhile), the version has moved on and this entry is never served.
  return cache.set(key, version, understand(db, text, user, now));
}

function understand(db: Db, text: string, user: User, now: Date): AskResult {

  const ex = extractEntities(db, text, now);
  const lang = replyLanguage(ex.tokens, user.langue);
  const { intent } = classify(ex.keywordTokens, {
    technician: ex.entities.technician !== undefined || ex.candidates.length > 0,
    selfReference: ex.selfReference,
    date: ex.entities.date !== undefined,
    week: ex.entities.period?.includes('-W') ?? false,
    onlyPunctuation: text.trim() !== '' && ex.tokens.length === 0,
    revenueAcronym: /\bCA\b/.test(text),
  });
  const entities = completeEntities(db, intent, ex, user, now, text);

  if (ex.tokens.some((x) => PHONE_WORDS.has(x))) {
    const phone = authorize(user, { kind: 'client.phone' });
    if (!phone.allowed) return { intent, entities, reply: refusalReply(phone, lang) };
  }
  const request = accessRequest(intent, entities);
  if (request) {
    const decision = authorize(user, request);
    if (!decision.allowed) return { intent, entities, reply: refusalReply(decision, lang) };
  }
  const ctx: AnswerContext = { db, user, now, today: todayIso(now), lang, entities };
  return { intent, entities, reply: ANSWERS[intent](ctx, ex) };
}
