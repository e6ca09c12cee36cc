/**
 * Worker thread: opens its own connection to the warehouse file, trains a model when none is stored and scores
 * the day (core/churn/ensure.ts), posts what it did back, closes. One job per worker.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { openDb } from '../../warehouse/db.ts';
import { ensureScored } from '../ensure.ts';
import { NotEnoughDataError } from '../train.ts';
import { ChurnJob, type ChurnJobResult } from './protocol.ts';

parentPort?.once('message', (msg: unknown) => {
  const t0 = performance.now();
  let result: ChurnJobResult;
  const job = ChurnJob.safeParse(msg);
  if (!job.success) {
    result = { ok: false, error: `bad job: ${job.error.issues[0]?.message ?? 'invalid'}`, notEnoughData: false };
  } else {
    try {
      // the main connection created and migrated the warehouse: nothing to create or migrate here
      if (!existsSync(job.data.path)) throw new Error(`no warehouse file at ${job.data.path}`);
      const db = openDb(job.data.path, { migrate: false });
      try {
        const done = ensureScored(db, job.data.today);
        result = { ok: true, ...done, ms: Math.round(performance.now() - t0) };
      } finally {
        db.close();
      }
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err), notEnoughData: err instanceof NotEnoughDataError };
    }
  }
  parentPort?.postMessage(result);
});
