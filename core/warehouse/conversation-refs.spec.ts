import { describe, expect, it } from 'vitest';
import { openDb } from './db.ts';
import { conversationRefsOfUser, getConversationRef, upsertConversationRef, type ConversationRef } from './conversation-refs.ts';

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
});
