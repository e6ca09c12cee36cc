/**
 * The held-out style corpus (fixtures/utterances.ts): how people really type in Teams, French and English.
 * Each utterance goes through ask() as its user; the intent and the entities must be exactly the expected ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../access/users.ts';
import type { User } from '../access/types.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { ask } from './ask.ts';
import { FIXTURE_NOW, seedFixture, TECHS } from './fixtures.ts';
import { UTTERANCES, type Expect, type UserKey } from './fixtures/utterances.ts';
import type { Dashboard, Entities, IntentName } from './types.ts';

let db: Db;
let users: Record<string, User>;
beforeAll(() => {
  db = openDb(':memory:');
  seedFixture(db);
  users = Object.fromEntries(listUsers(db).map((u) => [u.email.split('.')[0]!, u]));
});

const DEFAULT_DASHBOARD: Record<User['role'], Dashboard> = { direction: 'direction', planning: 'planning', technical_director: 'quality', technician: 'technicians' };

/** The entities ask() must give: what the line says, plus ask()'s documented defaults for what it leaves out. */
function expected(intent: IntentName, e: Expect, user: User): Entities {
  const out: Entities = {};
  if (e.tech !== undefined) {
    const t = TECHS.find((x) => x.id === e.tech)!;
    out.technician = { id: t.id, name: `${t.prenom} ${t.nom}` };
  }
  const date = e.date ?? (intent === 'route' ? '2026-12-01' : undefined);
  if (date) out.date = date;
  const period = e.period ?? (intent === 'planning.week' ? '2026-W49' : intent === 'kpi' ? '2026-12' : undefined);
  if (period) out.period = period;
  if (intent === 'kpi') out.dashboard = e.dashboard ?? DEFAULT_DASHBOARD[user.role];
  return out;
}

const understood = (text: string, who: UserKey) => ask(db, { text, user: users[who]!, now: FIXTURE_NOW });

describe('utterance corpus', () => {
  it('is large and covers every intent', () => {
    expect(UTTERANCES.length).toBeGreaterThanOrEqual(400);
    expect(new Set(UTTERANCES.map(([i]) => i)).size).toBe(10);
  });

  it.each(UTTERANCES.map(([intent, text, e = {}]) => [intent, text, e.as ?? 'clothilde', e] as const))('%s: %s (as %s)', (intent, text, who, e) => {
    const r = understood(text, who);
    const user = users[who]!;
    expect({ intent: r.intent, entities: r.entities }).toEqual({ intent, entities: expected(intent, e, user) });
    if (e.refused) expect(r.reply.text).toMatch(/^(Désolé|Sorry), (?!je n’ai pas compris|I did not understand)/);
  });
});
