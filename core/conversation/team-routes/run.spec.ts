import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../access/users.ts';
import { RoadDistances } from '../../routing/osrm.ts';
import { openDb, type Db } from '../../warehouse/db.ts';
import { routeReply } from '../answers/route.ts';
import { seedFixture } from '../fixtures.ts';
import { teamRouteReplies, TeamRoutesError } from './run.ts';

const DATE = '2026-12-01';
let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-team-routes-'));
  db = openDb(join(dir, 'w.db'));
  seedFixture(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const technicians = () => listUsers(db).filter((u) => u.role === 'technician' && u.technicienId !== null);

describe('teamRouteReplies', () => {
  it('computes every technician’s card in a worker thread, equal to the one computed here', async () => {
    const items = technicians().map((user) => ({ user, technicienId: user.technicienId!, lang: user.langue }));
    expect(items.length).toBeGreaterThan(1);
    const { replies, where } = await teamRouteReplies(db, DATE, items);
    expect(where).toBe('worker');
    expect(replies).toEqual(items.map((i) => {
      const r = routeReply(db, i.user, i.technicienId, DATE, i.lang);
      return { text: r.text, card: r.card };
    }));
    expect(replies.some((r) => r.text.startsWith('Tournée de'))).toBe(true);
  });

  it('applies the access policy in the worker too: a technician asking for another one’s day is refused', async () => {
    const [a, b] = technicians();
    const { replies } = await teamRouteReplies(db, DATE, [{ user: a!, technicienId: b!.technicienId!, lang: 'fr' }]);
    expect(replies[0]!.text).toMatch(/^Désolé/);
  });

  it('runs in this thread when the warehouse is not a file (tests, Azure SQL), and on nothing at all', async () => {
    const memory = openDb(':memory:');
    try {
      seedFixture(memory);
      const user = listUsers(memory).find((u) => u.role === 'technician')!;
      const { replies, where } = await teamRouteReplies(memory, DATE, [{ user, technicienId: user.technicienId!, lang: 'fr' }]);
      expect(where).toBe('in-process');
      expect(replies[0]!.text).toBe(routeReply(memory, user, user.technicienId!, DATE, 'fr').text);
    } finally {
      memory.close();
    }
    expect(await teamRouteReplies(db, DATE, [])).toEqual({ replies: [], where: 'in-process' });
  });

  it('says clearly when the worker cannot do it', async () => {
    const reopened = openDb(join(dir, 'gone2.db'));
    try {
      // a connection whose file vanished under it: the worker finds no warehouse there
      const user = technicians()[0]!;
      rmSync(join(dir, 'gone2.db'));
      await expect(teamRouteReplies(reopened, DATE, [{ user, technicienId: user.technicienId!, lang: 'fr' }])).rejects.toThrow(TeamRoutesError);
    } finally {
      reopened.close();
    }
  });
});

describe('RoadDistances known/seed', () => {
  it('hands the km fetched in one thread to another one', () => {
    const a = { lat: 45.9, lon: 6.12 };
    const b = { lat: 45.95, lon: 6.2 };
    const here = new RoadDistances(null, 1.3);
    expect(here.known([a, b])).toEqual([]);
    here.seed([['45.900000,6.120000>45.950000,6.200000', 9.9]]);
    const there = new RoadDistances(null, 1.3);
    there.seed(here.known([a, b]));
    expect(there.known([a, b])).toEqual([['45.900000,6.120000>45.950000,6.200000', 9.9]]);
  });
});
