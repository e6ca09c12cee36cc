import { describe, expect, it } from 'vitest';
import { newSurvey, step, type StepResult, type SurveyEvent, type SurveyState } from './engine.ts';
import { isGsm7, QUESTIONS, SENDER } from './questions.ts';

function play(state: SurveyState, events: SurveyEvent[]): { state: SurveyState; steps: StepResult[] } {
  const steps: StepResult[] = [];
  for (const e of events) {
    const r = step(state, e);
    steps.push(r);
    state = r.state;
  }
  return { state, steps };
}
const say = (text: string): SurveyEvent => ({ type: 'inbound', text });
const start: SurveyEvent = { type: 'start', interventionDate: '2026-11-20' };

describe('survey engine', () => {
  it('plays a whole conversation and every message names the sender, is GSM-7 and offers the opt-out', () => {
    const { state, steps } = play(newSurvey('fr'), [start, say('9/10'), say('Oui merci'), say('non'), say('il est venu 3 jours après'), say('oui'), say('Rien à dire, merci !')]);
    expect(state.status).toBe('completed');
    expect(state.answers).toEqual({ q1: 9, q2: true, q3: false, q4: true, q5: 'Rien à dire, merci !' });
    expect(state.comments).toEqual({ q3: 'il est venu 3 jours après' });
    const messages = steps.flatMap((s) => s.messages);
    expect(messages).toHaveLength(7); // q1, q2, q3, why, q4, q5, thanks
    expect(messages[0]).toContain('20/11/2026');
    for (const m of messages) {
      expect(m.startsWith(`${SENDER} : `)).toBe(true);
      expect(isGsm7(m)).toBe(true);
    }
    for (const m of messages.slice(0, -1)) expect(m).toMatch(/STOP pour ne plus recevoir nos SMS \(gratuit\)/);
    expect(steps.at(-1)!.effects).toContainEqual({ kind: 'completed' });
  });

  it('asks an unclear reply again once, then moves on with no answer', () => {
    const { state, steps } = play(newSurvey('fr'), [start, say('pas mal'), say('entre 7 et 8')]);
    expect(steps[1]!.messages[0]).toMatch(/un seul chiffre de 0 à 10/);
    expect(steps[1]!.state.current).toBe('q1');
    expect(state.current).toBe('q2');
    expect(state.answers.q1).toBeNull();
    expect(steps[2]!.messages[0]).toContain(QUESTIONS.fr.q2);
    expect(steps[2]!.effects).toEqual([{ kind: 'answer', question: 'q1', value: null }]);
  });

  it('reads several answers sent in one SMS, then asks why the "non" when no reason came with it', () => {
    const { state, steps } = play(newSurvey('fr'), [start, say('9 oui oui non le disjoncteur saute encore'), say('rien, merci')]);
    expect(steps[1]!.effects).toEqual([
      { kind: 'answer', question: 'q1', value: 9 },
      { kind: 'answer', question: 'q2', value: true },
      { kind: 'answer', question: 'q3', value: true },
      { kind: 'answer', question: 'q4', value: false, comment: 'le disjoncteur saute encore' },
    ]);
    expect(steps[1]!.messages[0]).toContain(QUESTIONS.fr.q5);
    expect(state.status).toBe('completed');
    const bare = play(newSurvey('fr'), [start, say('8 oui non oui')]);
    // the last answer is a yes: straight to Q5; "non" to Q3 without a reason is kept as is
    expect(bare.state.answers).toEqual({ q1: 8, q2: true, q3: false, q4: true });
    expect(bare.state.current).toBe('q5');
  });

  it('asks an unclear suggestion again in words, not for a yes or a no', () => {
    const { steps } = play(newSurvey('fr'), [start, say('9'), say('oui'), say('oui'), say('oui'), say('...')]);
    expect(steps.at(-1)!.messages[0]).toMatch(/quelques mots/);
    expect(steps.at(-1)!.messages[0]).not.toMatch(/OUI ou NON/);
    expect(isGsm7(steps.at(-1)!.messages[0]!)).toBe(true);
  });

  it('keeps the reason of a "non" without the phone\'s signature line', () => {
    const { state } = play(newSurvey('fr'), [start, say('9'), say('oui'), say('non'), say('3 jours de retard\nEnvoyé de mon iPhone')]);
    expect(state.comments.q3).toBe('3 jours de retard');
  });

  it('STOP mid-survey: confirmed once, then nothing is ever sent; START resubscribes and asks again', () => {
    const { state, steps } = play(newSurvey('en'), [start, say('8'), say('STOP'), say('stop'), say('yes'), { type: 'remind' }, say('START')]);
    expect(steps[2]!.effects).toEqual([{ kind: 'opt_out' }]);
    expect(steps[2]!.messages).toHaveLength(1);
    expect(steps[2]!.messages[0]).not.toMatch(/STOP to opt out/);
    for (const s of steps.slice(3, 6)) expect(s.messages).toEqual([]);
    expect(steps[4]!.effects).toEqual([{ kind: 'late_reply', text: 'yes' }]);
    expect(steps[6]!.effects).toEqual([{ kind: 'opt_in' }]);
    expect(steps[6]!.messages[0]).toContain(QUESTIONS.en.q2);
    expect(state.optedOut).toBe(false);
  });

  it('an opted-out client is never started nor reminded', () => {
    const stopped = step(newSurvey('fr'), say('STOP')).state;
    expect(step(stopped, start).messages).toEqual([]);
  });

  it('reminds once while Q1 is unanswered, not after', () => {
    const { steps } = play(newSurvey('fr'), [start, { type: 'remind' }, { type: 'remind' }, say('7'), { type: 'remind' }]);
    expect(steps[1]!.messages[0]).toMatch(/rappel/);
    expect(steps[2]!.messages).toEqual([]);
    expect(steps[4]!.messages).toEqual([]);
  });

  it('keeps a reply after the close for the planner, and sends nothing', () => {
    const { state, steps } = play(newSurvey('fr'), [start, say('3'), { type: 'close' }, say('Le chauffe-eau fuit encore')]);
    expect(steps[2]!.effects).toEqual([{ kind: 'closed', answered: true }]);
    expect(state.status).toBe('closed');
    expect(steps[3]!.messages).toEqual([]);
    expect(steps[3]!.effects).toEqual([{ kind: 'late_reply', text: 'Le chauffe-eau fuit encore' }]);
  });

  it('cuts Q5 to 500 characters and says so', () => {
    const { state, steps } = play(newSurvey('fr'), [start, say('10'), say('oui'), say('oui'), say('oui'), say('a'.repeat(700))]);
    expect(state.answers.q5).toBe('a'.repeat(500));
    expect(steps.at(-1)!.effects).toContainEqual({ kind: 'truncated', question: 'q5', originalLength: 700 });
    expect(steps.at(-1)!.messages[0]).toMatch(/500 premiers/);
  });

  it('states survive JSON (persisted between messages)', () => {
    const mid = play(newSurvey('fr'), [start, say('9')]).state;
    const again = step(JSON.parse(JSON.stringify(mid)) as SurveyState, say('non, trop bruyant'));
    expect(again.state.answers).toEqual({ q1: 9, q2: false });
    expect(again.state.comments.q2).toBe('trop bruyant');
  });
});
