import { describe, expect, it } from 'vitest';
import { world, WORLD_NOW as NOW } from '../survey/test-world.ts';
import { cancelPendingSms, getSms, listSms, queueSms } from './outbox.ts';
import { normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['+330612345678', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['33612345678', '+33612345678'],
    ['+41 79 123 45 67', '+41791234567'],
    ['+447700900123', '+447700900123'],
  ])('%s → %s', (raw, e164) => expect(normalisePhone(raw)).toBe(e164));

  it.each([['Duret'], [''], ['12'], ['+0612345678'], ['061234567'], ['+3361234567890123']])('%j → null', (raw) => expect(normalisePhone(raw)).toBeNull());
  it('never throws on non-strings', () => {
    expect(normalisePhone(undefined)).toBeNull();
    expect(normalisePhone(612345678)).toBeNull();
  });
});

describe('SMS outbox', () => {
  it('queues a message once per key', () => {
    const w = world();
    const c = w.client({ telephone: '+33611111111' });
    const a = queueSms(w.db, { key: 'k1', to: '+33611111111', body: 'Bonjour', clientId: c }, NOW);
    const b = queueSms(w.db, { key: 'k1', to: '+33611111111', body: 'Autre texte', clientId: c }, NOW);
    expect(a).toEqual({ messageId: a.messageId, created: true, status: 'pending' });
    expect(b).toEqual({ messageId: a.messageId, created: false, status: 'pending' });
    expect(listSms(w.db)).toHaveLength(1);
    expect(getSms(w.db, a.messageId)).toMatchObject({ key: 'k1', to: '+33611111111', body: 'Bonjour', status: 'pending', attempts: 0, sid: null, createdAt: NOW });
  });

  it('never texts an opted-out client, by client id or by number, except the opt-out confirmation', () => {
    const w = world();
    const c = w.client({ telephone: '+33622222222', optOut: true });
    expect(queueSms(w.db, { key: 'a', to: '+33622222222', body: 'x', clientId: c }, NOW).status).toBe('cancelled');
    expect(queueSms(w.db, { key: 'b', to: '+33622222222', body: 'x' }, NOW).status).toBe('cancelled');
    expect(queueSms(w.db, { key: 'c', to: '+33699999999', body: 'x', clientId: c }, NOW).status).toBe('cancelled');
    expect(queueSms(w.db, { key: 'd', to: '+33622222222', body: 'x', clientId: c, ignoreOptOut: true }, NOW).status).toBe('pending');
    expect(queueSms(w.db, { key: 'e', to: '+33633333333', body: 'x' }, NOW).status).toBe('pending');
  });

  it('refuses bad input with the field named, and records nothing', () => {
    const w = world();
    expect(() => queueSms(w.db, { key: 'a', to: '0612345678', body: 'x' }, NOW)).toThrow(/invalid to: .*E\.164/);
    expect(() => queueSms(w.db, { key: 'a', to: '+33612345678', body: '' }, NOW)).toThrow(/invalid body/);
    expect(() => queueSms(w.db, { key: 'a', to: '+33612345678', body: 'é'.repeat(1601) }, NOW)).toThrow(/1600/);
    expect(() => queueSms(w.db, { key: ' ', to: '+33612345678', body: 'x' }, NOW)).toThrow(/invalid key/);
    expect(listSms(w.db)).toEqual([]);
  });

  it('cancels only the pending messages of a client (and its number)', () => {
    const w = world();
    const c = w.client({ telephone: '+33644444444' });
    const other = w.client({ telephone: '+33655555555' });
    const p1 = queueSms(w.db, { key: '1', to: '+33644444444', body: 'x', clientId: c }, NOW).messageId;
    const p2 = queueSms(w.db, { key: '2', to: '+33644444444', body: 'x' }, NOW).messageId;
    const sent = queueSms(w.db, { key: '3', to: '+33644444444', body: 'x', clientId: c }, NOW).messageId;
    w.db.prepare("UPDATE sms_messages SET status = 'sent' WHERE message_id = ?").run(sent);
    const kept = queueSms(w.db, { key: '4', to: '+33655555555', body: 'x', clientId: other }, NOW).messageId;
    const later = new Date(NOW.getTime() + 1000);
    expect(cancelPendingSms(w.db, { clientId: c }, later)).toBe(2);
    expect([p1, p2, sent, kept].map((id) => getSms(w.db, id)?.status)).toEqual(['cancelled', 'cancelled', 'sent', 'pending']);
    expect(getSms(w.db, p1)?.updatedAt).toEqual(later);
    expect(cancelPendingSms(w.db, { clientId: c }, later)).toBe(0);
  });
});
