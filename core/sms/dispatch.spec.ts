import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import {
  claimSms,
  extendSmsLease,
  getSmsBySid,
  markInboundProcessed,
  markSending,
  markSent,
  markSmsFailed,
  providerStatus,
  recordInbound,
  recordStatus,
  retrySmsLater,
  smsCounts,
  unprocessedInbound,
} from './dispatch.ts';
import { getSms, queueSms } from './outbox.ts';

const T = new Date('2026-12-01T09:00:00.000Z');
const at = (ms: number): Date => new Date(T.getTime() + ms);
const SID = (n: number): string => 'SM' + String(n).padStart(32, '0');
let db: Db;

beforeEach(() => {
  db = openDb(':memory:');
  db.pragma('foreign_keys = OFF');
});

const queue = (n: number): number[] => Array.from({ length: n }, (_, i) => queueSms(db, { key: `k${i}`, to: '+33612345678', body: `b${i}` }, T).messageId);

describe('claimSms / markSending / markSent', () => {
  it('two owners never hold the same row; a claimed row not tried comes back after the lease, still pending', () => {
    queue(3);
    const a = claimSms(db, { owner: 'A', now: T, leaseMs: 1000, limit: 2 });
    const b = claimSms(db, { owner: 'B', now: T, leaseMs: 1000 });
    expect(a.map((m) => m.key)).toEqual(['k0', 'k1']);
    expect(b.map((m) => m.key)).toEqual(['k2']);
    expect(claimSms(db, { owner: 'C', now: at(999) })).toEqual([]);
    const c = claimSms(db, { owner: 'C', now: at(1000) });
    expect(c.map((m) => [m.key, m.status, m.needsReconcile])).toEqual([['k0', 'pending', false], ['k1', 'pending', false], ['k2', 'pending', false]]);
    // A lost its rows: it may not mark them
    expect(markSending(db, c[0]!.messageId, 'A', at(1000))).toBe(false);
  });

  it("the intent ('sending', one more attempt) before the call, the SID after; an expired 'sending' row comes back to reconcile", () => {
    const [id] = queue(1);
    claimSms(db, { owner: 'A', now: T, leaseMs: 1000 });
    expect(markSending(db, id!, 'A', T, 5000)).toBe(true);
    expect(getSms(db, id!)).toMatchObject({ status: 'sending', attempts: 1, sid: null });
    expect(claimSms(db, { owner: 'B', now: at(4999) })).toEqual([]);
    const [again] = claimSms(db, { owner: 'B', now: at(5000) });
    expect(again).toMatchObject({ messageId: id, status: 'sending', needsReconcile: true });
    expect(markSent(db, id!, 'A', SID(1), at(5000))).toEqual({ ok: false, status: 'sending' });
    expect(markSent(db, id!, 'B', SID(1), at(5000))).toEqual({ ok: true, status: 'sent' });
    expect(getSms(db, id!)).toMatchObject({ status: 'sent', sid: SID(1) });
    expect(getSmsBySid(db, SID(1))?.messageId).toBe(id);
    expect(claimSms(db, { owner: 'C', now: at(999_999) })).toEqual([]);
  });

  it('a row cancelled after the claim (opt-out) is not marked sending', () => {
    const [id] = queue(1);
    claimSms(db, { owner: 'A', now: T });
    db.prepare("UPDATE sms_messages SET status = 'cancelled' WHERE message_id = ?").run(id);
    expect(markSending(db, id!, 'A', T)).toBe(false);
  });

  it('retry later: a throttled row goes back to pending, an ambiguous one stays sending (to reconcile); failures are final', () => {
    const [a, b, c] = queue(3);
    claimSms(db, { owner: 'A', now: T });
    for (const id of [a, b, c]) markSending(db, id!, 'A', T);
    expect(extendSmsLease(db, a!, 'A', at(60_000))).toBe(true);
    expect(retrySmsLater(db, a!, 'A', { retryAt: at(10_000), error: '429', errorCode: 20429, ambiguous: false }, T)).toBe(true);
    expect(retrySmsLater(db, b!, 'A', { retryAt: at(10_000), error: '500', errorCode: 20500, ambiguous: true }, T)).toBe(true);
    expect(markSmsFailed(db, c!, 'A', { error: 'invalid', errorCode: 21211 }, T)).toBe(true);
    expect([a, b, c].map((id) => getSms(db, id!)!.status)).toEqual(['pending', 'sending', 'failed']);
    expect(claimSms(db, { owner: 'B', now: at(9_999) })).toEqual([]);
    expect(claimSms(db, { owner: 'B', now: at(10_000) }).map((m) => [m.messageId, m.needsReconcile])).toEqual([[a, false], [b, true]]);
    expect(smsCounts(db)).toMatchObject({ pending: 1, sending: 1, failed: 1, sent: 0 });
  });
});

describe('recordInbound / recordStatus', () => {
  it('an inbound SMS is recorded once per MessageSid and processed once', () => {
    const sms = { messageSid: SID(9), from: '+33612345678', to: '+33700000000', body: 'oui' };
    expect(recordInbound(db, sms, T)).toEqual({ created: true });
    expect(recordInbound(db, { ...sms, body: 'non' }, at(1))).toEqual({ created: false });
    expect(unprocessedInbound(db).map((m) => m.body)).toEqual(['oui']);
    expect(markInboundProcessed(db, SID(9), 'answer', at(2))).toBe(true);
    expect(markInboundProcessed(db, SID(9), 'answer', at(3))).toBe(false);
    expect(unprocessedInbound(db)).toEqual([]);
  });

  it('statuses: once per (sid, status), forward only, unknown SIDs kept for later', () => {
    const [id] = queue(1);
    claimSms(db, { owner: 'A', now: T });
    markSending(db, id!, 'A', T);
    // the callback beats our write of the SID
    expect(recordStatus(db, { sid: SID(1), status: 'sent' }, T)).toEqual({ duplicate: false, message: null, changed: false });
    expect(recordStatus(db, { sid: SID(1), status: 'failed', errorCode: 30008 }, T)).toMatchObject({ duplicate: false, changed: false });
    expect(markSent(db, id!, 'A', SID(1), T)).toEqual({ ok: true, status: 'failed' });
    expect(getSms(db, id!)).toMatchObject({ status: 'failed', errorCode: 30008 });
    expect(recordStatus(db, { sid: SID(1), status: 'sent' }, T)).toMatchObject({ duplicate: true, changed: false });
    expect(recordStatus(db, { sid: SID(1), status: 'queued' }, T)).toMatchObject({ duplicate: false, changed: false });
    expect(getSms(db, id!)!.status).toBe('failed');
  });

  it('maps the provider statuses', () => {
    expect(['queued', 'accepted', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled'].map(providerStatus)).toEqual([
      null, null, null, 'sent', 'delivered', 'delivered', 'undelivered', 'failed', 'cancelled',
    ]);
  });
});
