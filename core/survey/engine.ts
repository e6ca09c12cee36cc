import { MAX_SUGGESTION_CHARS, parseAnswer, parseSeveral, QUESTION_IDS, type QuestionId } from './answers.ts';
import { cleanReply } from './text.ts';
import { compose, intro, QUESTIONS, text, type Lang } from './questions.ts';

/**
 * The survey conversation as a pure state machine, channel-free: `step(state, event)` → the next state, the
 * messages to send and the effects for the caller to record. States are plain JSON, so they can be persisted
 * between two messages (a restart loses nothing).
 *
 * - an unclear reply gets one polite re-ask with the expected format; a second unclear reply is recorded as
 *   no answer (null) and the survey moves on;
 * - "non" to Q3/Q4 without a comment gets one "why?" follow-up, whose reply is the comment;
 * - STOP at any time: opted out, confirmed once, nothing else is ever sent until START (which confirms and
 *   asks the pending question again when the survey is still open);
 * - a reply after the survey is completed or closed is not answered but returned as a `late_reply` effect.
 */

export type SurveyStatus = 'pending' | 'open' | 'completed' | 'closed';
export type AnswerValue = number | boolean | string | null;

export interface SurveyState {
  readonly lang: Lang;
  readonly status: SurveyStatus;
  /** The question waiting for an answer while open. */
  readonly current: QuestionId | null;
  /** The current question was already asked again once. */
  readonly reasked: boolean;
  /** Waiting for the comment after a "non" to this question. */
  readonly awaitingComment: QuestionId | null;
  readonly answers: Partial<Record<QuestionId, AnswerValue>>;
  readonly comments: Partial<Record<QuestionId, string>>;
  readonly optedOut: boolean;
  readonly reminded: boolean;
}

export type SurveyEvent =
  | { readonly type: 'start'; readonly interventionDate: string }
  | { readonly type: 'inbound'; readonly text: string }
  | { readonly type: 'remind' }
  | { readonly type: 'close' };

export type SurveyEffect =
  | { readonly kind: 'answer'; readonly question: QuestionId; readonly value: AnswerValue; readonly comment?: string }
  | { readonly kind: 'comment'; readonly question: QuestionId; readonly comment: string }
  | { readonly kind: 'truncated'; readonly question: QuestionId; readonly originalLength: number }
  | { readonly kind: 'opt_out' }
  | { readonly kind: 'opt_in' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'closed'; readonly answered: boolean }
  | { readonly kind: 'late_reply'; readonly text: string };

export interface StepResult {
  readonly state: SurveyState;
  readonly messages: readonly string[];
  readonly effects: readonly SurveyEffect[];
}

export function newSurvey(lang: Lang): SurveyState {
  return { lang, status: 'pending', current: null, reasked: false, awaitingComment: null, answers: {}, comments: {}, optedOut: false, reminded: false };
}

const result = (state: SurveyState, messages: string[] = [], effects: SurveyEffect[] = []): StepResult => ({ state, messages, effects });

function nextQuestion(q: QuestionId): QuestionId | null {
  return QUESTION_IDS[QUESTION_IDS.indexOf(q) + 1] ?? null;
}

/** Records an answer (or null) to the current question and moves to the next one, or completes. */
function advance(state: SurveyState, q: QuestionId, lead: string[], effects: SurveyEffect[]): StepResult {
  const next = nextQuestion(q);
  if (next) return result({ ...state, current: next, reasked: false, awaitingComment: null }, [compose(state.lang, [...lead, QUESTIONS[state.lang][next]])], effects);
  return result({ ...state, status: 'completed', current: null, reasked: false, awaitingComment: null }, [compose(state.lang, [...lead, text(state.lang, 'thanks')], false)], [...effects, { kind: 'completed' }]);
}

function onInbound(state: SurveyState, raw: string): StepResult {
  const parsed = parseAnswer(state.current ?? 'q5', raw);
  if ('command' in parsed) {
    if (parsed.command === 'stop') {
      if (state.optedOut) return result(state); // confirmed once only
      return result({ ...state, optedOut: true }, [compose(state.lang, [text(state.lang, 'stopped')], false)], [{ kind: 'opt_out' }]);
    }
    if (!state.optedOut) return result(state);
    const resumed = { ...state, optedOut: false };
    const pending = state.status === 'open' && state.current ? [state.awaitingComment ? text(state.lang, 'why') : QUESTIONS[state.lang][state.current]] : [];
    return result(resumed, [compose(state.lang, [text(state.lang, 'started'), ...pending])], [{ kind: 'opt_in' }]);
  }
  const q = state.current;
  if (state.status !== 'open' || !q || state.optedOut) return result(state, [], [{ kind: 'late_reply', text: raw }]);

  if (state.awaitingComment) {
    // the client's words, without a phone's signature line ("Envoyé de mon iPhone")
    const comment = [...cleanReply(raw, { emoji: false }).trim()].slice(0, MAX_SUGGESTION_CHARS).join('');
    const comments = comment ? { ...state.comments, [q]: comment } : state.comments;
    return advance({ ...state, comments }, q, [], comment ? [{ kind: 'comment', question: q, comment }] : []);
  }
  // "9 oui oui non le disjoncteur saute encore": several questions answered in one SMS (answers.ts parseSeveral)
  const several = parseSeveral(q, raw);
  if (several) {
    let s: SurveyState = { ...state, reasked: false };
    const effects: SurveyEffect[] = [];
    for (const a of several) s = withAnswer(s, a.question, a.value, a.comment, effects);
    const last = several.at(-1)!;
    if (needsWhy(last.question, last.value, last.comment)) return askWhy(s, last.question, effects);
    return advance(s, last.question, [], effects);
  }
  if (!parsed.ok) {
    if (!state.reasked) {
      const reask = text(state.lang, q === 'q1' ? 'reaskScore' : q === 'q5' ? 'reaskText' : 'reaskYesNo');
      return result({ ...state, reasked: true }, [compose(state.lang, [reask])]);
    }
    return advance({ ...state, answers: { ...state.answers, [q]: null } }, q, [], [{ kind: 'answer', question: q, value: null }]);
  }
  const effects: SurveyEffect[] = [];
  const answered = withAnswer(state, q, parsed.value, parsed.comment, effects);
  if (needsWhy(q, parsed.value, parsed.comment)) return askWhy(answered, q, effects);
  if (parsed.truncated) {
    effects.push({ kind: 'truncated', question: q, originalLength: [...raw.trim()].length });
    return advance(answered, q, [text(state.lang, 'truncated')], effects);
  }
  return advance(answered, q, [], effects);
}

/** The state with one answer (and its comment) recorded; the effect saying so is added to `effects`. */
function withAnswer(state: SurveyState, question: QuestionId, value: number | boolean | string, comment: string | undefined, effects: SurveyEffect[]): SurveyState {
  effects.push({ kind: 'answer', question, value, ...(comment ? { comment } : {}) });
  return { ...state, answers: { ...state.answers, [question]: value }, comments: comment ? { ...state.comments, [question]: comment } : state.comments };
}

/** A "non" to Q3 or Q4 that came without its reason: ask why before moving on. */
const needsWhy = (q: QuestionId, value: unknown, comment: string | undefined): boolean => (q === 'q3' || q === 'q4') && value === false && !comment;

function askWhy(state: SurveyState, q: QuestionId, effects: SurveyEffect[]): StepResult {
  return result({ ...state, current: q, awaitingComment: q }, [compose(state.lang, [text(state.lang, 'why')])], effects);
}

/** One event on a survey: its next state, the SMS to send (in order) and the effects to record. Never throws on a reply. */
export function step(state: SurveyState, event: SurveyEvent): StepResult {
  switch (event.type) {
    case 'start':
      if (state.status !== 'pending' || state.optedOut) return result(state);
      return result({ ...state, status: 'open', current: 'q1' }, [compose(state.lang, [intro(state.lang, event.interventionDate), QUESTIONS[state.lang].q1])]);
    case 'inbound':
      return onInbound(state, event.text);
    case 'remind':
      // only while Q1 is still unanswered, once, and never to an opted-out client
      if (state.status !== 'open' || state.current !== 'q1' || state.reminded || state.optedOut) return result(state);
      return result({ ...state, reminded: true }, [compose(state.lang, [text(state.lang, 'reminder'), QUESTIONS[state.lang].q1])]);
    case 'close':
      if (state.status !== 'open' && state.status !== 'pending') return result(state);
      return result({ ...state, status: 'closed', current: null, awaitingComment: null }, [], [{ kind: 'closed', answered: Object.keys(state.answers).length > 0 }]);
  }
}
