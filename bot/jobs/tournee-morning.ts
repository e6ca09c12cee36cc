/**
 * `tournee.morning`: early each working day, every active technician with stops that day gets their route
 * card in their personal chat. One outbox key per technician and day, so a rerun (crash, takeover) never
 * sends a card twice. Days without stops send nothing.
 */
import { z } from 'zod';
import { listUsers } from '../../core/access/index.ts';
import { routeReply } from '../../core/conversation/answers/route.ts';
import type { JobHandler } from '../../core/jobs/index.ts';
import { dayRoute } from '../../core/planning/tournee.ts';
import { roadFactorFromEnv } from '../../core/routing/distance.ts';
import { roadDistancesFromEnv } from '../../core/routing/osrm.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { ProactiveSender, SendResult } from '../proactive.ts';

export const MORNING_TOUR_KIND = 'tournee.morning';

const Payload = z.object({ date: z.iso.date({ error: 'payload.date must be YYYY-MM-DD' }) });

export interface MorningTourDeps {
  db: Db;
  proactive: ProactiveSender;
  log?: Logger;
}

export interface MorningTourTally {
  sent: number;
  alreadySent: number;
  noStops: number;
  noConversation: number;
  failed: number;
}

export function morningTourHandler(deps: MorningTourDeps): JobHandler {
  return async (job, ctx) => {
    const parsed = Payload.safeParse(job.payload);
    if (!parsed.success) return { status: 'skipped', reason: `bad payload: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    const { date } = parsed.data;
    const active = new Set(
      (deps.db.prepare('SELECT technicien_id FROM dim_techniciens WHERE actif = 1').all() as { technicien_id: number }[]).map((r) => r.technicien_id),
    );
    const technicians = listUsers(deps.db).filter((u) => u.role === 'technician' && u.technicienId !== null && active.has(u.technicienId));
    const tally: MorningTourTally = { sent: 0, alreadySent: 0, noStops: 0, noConversation: 0, failed: 0 };
    const retryLater: string[] = [];
    for (const user of technicians) {
      const technicienId = user.technicienId!;
      const route = dayRoute(deps.db, technicienId, date);
      if (route.done || route.stops.length === 0) {
        tally.noStops++;
        continue;
      }
      // with OSRM_URL, the day's road distances are fetched first, so the card shows road km (no-op otherwise)
      await roadDistancesFromEnv(roadFactorFromEnv()).prefetch([route.technicien.base, ...route.stops.map((s) => s.client)]);
      const reply = routeReply(deps.db, user, technicienId, date, user.langue);
      const first = user.displayName.split(' ')[0] ?? user.displayName;
      const hello = user.langue === 'en' ? `Good morning ${first}, here is your route for today.` : `Bonjour ${first}, voici votre tournée du jour.`;
      const result: SendResult = await deps.proactive.send(
        { userId: user.userId },
        { text: `${hello}\n${reply.text}`, card: reply.card },
        { key: `${job.key}:technicien:${technicienId}`, jobId: job.jobId },
      );
      ctx.extendLease();
      if (result.status === 'sent') tally.sent++;
      else if (result.status === 'already_sent') tally.alreadySent++;
      else if (result.status === 'no_conversation') tally.noConversation++;
      else {
        tally.failed++;
        if (result.status === 'busy' || result.retryable) retryLater.push(`${user.email}: ${result.status === 'busy' ? 'being sent by another process' : result.error}`);
      }
    }
    deps.log?.info({ job: job.key, ...tally }, 'morning tour cards');
    // Transient failures: the job is retried with backoff; the cards already sent are not sent again (outbox).
    if (retryLater.length > 0) throw new Error(`morning tour: ${retryLater.length} card(s) to retry — ${retryLater.join('; ')}`);
    const note = `sent ${tally.sent}, already sent ${tally.alreadySent}, no stops ${tally.noStops}, no conversation ${tally.noConversation}, failed ${tally.failed}`;
    return { status: 'done', note };
  };
}
