import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { getOutbox, listOutbox, markSent, releaseSend, reserveSend } from './outbox.ts';

const T0 = new Date('2026-12-01T05:45:00.000Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);
const msg = { text: 'Tournée de Gaëtan', card: null };
let db: Db;
afterEach(() => db?.close());

describe('outbox', () => {
  it('records before sending, then marks sent: a second reserve says "sent" with the activity id', () => {
    db = openDb(':memory:');
    const r1 = reserveSend(db, { key: 'm1', target: { userId: 3 }, message: msg, owner: 'p1', now: T0 });
    expect(r1).toMatchObject({ state: 'acquired', resend: false, entry: { status: 'sending', attempts: 1, leaseOwner: 'p1', target: '{"userId":3}' } });
    expect(markSent(db, 'm1', 'p1', { conversationId: 'a:c1', activityId: 'act-1' }, at(1))).toBe(true);
    const r2 = reserveSend(db, { key: 'm1', target: { userId: 3 }, message: msg, owner: 'p2', now: at(2) });
    expect(r2).toMatchObject({ state: 'sent', entry: { activityId: 'act-1', conversationId: 'a:c1', status: 'sent' } });
    expect(getOutbox(db, 'm1')?.sentAt?.toISOString()).toBe(at(1).toISOString());
  });

  it('another process cannot send a row being sent until the sender’s lease expires; then it is a resend', () => {
    db = openDb(':memory:');
    reserveSend(db, { key: 'm1', target: {}, message: msg, owner: 'p1', now: T0, leaseMs: 60_000 });
    expect(reserveSend(db, { key: 'm1', target: {}, message: msg, owner: 'p2', now: at(59) }).state).toBe('busy');
    const r = reserveSend(db, { key: 'm1', target: {}, message: msg, owner: 'p2', now: at(60) });
    expect(r).toMatchObject({ state: 'acquired', resend: true, entry: { attempts: 2, leaseOwner: 'p2' } });
    expect(markSent(db, 'm1', 'p1', { conversationId: 'c', activityId: 'x' }, at(61))).toBe(false);
  });

  it('a failed or no-target row is taken again on the next attempt, with the newest message', () => {
    db = openDb(':memory:');
    reserveSend(db, { key: 'm1', target: {}, message: msg, owner: 'p1', now: T0 });
    expect(releaseSend(db, 'm1', 'p1', 'failed', 'HTTP 503', at(1))).toBe(true);
    expect(getOutbox(db, 'm1')).toMatchObject({ status: 'failed', lastError: 'HTTP 503', leaseOwner: null });
    const r = reserveSend(db, { key: 'm1', target: {}, message: { text: 'v2', card: { type: 'AdaptiveCard' } }, owner: 'p1', now: at(2) });
    expect(r).toMatchObject({ state: 'acquired', resend: false, entry: { attempts: 2, message: { text: 'v2', card: { type: 'AdaptiveCard' } } } });
    releaseSend(db, 'm1', 'p1', 'no_target', 'no conversation', at(3));
    expect(listOutbox(db, { status: 'no_target' }).map((e) => e.key)).toEqual(['m1']);
    expect(reserveSend(db, { key: 'm1', target: {}, message: msg, owner: 'p1', now: at(4) }).state).toBe('acquired');
  });
});
