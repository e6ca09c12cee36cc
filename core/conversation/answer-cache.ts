/**
 * Answers already given, reused while nothing they depend on has changed: a morning of "NPS du mois", "clients à
 * risque" or "ma tournée" from several people costs one computation per question and per warehouse change.
 *
 * An answer is a function of the message text, the user, the Paris day and the warehouse (ask() reads nothing
 * else that varies: settings come from the environment, fixed for the process). So an entry is keyed by
 * (user, Paris day, exact text) and is valid only while the warehouse's data version (core/warehouse/version.ts:
 * any write by this connection or a commit by another process) and the road distances fetched from OSRM are the
 * ones it was computed on. Replies with a follow-up (something still being computed) are never kept. Entries are
 * frozen, so no caller can alter an answer another one will get. Bounded (least recently used goes first).
 *
 * Where the warehouse has no cheap change counter (Azure SQL), nothing is cached.
 */
import { roadDistancesVersion } from '../routing/osrm.ts';
import type { User } from '../access/types.ts';
import type { Db } from '../warehouse/db.ts';
import { dataVersion } from '../warehouse/version.ts';
import type { AskResult } from './types.ts';

export const DEFAULT_ANSWER_CACHE_SIZE = 500;

interface Entry {
  readonly version: string;
  readonly result: AskResult;
}

export interface AnswerCacheStats {
  hits: number;
  misses: number;
  size: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private hits = 0;
  private misses = 0;

  constructor(readonly maxEntries: number = DEFAULT_ANSWER_CACHE_SIZE) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`AnswerCache: maxEntries must be a positive integer, got ${maxEntries}`);
  }

  /** The version an answer computed now would be valid for; null: do not cache. */
  version(db: Db): string | null {
    const data = dataVersion(db);
    return data === null ? null : `${data}|${roadDistancesVersion()}`;
  }

  /** Who asks (everything of the user an answer may read), which Paris day, the exact text. */
  static key(user: Pick<User, 'userId' | 'role' | 'technicienId' | 'langue'>, day: string, text: string): string {
    return `${user.userId}:${user.role}:${user.technicienId ?? ''}:${user.langue}\u0000${day}\u0000${text}`;
  }

  /** The answer kept for `key` at `version`, or undefined. */
  get(key: string, version: string): AskResult | undefined {
    const e = this.entries.get(key);
    if (!e || e.version !== version) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.result;
  }

  /** Keeps an answer computed at `version` (skipped when it has a follow-up). Returns the (frozen) result. */
  set(key: string, version: string, result: AskResult): AskResult {
    if (result.reply.followUp) return result;
    const frozen = deepFreeze(result);
    this.entries.delete(key);
    this.entries.set(key, { version, result: frozen });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return frozen;
  }

  clear(): void {
    this.entries.clear();
  }

  stats(): AnswerCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
