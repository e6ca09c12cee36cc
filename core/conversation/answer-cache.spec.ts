import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listUsers } from '../access/users.ts';
import type { User } from '../access/types.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { dataVersion } from '../warehouse/version.ts';
import { AnswerCache } from './answer-cache.ts';
import { ask } from './ask.ts';
import { FIXTURE_NOW, seedFixture } from './fixtures.ts';

let dir: string;
let db: Db;
let users: Record<string, User>;
let cache: AnswerCache;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-answer-cache-'));
  db = openDb(join(dir, 'w.db'));
  seedFixture(db);
  users = Object.fromEntries(listUsers(db).map((u) => [u.displayName.split(' ')[0]!.toLowerCase(), u]));
  cache = new AnswerCache();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
const as = (who: string, text: string, now = FIXTURE_NOW) => ask(db, { text, user: users[who]!, now }, { cache });

describe('answer cache', () => {
  it('gives the same answer again without computing it while the warehouse is unchanged', () => {
    const first = as('karim', "ma tournée aujourd'hui");
    const again = as('karim', "ma tournée aujourd'hui");
    expect(again).toBe(first);
    expect(again.reply.text).toMatch(/^Tournée de Karim Benali/);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
    // and the answer equals what ask() computes without a cache
    expect(ask(db, { text: "ma tournée aujourd'hui", user: users.karim!, now: FIXTURE_NOW })).toEqual(first);
  });

  it('recomputes after a write on the same connection', () => {
    const before = as('karim', "ma tournée aujourd'hui");
    expect(before.reply.text).toContain('Jeanne Dupont');
    db.prepare("UPDATE dim_clients SET prenom = 'Jeanine' WHERE client_id = 101").run();
    const after = as('karim', "ma tournée aujourd'hui");
    expect(after).not.toBe(before);
    expect(after.reply.text).toContain('Jeanine Dupont');
  });

  it('recomputes after another process (another connection) commits, from the next event-loop turn', async () => {
    const before = as('karim', "ma tournée aujourd'hui");
    const other = openDb(join(dir, 'w.db'));
    try {
      other.prepare("UPDATE dim_clients SET prenom = 'Jeanine' WHERE client_id = 101").run();
    } finally {
      other.close();
    }
    // within the same turn of the event loop the version read at its start holds (version.ts); from the next on,
    // the other connection's commit is seen
    expect(as('karim', "ma tournée aujourd'hui")).toBe(before);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const after = as('karim', "ma tournée aujourd'hui");
    expect(after).not.toBe(before);
    expect(after.reply.text).toContain('Jeanine Dupont');
  });

  it('keeps answers apart per user, per Paris day and per exact text', () => {
    const karim = as('karim', "ma tournée aujourd'hui");
    expect(as('karim', "ma tournée aujourd'hui")).toBe(karim);
    expect(as('karim', "ma tournée aujourd'hui ")).not.toBe(karim);
    // a planner asking "ma tournée" names nobody: a different answer for the same text
    expect(as('clothilde', "ma tournée aujourd'hui").reply.text).not.toBe(karim.reply.text);
    // 23:30 Paris is still Tuesday; 00:30 is Wednesday: another answer
    expect(as('karim', "ma tournée aujourd'hui", new Date('2026-12-01T23:30:00+01:00'))).toBe(karim);
    const wednesday = as('karim', "ma tournée aujourd'hui", new Date('2026-12-02T00:30:00+01:00'));
    expect(wednesday).not.toBe(karim);
    expect(wednesday.entities.date).toBe('2026-12-02');
  });

  it('never keeps a reply whose second part is still being computed', () => {
    const first = as('philippe', 'clients à risque');
    expect(first.reply.followUp).toBeTypeOf('function');
    expect(as('philippe', 'clients à risque')).not.toBe(first);
    expect(cache.stats().size).toBe(0);
  });

  it('hands out frozen answers: nobody can alter what the next asker gets', () => {
    const r = as('karim', "ma tournée aujourd'hui");
    expect(() => {
      (r.reply as { text: string }).text = 'x';
    }).toThrow(TypeError);
    const card = r.reply.card as { body: unknown[] };
    expect(() => card.body.push({})).toThrow(TypeError);
    expect(as('karim', "ma tournée aujourd'hui").reply.text).toMatch(/^Tournée de Karim/);
  });

  it('is bounded: the least recently used answer goes first', () => {
    const small = new AnswerCache(2);
    const q = (text: string) => ask(db, { text, user: users.karim!, now: FIXTURE_NOW }, { cache: small });
    const a = q('aide');
    const b = q('help');
    expect(q('aide')).toBe(a); // a is now the most recent
    q("ma tournée aujourd'hui"); // evicts b
    expect(small.stats().size).toBe(2);
    expect(q('aide')).toBe(a);
    expect(q('help')).not.toBe(b);
    expect(() => new AnswerCache(0)).toThrow(RangeError);
  });

  it('caches nothing where the warehouse has no change counter', () => {
    expect(dataVersion({} as Db)).toBeNull();
    const noVersion = new (class extends AnswerCache {
      override version(): string | null {
        return null;
      }
    })();
    const first = ask(db, { text: 'aide', user: users.karim!, now: FIXTURE_NOW }, { cache: noVersion });
    expect(ask(db, { text: 'aide', user: users.karim!, now: FIXTURE_NOW }, { cache: noVersion })).not.toBe(first);
    expect(noVersion.stats().size).toBe(0);
  });
});
