/**
 * A cheap "has anything in the warehouse changed?" token, for caches of answers computed from it.
 *
 * On the embedded SQLite warehouse: `total_changes()` (every row this connection has written: exact, always read,
 * 0.1 µs) joined with `PRAGMA data_version` (changes when ANOTHER connection — another process, a worker thread,
 * a second instance — commits). The pragma takes a read lock (several µs, more on a busy machine), so it is read
 * once per turn of the event loop: a commit made elsewhere is seen from the next turn on — as if the answer had
 * been computed a moment earlier. Two equal tokens mean no row changed in between, whoever wrote it.
 *
 * Elsewhere (Azure SQL through the bridge) there is no such counter: null, and callers must not cache.
 */
import Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

/** data_version per connection, for the current turn of the event loop */
const seenThisTurn = new Map<Db, number>();
let forgetScheduled = false;

function otherConnectionsVersion(db: Db): number {
  let v = seenThisTurn.get(db);
  if (v === undefined) {
    v = stmt(db, 'PRAGMA data_version', 'pluck').get() as number;
    seenThisTurn.set(db, v);
    if (!forgetScheduled) {
      forgetScheduled = true;
      setImmediate(() => {
        seenThisTurn.clear();
        forgetScheduled = false;
      }).unref();
    }
  }
  return v;
}

export function dataVersion(db: Db): string | null {
  if (!(db instanceof Database) || !db.open) return null;
  const changes = stmt(db, 'SELECT total_changes()', 'pluck').get() as number;
  return `${otherConnectionsVersion(db)}:${changes}`;
}

/**
 * Values computed from the warehouse, kept while its data version is the one they were computed at: the whole
 * memo is emptied as soon as anything changed (any write here, any commit elsewhere). Bounded. On a warehouse
 * without a change counter every call computes.
 */
export class VersionedMemo<V> {
  private version: string | null = null;
  private readonly values = new Map<string, V>();

  constructor(private readonly maxEntries = 1000) {}

  get(db: Db, key: string, compute: () => V): V {
    const version = dataVersion(db);
    if (version === null) return compute();
    if (version !== this.version) {
      this.values.clear();
      this.version = version;
    } else if (this.values.has(key)) {
      return this.values.get(key)!;
    }
    const value = compute();
    // computing may have written: then this value belongs to a version already gone
    if (dataVersion(db) === version) {
      if (this.values.size >= this.maxEntries) this.values.delete(this.values.keys().next().value!);
      this.values.set(key, value);
    }
    return value;
  }
}
