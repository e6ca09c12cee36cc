import type { Db } from './db.ts';
import { stmt } from './statements.ts';
import { VersionedMemo } from './version.ts';

/** Where the bot can post proactively: one row of `conversation_refs`. */
export interface ConversationRef {
  conversationId: string;
  tenantId: string | null;
  serviceUrl: string;
  channelId: string;
  conversationType: string | null;
  botId: string | null;
  userAadObjectId: string | null;
  userEmail: string | null;
  /** the SDK's conversation reference, as JSON-able data */
  reference: unknown;
  /** ISO 8601 */
  updatedAt: string;
}

const cut = (v: string | null, max: number): string | null => (v === null ? null : v.slice(0, max));

/**
 * While a conversation is active its `updated_at` ("last seen") moves at least once per this many minutes; a
 * turn that changes nothing else in the row inside that window writes nothing.
 */
export const REF_TOUCH_MINUTES = 60;

/**
 * The reference as stored: without the top-level `activityId` of the turn that saved it (it names one incoming
 * message, not the conversation — a proactive post never uses it — keeping it would rewrite the row on every turn).
 */
function referenceJson(reference: unknown): string {
  if (reference !== null && typeof reference === 'object' && !Array.isArray(reference) && 'activityId' in reference) {
    const { activityId: _turn, ...rest } = reference as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return JSON.stringify(reference ?? null);
}

/** The bound values of the upsert: the columns, cut to size, the reference as stored JSON. */
type UpsertParams = Omit<ConversationRef, 'reference'> & { reference: string };

const SELECT_ONE = 'SELECT * FROM conversation_refs WHERE conversation_id = ?';

const storedRows = new WeakMap<Db, VersionedMemo<Row | undefined>>();

/**
 * Inserts or updates the conversation's row. A later message without a user email keeps the email
 * already known (install events carry no email).
 *
 * Called on every chat turn, so it writes only when the row would change: a new conversation, another value
 * in a column (reference, service URL, tenant, bot, user ids…), or `updated_at` older than REF_TOUCH_MINUTES
 * (by `ref.updatedAt`, the caller's clock). The comparison is against the stored row (a SELECT by primary key,
 * far cheaper than a write transaction), so it holds with several processes sharing the database.
 * Returns whether the row was written.
 */
export function upsertConversationRef(db: Db, ref: ConversationRef): boolean {
  const p: UpsertParams = {
    conversationId: ref.conversationId.slice(0, 200),
    tenantId: cut(ref.tenantId, 64),
    serviceUrl: ref.serviceUrl.slice(0, 300),
    channelId: ref.channelId.slice(0, 32),
    conversationType: cut(ref.conversationType, 20),
    botId: cut(ref.botId, 200),
    userAadObjectId: cut(ref.userAadObjectId, 64),
    userEmail: cut(ref.userEmail, 120),
    reference: referenceJson(ref.reference),
    updatedAt: ref.updatedAt,
  };
  // the stored row, from memory while the warehouse is unchanged (any write, here or elsewhere, drops it)
  let memo = storedRows.get(db);
  if (!memo) storedRows.set(db, (memo = new VersionedMemo<Row | undefined>()));
  const row = memo.get(db, p.conversationId, () => stmt(db, SELECT_ONE).get(p.conversationId) as Row | undefined);
  if (row && unchanged(row, p)) return false;
  stmt(
    db,
    `INSERT INTO conversation_refs (conversation_id, tenant_id, service_url, channel_id, conversation_type, bot_id,
       user_aad_object_id, user_email, reference, updated_at)
     VALUES (@conversationId, @tenantId, @serviceUrl, @channelId, @conversationType, @botId,
       @userAadObjectId, @userEmail, @reference, @updatedAt)
     ON CONFLICT (conversation_id) DO UPDATE SET
       tenant_id = COALESCE(excluded.tenant_id, tenant_id),
       service_url = excluded.service_url,
       channel_id = excluded.channel_id,
       conversation_type = COALESCE(excluded.conversation_type, conversation_type),
       bot_id = COALESCE(excluded.bot_id, bot_id),
       user_aad_object_id = COALESCE(excluded.user_aad_object_id, user_aad_object_id),
       user_email = COALESCE(excluded.user_email, user_email),
       reference = excluded.reference,
       updated_at = excluded.updated_at`,
  ).run(p);
  return true;
}

/** True when the upsert would leave the stored row as it is, and its `updated_at` is recent enough. */
function unchanged(row: Row, p: UpsertParams): boolean {
  // the nullable columns keep the stored value when the turn brings none (COALESCE in the upsert)
  const same = (incoming: string | null, stored: string | null): boolean => incoming === null || incoming === stored;
  if (
    p.serviceUrl !== row.service_url ||
    p.channelId !== row.channel_id ||
    p.reference !== row.reference ||
    !same(p.tenantId, row.tenant_id) ||
    !same(p.conversationType, row.conversation_type) ||
    !same(p.botId, row.bot_id) ||
    !same(p.userAadObjectId, row.user_aad_object_id) ||
    !same(p.userEmail, row.user_email)
  ) {
    return false;
  }
  const elapsed = Date.parse(p.updatedAt) - Date.parse(row.updated_at);
  // an unreadable date (NaN) writes; a clock behind the stored one keeps the later stamp
  return elapsed < REF_TOUCH_MINUTES * 60_000;
}

interface Row {
  conversation_id: string;
  tenant_id: string | null;
  service_url: string;
  channel_id: string;
  conversation_type: string | null;
  bot_id: string | null;
  user_aad_object_id: string | null;
  user_email: string | null;
  reference: string;
  updated_at: string;
}

const toRef = (r: Row): ConversationRef => ({
  conversationId: r.conversation_id,
  tenantId: r.tenant_id,
  serviceUrl: r.service_url,
  channelId: r.channel_id,
  conversationType: r.conversation_type,
  botId: r.bot_id,
  userAadObjectId: r.user_aad_object_id,
  userEmail: r.user_email,
  reference: JSON.parse(r.reference) as unknown,
  updatedAt: r.updated_at,
});

export function getConversationRef(db: Db, conversationId: string): ConversationRef | null {
  const row = stmt(db, SELECT_ONE).get(conversationId) as Row | undefined;
  return row ? toRef(row) : null;
}

/** The personal conversations of a user (by AAD object id or email), most recent first. */
export function conversationRefsOfUser(db: Db, user: { aadObjectId?: string | null; email?: string | null }): ConversationRef[] {
  const rows = stmt(
    db,
    `SELECT * FROM conversation_refs
       WHERE (@aad IS NOT NULL AND user_aad_object_id = @aad) OR (@email IS NOT NULL AND lower(user_email) = lower(@email))
       ORDER BY updated_at DESC`,
  ).all({ aad: user.aadObjectId ?? null, email: user.email ?? null }) as Row[];
  return rows.map(toRef);
}
