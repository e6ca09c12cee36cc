/**
 * `teamRouteReplies(db, date, items)`: the route cards of a whole team for a day (the 06:45 morning job), computed
 * in a worker thread — each technician's tour search takes tens of ms, the whole team's would hold the event loop.
 *
 * The worker opens its own connection to the same SQLite file and gets the road km the main thread has already
 * fetched from OSRM, so its cards equal the ones computed here. A warehouse that is not a SQLite file (':memory:'
 * in tests, the Azure SQL bridge) is computed in this thread, one technician per turn of the event loop.
 */
import type { User } from '../../access/types.ts';
import { roadFactorFromEnv } from '../../routing/distance.ts';
import type { LatLon } from '../../routing/distance.ts';
import { roadDistancesFromEnv } from '../../routing/osrm.ts';
import { runWorkerOnce } from '../../threads/run-once.ts';
import { warehouseFile } from '../../threads/warehouse-file.ts';
import type { Db } from '../../warehouse/db.ts';
import { routeReply } from '../answers/route.ts';
import type { Lang, Reply } from '../types.ts';
import { TeamRoutesResult } from './protocol.ts';

export class TeamRoutesError extends Error {}

export interface TeamRouteItem {
  /** who reads the card (access policy, and the card's wording) */
  user: User;
  technicienId: number;
  lang: Lang;
}

export interface TeamRoutes {
  replies: Reply[];
  where: 'worker' | 'in-process';
}

/** The route card of each item, in the items' order. `points`: the places of the day (to pass the OSRM km on). */
export async function teamRouteReplies(db: Db, date: string, items: readonly TeamRouteItem[], points: readonly LatLon[] = []): Promise<TeamRoutes> {
  if (items.length === 0) return { replies: [], where: 'in-process' };
  const file = warehouseFile(db);
  if (file === null) {
    const replies: Reply[] = [];
    for (const { user, technicienId, lang } of items) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      replies.push(routeReply(db, user, technicienId, date, lang));
    }
    return { replies, where: 'in-process' };
  }
  const distances = roadDistancesFromEnv(roadFactorFromEnv()).known(points);
  const msg = await runWorkerOnce(
    new URL('./worker-boot.mjs', import.meta.url),
    { path: file, date, items: items.map((i) => ({ user: { ...i.user }, technicienId: i.technicienId, lang: i.lang })), distances },
    {
      failed: (message) => new TeamRoutesError(`team routes failed: ${message}`),
      stopped: (code) => new TeamRoutesError(`team routes stopped (worker exit code ${code})`),
    },
  );
  const r = TeamRoutesResult.safeParse(msg);
  if (!r.success) throw new TeamRoutesError('team routes failed: the worker answered an unexpected message');
  if (!r.data.ok) throw new TeamRoutesError(`team routes failed: ${r.data.error}`);
  if (r.data.replies.length !== items.length) throw new TeamRoutesError(`team routes failed: ${r.data.replies.length} cards for ${items.length} technicians`);
  return { replies: r.data.replies as Reply[], where: 'worker' };
}
