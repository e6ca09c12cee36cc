import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bool, describeIssues, int, num, oneOf, opt, parseDate, parseDateTime, phone, req, text } from './fields.ts';

const parse = <T>(schema: z.ZodType<T>, data: unknown): T | string => {
  const r = schema.safeParse(data);
  return r.success ? r.data : describeIssues(r.error);
};

describe('field types', () => {
  it('reads French and ISO dates, and refuses impossible ones', () => {
    expect(parseDate('03/12/2026')).toBe('2026-12-03');
    expect(parseDate('3/2/2026')).toBe('2026-02-03');
    expect(parseDate('2026-12-03')).toBe('2026-12-03');
    expect(parseDate('2026-11-30T23:30:00Z')).toBe('2026-12-01'); // the Paris day of an instant
    expect(parseDate('31/02/2026')).toBeNull();
    expect(parseDate('12/31/2026')).toBeNull(); // US order is not a French date
    expect(parseDate('1899-01-01')).toBeNull();
  });

  it('normalises datetimes to the Paris offset (local times are Paris times)', () => {
    expect(parseDateTime('2026-12-03T07:30:00Z')).toBe('2026-12-03T08:30:00+01:00');
    expect(parseDateTime('03/12/2026 08:30')).toBe('2026-12-03T08:30:00+01:00');
    expect(parseDateTime('2026-07-03 08:30')).toBe('2026-07-03T08:30:00+02:00');
    expect(parseDateTime('2026-07-03T08:30:00.123+0200')).toBe('2026-07-03T08:30:00+02:00');
    expect(parseDateTime('2026-07-03T25:00')).toBeNull();
  });

  it('coerces CSV strings, decimal commas and yes/no words', () => {
    const s = z.object({ a: req(num()), b: opt(num()), c: opt(bool()), d: req(int({ min: 0, max: 10 })), e: opt(oneOf(['apres-midi', 'matin'] as const)) });
    expect(parse(s, { a: '1 234,50 €', b: '', c: 'Oui', d: '7', e: 'Après Midi' })).toEqual({ a: 1234.5, b: null, c: 1, d: 7, e: 'apres-midi' });
    expect(parse(s, { a: 2, d: 0, c: false })).toEqual({ a: 2, d: 0, c: 0 });
    expect(parse(s, { a: 'douze', d: '11', c: 'peut-être', e: 'soir' })).toBe(
      'a: "douze" is not a number; c: "peut-être" is not a yes/no value (expected oui/non, true/false or 1/0); d: must be between 0 and 10, got 11; e: "soir" is not one of apres-midi, matin',
    );
    expect(parse(s, { a: ' ', d: '2,5' })).toBe('a: is required; d: must be a whole number, got "2,5"');
  });

  it('checks E.164 phones (French national numbers converted) and text lengths', () => {
    const s = z.object({ t: opt(phone()), n: req(text(5)) });
    expect(parse(s, { t: '06 12 34 56 78', n: 'abc' })).toEqual({ t: '+33612345678', n: 'abc' });
    expect(parse(s, { t: '0041 22 123 45 67', n: 'abc' })).toEqual({ t: '+41221234567', n: 'abc' });
    expect(parse(s, { t: '12345', n: 'abcdef' })).toBe('t: "12345" is not a phone number in E.164 form (e.g. +33612345678); n: is longer than 5 characters (6)');
  });
});
