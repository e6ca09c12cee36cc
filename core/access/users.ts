import type { Db } from '../warehouse/db.ts';
import { stmt } from '../warehouse/statements.ts';
import { VersionedMemo } from '../warehouse/version.ts';
import type { Role, User } from './types.ts';

interface UserRow {
  user_id: number;
  email: string;
  aad_object_id: string | null;
  display_name: string;
  role: Role;
  technicien_id: number | null;
  langue: 'fr' | 'en';
}

const COLUMNS = 'user_id, email, aad_object_id, display_name, role, technicien_id, langue';

function toUser(r: UserRow): User {
  return Object.freeze({ userId: r.user_id, email: r.email, displayName: r.display_name, role: r.role, technicienId: r.technicien_id, langue: r.langue });
}

export interface UserLookup {
  aadObjectId?: string;
  email?: string;
}

/**
 * Finds who is talking: by AAD object id first, else by email (case-insensitive).
 * When found by email and the row has no AAD id yet, the given one is stored so the next lookup is direct.
 * A row that already holds a different AAD id keeps it (the first Teams account seen wins).
 */
export function resolveUser(db: Db, lookup: UserLookup): User | null {
  const aad = lookup.aadObjectId?.trim() || undefined;
  const email = lookup.email?.trim() || undefined;
  // every chat turn asks: answered from memory while the warehouse is unchanged (users are rows like any other)
  let memo = resolved.get(db);
  if (!memo) resolved.set(db, (memo = new VersionedMemo<User | null>()));
  return memo.get(db, `${aad ?? ''}\u0000${email ?? ''}`, () => lookupUser(db, aad, email));
}

const resolved = new WeakMap<Db, VersionedMemo<User | null>>();

function lookupUser(db: Db, aad: string | undefined, email: string | undefined): User | null {
  if (aad) {
    const byAad = stmt(db, `SELECT ${COLUMNS} FROM users WHERE aad_object_id = ?`).get(aad) as UserRow | undefined;
    if (byAad) return toUser(byAad);
  }
  if (!email) return null;
  const byEmail = stmt(db, `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower(?)`).get(email) as UserRow | undefined;
  if (!byEmail) return null;
  if (aad && byEmail.aad_object_id === null) {
    stmt(db, 'UPDATE users SET aad_object_id = ? WHERE user_id = ? AND aad_object_id IS NULL').run(aad, byEmail.user_id);
  }
  return toUser(byEmail);
}

/** Every user, by id. */
export function listUsers(db: Db): User[] {
  return (stmt(db, `SELECT ${COLUMNS} FROM users ORDER BY user_id`).all() as UserRow[]).map(toUser);
}
