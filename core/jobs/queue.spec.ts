import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { backoffMs, claimDue, completeJob, enqueue, extendLease, failJob, findJob, getJob, listJobs } from './queue.ts';

const T0 = new Date('2026-12-01T05:45:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

let dbs: Db[] = [];
let dirs: string[] = [];
afterEach(() => {
  for (const d of dbs) d.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dbs = [];
  dirs = [];
});
const memDb = (): Db => {
  const db = openDb(':memory:');
  dbs.push(db);
  return db;
};

describe('enqueue', () => {
  it('creates a pending job once per idempotency key', () => {
    const db = memDb();
    const a = enqueue(db, { key: 'k1', kind: 'test.echo', payload: { n: 1 }, dueAt: T0 }, at(-10));
    const b = enqueue(db, { key: 'k1', kind: 'test.echo', payload: { n: 2 }, dueAt: at(5) }, at(-5));
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.job).toMatchObject({ jobId: a.job.jobId, payload: { n: 1 }, status: 'pending', attempts: 0, maxAttempts: 5 });
    expect(b.job.dueAt.toISOString()).toBe(T0.toISOString());
    expect(listJobs(db)).toHaveLength(1);
  });

  it('rejects bad input naming the field', () => {
    const db = memDb();
    expect(() => enqueue(db, { key: '', kind: 'x', dueAt: T0 }, T0)).toThrow(/invalid key/);
    expect(() => enqueue(db, { key: 'k', kind: 'bad kind!', dueAt: T0 }, T0)).toThrow(/invalid kind/);
    expect(() => enqueue(db, { key: 'k', kind: 'x', dueAt: new Date('nope') }, T0)).toThrow(/invalid dueAt/);
    expect(() => enqueue(db, { key: 'k', kind: 'x', dueAt: T0, maxAttempts: 0 }, T0)).toThrow(/invalid maxAttempts/);
    expect(listJobs(db)).toHaveLength(0);
  });
});

describe('claimDue', () => {
  it('claims only due jobs of the given kinds, in due order, under a lease', () => {
    const db = memDb();
    enqueue(db, { key: 'later', kind: 'a', dueAt: at(10) }, T0);
    enqueue(db, { key: 'second', kind: 'a', dueAt: at(-1) }, T0);
    enqueue(db, { key: 'first', kind: 'a', dueAt: at(-2) }, T0);
    enqueue(db, { key: 'other', kind: 'b', dueAt: at(-3) }, T0);
    const r = claimDue(db, { owner: 'p1', now: T0, kinds: ['a'], leaseMs: 60_000 });
    expect(r.claimed.map((j) => j.key)).toEqual(['first', 'second']);
    expect(r.claimed[0]).toMatchObject({ status: 'running', leaseOwner: 'p1', attempts: 1 });
    expect(r.claimed[0]!.leaseUntil?.toISOString()).toBe(at(1).toISOString());
    // claimed jobs are not claimed again while the lease holds
    expect(claimDue(db, { owner: 'p2', now: at(0.5), kinds: ['a'] }).claimed).toEqual([]);
  });

  it('an expired lease (the runner died) lets another owner take the job over', () => {
    const db = memDb();
    const { job } = enqueue(db, { key: 'k', kind: 'a', dueAt: T0 }, T0);
    claimDue(db, { owner: 'dead', now: T0, leaseMs: 60_000 });
    expect(claimDue(db, { owner: 'p2', now: at(0.99) }).claimed).toEqual([]);
    const r = claimDue(db, { owner: 'p2', now: at(1) });
    expect(r.claimed.map((j) => [j.key, j.leaseOwner, j.attempts])).toEqual([['k', 'p2', 2]]);
    expect(completeJob(db, job, 'dead', at(2))).toBe(false); // the dead owner cannot complete it any more
    expect(completeJob(db, job, 'p2', at(2))).toBe(true);
    expect(getJob(db, job.jobId)).toMatchObject({ status: 'done', leaseOwner: null });
  });

  it('a job claimed later than its max lateness is skipped, not run', () => {
    const db = memDb();
    enqueue(db, { key: 'yesterday', kind: 'a', dueAt: at(-24 * 60), maxLatenessMs: 3 * 3600_000 }, at(-25 * 60));
    enqueue(db, { key: 'today', kind: 'a', dueAt: at(0), maxLatenessMs: 3 * 3600_000 }, at(-1));
    const r = claimDue(db, { owner: 'p1', now: at(25) });
    expect(r.claimed.map((j) => j.key)).toEqual(['today']);
    expect(r.skipped.map((j) => j.key)).toEqual(['yesterday']);
    expect(findJob(db, 'yesterday')).toMatchObject({ status: 'skipped', attempts: 0, lastError: expect.stringMatching(/too late/) });
  });

  it('an expired lease with no attempt left → failed', () => {
    const db = memDb();
    enqueue(db, { key: 'k', kind: 'a', dueAt: T0, maxAttempts: 1 }, T0);
    claimDue(db, { owner: 'dead', now: T0, leaseMs: 1000 });
    const r = claimDue(db, { owner: 'p2', now: at(1) });
    expect(r.claimed).toEqual([]);
    expect(r.failed.map((j) => j.key)).toEqual(['k']);
    expect(findJob(db, 'k')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/lease of dead expired/) });
  });

  it('two connections on one WAL file claiming the same moment never share a job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sav-jobs-'));
    dirs.push(dir);
    const a = openDb(join(dir, 'sav.db'));
    const b = openDb(join(dir, 'sav.db'));
    dbs.push(a, b);
    expect(a.pragma('journal_mode', { simple: true })).toBe('wal');
    for (let i = 0; i < 50; i++) enqueue(i % 2 ? a : b, { key: `k${i}`, kind: 'a', dueAt: T0 }, T0);
    const seen: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (const [db, owner] of [[a, 'A'], [b, 'B']] as const) {
        seen.push(...claimDue(db, { owner, now: T0, limit: 3 }).claimed.map((j) => j.key));
      }
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
  });
});

describe('failJob', () => {
  it('retries with exponential backoff, then fails when attempts run out', () => {
    const db = memDb();
    const { job } = enqueue(db, { key: 'k', kind: 'a', dueAt: T0, maxAttempts: 3 }, T0);
    const opts = { baseMs: 60_000, maxMs: 3_600_000 };
    let now = T0;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = claimDue(db, { owner: 'p', now }).claimed;
      expect(claimed.map((j) => j.attempts)).toEqual([attempt]);
      expect(claimDue(db, { owner: 'p', now: new Date(now.getTime() + 1) }).claimed).toEqual([]);
      const r = failJob(db, job, 'p', new Error(`boom ${attempt}`), now, opts);
      if (attempt < 3) {
        expect(r.status).toBe('retry');
        if (r.status === 'retry') {
          delays.push(r.runAfter.getTime() - now.getTime());
          // not claimable before runAfter
          expect(claimDue(db, { owner: 'p', now: new Date(r.runAfter.getTime() - 1) }).claimed).toEqual([]);
          now = r.runAfter;
        }
      } else {
        expect(r).toEqual({ status: 'failed' });
      }
    }
    expect(delays).toEqual([60_000, 120_000]);
    expect(getJob(db, job.jobId)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'boom 3' });
  });

  it('backoffMs doubles and caps', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, { baseMs: 1000, maxMs: 5000 }))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('a failure reported by an owner that lost the lease is ignored', () => {
    const db = memDb();
    const { job } = enqueue(db, { key: 'k', kind: 'a', dueAt: T0 }, T0);
    claimDue(db, { owner: 'old', now: T0, leaseMs: 1000 });
    claimDue(db, { owner: 'new', now: at(1) });
    expect(failJob(db, job, 'old', 'late error', at(2))).toEqual({ status: 'lost' });
    expect(extendLease(db, job, 'old', at(10), at(2))).toBe(false);
    expect(extendLease(db, job, 'new', at(10), at(2))).toBe(true);
    expect(getJob(db, job.jobId)).toMatchObject({ status: 'running', leaseOwner: 'new' });
  });
});
