import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { enqueue, findJob } from './queue.ts';
import { runDueJobs, type JobEvent } from './runner.ts';
import type { HandlerRegistry } from './types.ts';

const T0 = new Date('2026-12-01T05:45:00.000Z');
let db: Db;
afterEach(() => db?.close());

describe('runDueJobs', () => {
  it('runs each due job once through its kind’s handler and records done / skipped / retry', async () => {
    db = openDb(':memory:');
    for (let i = 0; i < 25; i++) enqueue(db, { key: `ok${i}`, kind: 'ok', payload: i, dueAt: T0 }, T0);
    enqueue(db, { key: 'skip', kind: 'skip', dueAt: T0 }, T0);
    enqueue(db, { key: 'boom', kind: 'boom', dueAt: T0 }, T0);
    enqueue(db, { key: 'foreign', kind: 'unknown.kind', dueAt: T0 }, T0);
    const ran: unknown[] = [];
    const events: JobEvent['type'][] = [];
    const handlers: HandlerRegistry = {
      ok: async (job) => void ran.push(job.payload),
      skip: async () => ({ status: 'skipped', reason: 'nothing to do today' }),
      boom: async () => {
        throw new Error('channel down');
      },
    };
    const report = await runDueJobs(db, { owner: 'p', now: () => T0, handlers, batch: 10, onEvent: (e) => events.push(e.type) });
    expect(ran).toHaveLength(25);
    expect(new Set(ran).size).toBe(25);
    expect(report.done).toHaveLength(25);
    expect(report.skipped).toEqual(['skip']);
    expect(report.retried).toEqual(['boom']);
    expect(events.filter((e) => e === 'retry')).toHaveLength(1);
    expect(findJob(db, 'skip')).toMatchObject({ status: 'skipped', lastError: 'nothing to do today' });
    expect(findJob(db, 'boom')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'channel down' });
    // a kind this process has no handler for stays pending for a process that has one
    expect(findJob(db, 'foreign')).toMatchObject({ status: 'pending', attempts: 0 });
    // a second pass at the same instant runs nothing again
    const again = await runDueJobs(db, { owner: 'p', now: () => T0, handlers });
    expect(again.done).toEqual([]);
    expect(ran).toHaveLength(25);
  });
});
