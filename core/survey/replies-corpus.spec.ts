import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answers.ts';
import { REPLIES, SECOND_BATCH, U } from './fixtures/replies.ts';
import { got, outcome, tally } from './fixtures/score.ts';

const label = (r: (typeof REPLIES)[number]) => `${r.question} ${JSON.stringify(r.reply).slice(0, 70)}`;

describe('replies corpus: real-sounding SMS replies and their parse', () => {
  it('is large and covers every question, both languages and the re-asks', () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(300);
    for (const q of ['q1', 'q2', 'q3', 'q4', 'q5'] as const) expect(REPLIES.filter((r) => r.question === q).length).toBeGreaterThanOrEqual(q === 'q5' ? 20 : 60);
    expect(REPLIES.filter((r) => r.expected === U).length).toBeGreaterThanOrEqual(60);
    expect(new Set(REPLIES.map((r) => `${r.question}\u0000${r.reply}`)).size).toBeGreaterThan(REPLIES.length * 0.97);
  });

  it.each(REPLIES.map((r) => [label(r), r] as const))('%s', (_, r) => {
    const parsed = parseAnswer(r.question, r.reply);
    expect(got(parsed)).toBe(r.expected);
    if (r.comment !== undefined) expect('ok' in parsed && parsed.ok ? (parsed.comment ?? null) : 'no value').toBe(r.comment);
    if (r.truncated) expect(parsed).toMatchObject({ ok: true, truncated: true });
    expect(outcome(r, parsed)).toBe('exact');
  });

  it('never records an unclear reply as an answer, and never answers a clear one wrongly (the whole corpus, then the second batch)', () => {
    for (const cases of [REPLIES, SECOND_BATCH]) {
      const t = tally(cases);
      expect({ wrong: t.wrong, reasked: t.reasked, comment: t.comment, failures: t.failures.map((f) => `${f.outcome} ${label(f.c)} → ${String(f.got)}`) }).toEqual({ wrong: 0, reasked: 0, comment: 0, failures: [] });
      expect(t.exact).toBe(t.total);
    }
  });

  it('an unclear reply gives a reason and a code the engine re-asks on', () => {
    for (const r of REPLIES.filter((c) => c.expected === U)) {
      const parsed = parseAnswer(r.question, r.reply);
      expect(parsed).toMatchObject({ ok: false, reason: expect.any(String), code: expect.stringMatching(/^(empty|no_number|out_of_range|ambiguous|bad_scale|no_yes_no)$/) });
    }
  });
});
