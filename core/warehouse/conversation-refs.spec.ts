import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from './db.ts';
import { conversationRefsOfUser, getConversationRef, REF_TOUCH_MINUTES, upsertConversationRef, type ConversationRef } from './conversation-refs.ts';

const base: ConversationRef = {
  conversationId: 'a:1',
  tenantId: 'tenant-1',
  serviceUrl: 'https://smba.example/teams',
  channelId: 'msteams',
  conversationType: 'personal',
  botId: '28:bot',
  userAadObjectId: 'aad-1',
  userEmail: null,
  reference: { conversation: { id: 'a:1' } },
  updatedAt: '2026-12-01T07:00:00.000Z',
};

describe('conversation refs', () => {
  it('inserts, then updates one row per conversation, keeping a known email', () => {
    const db = openDb(':memory:');
    upsertConversationRef(db, base);
    upsertConversationRef(db, { ...base, userEmail: 'x@duret-electricite.fr', updatedAt: '2026-12-01T08:00:00.000Z' });
    upsertConversationRef(db, { ...base, serviceUrl: 'https://smba.example/emea', userEmail: null, updatedAt: '2026-12-01T09:00:00.000Z' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM conversation_refs').get()).toEqual({ n: 1 });
    const ref = getConversationRef(db, 'a:1');
    expect(ref).toMatchObject({ serviceUrl: 'https://smba.example/emea', userEmail: 'x@duret-electricite.fr', updatedAt: '2026-12-01T09:00:00.000Z' });
    expect(ref?.reference).toEqual({ conversation: { id: 'a:1' } });
    expect(conversationRefsOfUser(db, { email: 'X@duret-electricite.fr' }).map((r) => r.conversationId)).toEqual(['a:1']);
    expect(conversationRefsOfUser(db, { aadObjectId: 'aad-1' })).toHaveLength(1);
    expect(conversationRefsOfUser(db, { aadObjectId: 'other' })).toHaveLength(0);
    expect(getConversationRef(db, 'nope')).toBeNull();
  });

  it('cuts over-long values to the column size instead of failing', () => {
    const db = openDb(':memory:');
    upsertConversationRef(db, { ...base, channelId: 'c'.repeat(100), tenantId: 't'.repeat(100) });
    const ref = getConversationRef(db, 'a:1');
    expect(ref?.channelId).toHaveLength(32);
    expect(ref?.tenantId).toHaveLength(64);
  });

  describe('writes only when the row would change', () => {
    /** rows written by this connection so far (SQLite's own counter: a skipped upsert adds nothing) */
    const writes = (db: ReturnType<typeof openDb>): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const at = (minutes: number): string => new Date(Date.parse(base.updatedAt) + minutes * 60_000).toISOString();
    /** what the Teams SDK hands the bot: the turn's activity id changes on every message */
    const turn = (activityId: string, minutes: number, over: Partial<ConversationRef> = {}): ConversationRef => ({
      ...base,
      reference: { serviceUrl: base.serviceUrl, activityId, conversation: { id: 'a:1' }, bot: { id: '28:bot' } },
      updatedAt: at(minutes),
      ...over,
    });

    it('the same turn twice (another activity id, a minute later) → one write, updated_at kept', () => {
      const db = openDb(':memory:');
      const before = writes(db);
      expect(upsertConversationRef(db, turn('act-1', 0))).toBe(true);
      expect(upsertConversationRef(db, turn('act-2', 1))).toBe(false);
      expect(upsertConversationRef(db, turn('act-3', REF_TOUCH_MINUTES - 1))).toBe(false);
      expect(writes(db) - before).toBe(1);
      const ref = getConversationRef(db, 'a:1');
      expect(ref?.updatedAt).toBe(at(0));
      expect(ref?.reference).toEqual({ serviceUrl: base.serviceUrl, conversation: { id: 'a:1' }, bot: { id: '28:bot' } });
    });

    it('a changed service URL, tenant, bot or user id → written', () => {
      const db = openDb(':memory:');
      upsertConversationRef(db, turn('act-1', 0));
      const before = writes(db);
      expect(upsertConversationRef(db, turn('act-2', 1, { serviceUrl: 'https://smba.example/emea' }))).toBe(true);
      expect(getConversationRef(db, 'a:1')).toMatchObject({ serviceUrl: 'https://smba.example/emea', updatedAt: at(1) });
      expect(upsertConversationRef(db, turn('act-3', 2, { serviceUrl: 'https://smba.example/emea', tenantId: 'tenant-2' }))).toBe(true);
      expect(upsertConversationRef(db, turn('act-4', 3, { serviceUrl: 'https://smba.example/emea', tenantId: 'tenant-2', botId: '28:other' }))).toBe(true);
      expect(upsertConversationRef(db, turn('act-5', 4, { serviceUrl: 'https://smba.example/emea', tenantId: 'tenant-2', botId: '28:other', userAadObjectId: 'aad-2' }))).toBe(true);
      expect(writes(db) - before).toBe(4);
      expect(getConversationRef(db, 'a:1')).toMatchObject({ tenantId: 'tenant-2', botId: '28:other', userAadObjectId: 'aad-2', updatedAt: at(4) });
    });

    it('a new email or reference → written; a turn without email (kept by COALESCE) → not', () => {
      const db = openDb(':memory:');
      upsertConversationRef(db, turn('act-1', 0));
      expect(upsertConversationRef(db, turn('act-2', 1, { userEmail: 'x@duret-electricite.fr' }))).toBe(true);
      expect(upsertConversationRef(db, turn('act-3', 2, { userEmail: null, tenantId: null, botId: null, userAadObjectId: null, conversationType: null }))).toBe(false);
      expect(getConversationRef(db, 'a:1')).toMatchObject({ userEmail: 'x@duret-electricite.fr', tenantId: 'tenant-1', updatedAt: at(1) });
      expect(upsertConversationRef(db, turn('act-4', 3, { reference: { conversation: { id: 'a:1' }, locale: 'en-US' } }))).toBe(true);
      expect(getConversationRef(db, 'a:1')?.reference).toEqual({ conversation: { id: 'a:1' }, locale: 'en-US' });
    });

    it(`after ${REF_TOUCH_MINUTES} minutes (by the caller's clock) → written again, so "last seen" moves`, () => {
      const db = openDb(':memory:');
      upsertConversationRef(db, turn('act-1', 0));
      expect(upsertConversationRef(db, turn('act-2', REF_TOUCH_MINUTES - 0.01))).toBe(false);
      expect(upsertConversationRef(db, turn('act-3', REF_TOUCH_MINUTES))).toBe(true);
      expect(getConversationRef(db, 'a:1')?.updatedAt).toBe(at(REF_TOUCH_MINUTES));
      expect(upsertConversationRef(db, turn('act-4', REF_TOUCH_MINUTES + 30))).toBe(false);
      expect(upsertConversationRef(db, turn('act-5', 2 * REF_TOUCH_MINUTES + 1))).toBe(true);
    });

    it('another process changed the row → the next identical turn here writes again (compared with the stored row)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'conv-refs-'));
      const a = openDb(join(dir, 'sav.db'));
      const b = openDb(join(dir, 'sav.db'));
      try {
        expect(upsertConversationRef(a, turn('act-1', 0))).toBe(true);
        // a second bot process sees the conversation through another service URL
        expect(upsertConversationRef(b, turn('act-2', 1, { serviceUrl: 'https://smba.example/other' }))).toBe(true);
        expect(upsertConversationRef(a, turn('act-3', 2))).toBe(true);
        expect(getConversationRef(b, 'a:1')).toMatchObject({ serviceUrl: base.serviceUrl, updatedAt: at(2) });
        expect(upsertConversationRef(b, turn('act-4', 3))).toBe(false);
      } finally {
        a.close();
        b.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
