/**
 * Worker thread: opens its own connection to the warehouse file, computes the route card of each technician of
 * the job (the tour search of core/routing, the same code as an answer in chat), posts the replies back, closes.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { roadFactorFromEnv } from '../../routing/distance.ts';
import { roadDistancesFromEnv } from '../../routing/osrm.ts';
import { openDb } from '../../warehouse/db.ts';
import { routeReply } from '../answers/route.ts';
import { TeamRoutesJob, type TeamRoutesResult } from './protocol.ts';

parentPort?.once('message', (msg: unknown) => {
  const t0 = performance.now();
  let result: TeamRoutesResult;
  const job = TeamRoutesJob.safeParse(msg);
  if (!job.success) {
    result = { ok: false, error: `bad job: ${job.error.issues[0]?.message ?? 'invalid'}` };
  } else {
    try {
      if (!existsSync(job.data.path)) throw new Error(`no warehouse file at ${job.data.path}`);
      roadDistancesFromEnv(roadFactorFromEnv()).seed(job.data.distances);
      const db = openDb(job.data.path, { migrate: false });
      try {
        const replies = job.data.items.map(({ user, technicienId, lang }) => {
          const r = routeReply(db, user, technicienId, job.data.date, lang);
          return { text: r.text, card: r.card };
        });
        result = { ok: true, replies, ms: Math.round(performance.now() - t0) };
      } finally {
        db.close();
      }
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
  parentPort?.postMessage(result);
});
