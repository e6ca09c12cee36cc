/**
 * `tournee.morning`: early each working day, every active technician with stops that day gets their route
 * card in their personal chat. One outbox key per technician and day, so a rerun (crash, takeover) never
 * sends a card twice. Days without stops send nothing.
 */
import { listUsers } from '../../core/access/index.ts';
import { teamRouteReplies } from '../../core/conversation/team-routes/run.ts';
import type { JobHandler } from '../../core/jobs/index.ts';
import { dayRoute } from '../../core/planning/tournee.ts';
import { roadFactorFromEnv, type LatLon } from '../../core/routing/distance.ts';
import { roadDistancesFromEnv } from '../../core/routing/osrm.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { ProactiveSender } from '../proactive.ts';
import { deliverAll, payloadDate, type Delivery } from './deliver.ts';

export const MORNING_TOUR_KIND = 'tournee.morning';


export interface MorningTourDeps {
  db: Db;
  proactive: ProactiveSender;
  log?: Logger;
}

export function morningTourHandler(deps: MorningTourDeps): JobHandler {
  return async (job, ctx) => {
    const payload = payloadDate(job);
    if ('reason' in payload) return { status: 'skipped', reason: payload.reason };
    const { date } = payload;
    const active = new Set(
      (deps.db.prepare('SELECT technicien_id FROM dim_techniciens WHERE actif = 1').all() as { technicien_id: number }[]).map((r) => r.technicien_id),
    );
    const technicians = listUsers(deps.db).filter((u) => u.role === 'technician' && u.technicienId !== null && active.has(u.technicienId));
    let noStops = 0;
    const withStops: { user: (typeof technicians)[number]; technicienId: number }[] = [];
    const points: LatLon[] = [];
    for (const user of technicians) {
      const technicienId = user.technicienId!;
      const route = dayRoute(deps.db, technicienId, date);
      if (route.done || route.stops.length === 0) {
        noStops++;
        continue;
      }
      // with OSRM_URL, the day's road distances are fetched first, so the card shows road km (no-op otherwise)
      const day = [route.technicien.base, ...route.stops.map((s) => s.client)];
      await roadDistancesFromEnv(roadFactorFromEnv()).prefetch(day);
      points.push(...day);
      withStops.push({ user, technicienId });
    }
    // the tour search of the whole team runs in a worker thread (core/conversation/team-routes)
    const { replies } = await teamRouteReplies(deps.db, date, withStops.map(({ user, technicienId }) => ({ user, technicienId, lang: user.langue })), points);
    const deliveries: Delivery[] = withStops.map(({ user, technicienId }, i) => {
      const reply = replies[i]!;
      const first = user.displayName.split(' ')[0] ?? user.displayName;
      const hello = user.langue === 'en' ? `Good morning ${first}, here is your route for today.` : `Bonjour ${first}, voici votre tournée du jour.`;
      return { target: { userId: user.userId }, who: user.email, reply: { text: `${hello}\n${reply.text}`, card: reply.card }, key: `${job.key}:technicien:${technicienId}` };
    });
    // Transient failures make the job retry with backoff; the cards already sent are not sent again (outbox).
    return deliverAll(deps, job, ctx, 'morning tour cards', deliveries, { unit: 'card', skipped: { label: 'no stops', count: noStops } });
  };
}
