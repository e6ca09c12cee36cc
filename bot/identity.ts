import { listUsers, resolveUser } from '../core/access/index.ts';
import type { User } from '../core/access/types.ts';
import type { Db } from '../core/warehouse/db.ts';
import type { BotMode } from './config.ts';

/** LOCAL mode: who the Playground's mock user acts as, per conversation (`/as <email>`), in memory. */
export class LocalIdentities {
  private readonly byConversation = new Map<string, string>();
  constructor(readonly defaultEmail: string) {}
  emailFor(conversationId: string): string {
    return this.byConversation.get(conversationId) ?? this.defaultEmail;
  }
  set(conversationId: string, email: string): void {
    this.byConversation.set(conversationId, email);
  }
}

export interface IdentityInput {
  db: Db;
  mode: BotMode;
  local: LocalIdentities;
  conversationId: string;
  from: { aadObjectId?: string | undefined; email?: string | undefined } | undefined;
  /** production: the user's email from Teams' member info (one connector call), when the AAD id is unknown */
  fetchEmail?: () => Promise<string | null>;
}

/**
 * Who is talking. Production: from Teams only (AAD object id, then the email Teams gives for the member).
 * LOCAL mode: the demo user named by SAV_LOCAL_USER, or the one chosen with `/as` in this conversation.
 */
export async function resolveActivityUser(input: IdentityInput): Promise<User | null> {
  if (input.mode === 'local') return resolveUser(input.db, { email: input.local.emailFor(input.conversationId) });
  const aadObjectId = input.from?.aadObjectId?.trim();
  if (aadObjectId) {
    const byAad = resolveUser(input.db, { aadObjectId });
    if (byAad) return byAad;
  }
  const email = input.from?.email?.trim() || (input.fetchEmail ? await input.fetchEmail().catch(() => null) : null);
  return email ? resolveUser(input.db, { email }) : null;
}

const AS_COMMAND = /^\/as(?:\s+(\S+))?\s*$/i;

/** `/as <email>` → the email ('' when missing); anything else → null. */
export function parseAsCommand(text: string): string | null {
  const m = AS_COMMAND.exec(text.trim());
  if (!m) return null;
  return (m[1] ?? '').toLowerCase();
}

/** Handles `/as <email>`: switches the local identity, or says why not. Returns the reply text. */
export function runAsCommand(db: Db, mode: BotMode, local: LocalIdentities, conversationId: string, email: string): string {
  if (mode !== 'local') {
    return "La commande /as n'existe qu'en mode local (démonstration). / The /as command only works in local mode.";
  }
  const user = email ? resolveUser(db, { email }) : null;
  if (!user) {
    const logins = listUsers(db)
      .map((u) => `- ${u.email} (${u.displayName}, ${u.role})`)
      .join('\n');
    const why = email ? `Je ne connais pas « ${email} ».` : 'Indiquez un identifiant : /as prenom.nom@duret-electricite.fr';
    return `${why} Identifiants valides :\n${logins}`;
  }
  local.set(conversationId, user.email);
  return `Vous êtes maintenant ${user.displayName} (${user.role}) dans cette conversation.`;
}

/** The polite answer to someone Teams knows but our users table does not. */
export const UNKNOWN_USER_TEXT =
  "Bonjour ! Votre compte n'est pas encore configuré pour l'assistant SAV : demandez au service planning de vous ajouter. " +
  '/ Hello! Your account is not set up for the SAV assistant yet: please ask the planning team to add you.';
