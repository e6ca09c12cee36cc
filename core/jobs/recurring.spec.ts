import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { claimDue, listJobs } from './queue.ts';
import { enqueueRecurring, occurrenceKey, validateRecurring, type RecurringDefinition } from './recurring.ts';

const MORNING: RecurringDefinition = { kind: 'tournee.morning', cron: '45 6 * * 1-6', maxLatenessMs: 3 * 3600_000 };
let db: Db;
afterEach(() => db?.close());

describe('enqueueRecurring', () => {
  it('keys by kind and local date; ticking again (or from a second process) creates nothing new', () => {
    db = openDb(':memory:');
    const now = new Date('2026-12-01T06:45:00+01:00');
    const first = enqueueRecurring(db, [MORNING], now);
    expect(first.map((j) => j.key)).toEqual(['tournee.morning:2026-11-30', 'tournee.morning:2026-12-01']);
    expect(first[1]).toMatchObject({ payload: { date: '2026-12-01', occurrence: '2026-12-01T05:45:00.000Z' }, maxLatenessMs: 10_800_000 });
    expect(enqueueRecurring(db, [MORNING], new Date('2026-12-01T06:46:00+01:00'))).toEqual([]);
    expect(listJobs(db)).toHaveLength(2);
  });

  it('catch-up after a downtime: today’s run is claimed at 07:10, yesterday’s is skipped as too late', () => {
    db = openDb(':memory:');
    const start = new Date('2026-12-01T07:10:00+01:00');
    enqueueRecurring(db, [MORNING], start);
    const r = claimDue(db, { owner: 'p', now: start });
    expect(r.claimed.map((j) => j.key)).toEqual(['tournee.morning:2026-12-01']);
    expect(r.skipped.map((j) => j.key)).toEqual(['tournee.morning:2026-11-30']);
  });

  it('oncePer occurrence keys by local time too', () => {
    expect(occurrenceKey({ kind: 'x', oncePer: 'occurrence' }, new Date('2026-07-01T04:45:00Z'))).toBe('x:2026-07-01T06:45');
  });

  it('a bad cron names the job', () => {
    expect(() => validateRecurring([{ kind: 'tournee.morning', cron: '99 6 * * *' }])).toThrow(/tournee\.morning: .*minute/);
  });
});
