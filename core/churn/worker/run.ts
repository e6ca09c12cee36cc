/**
 * `ensureScoredOffThread(db, today)`: today's churn scoring, run in a worker thread when it has to be computed
 * (training a model takes seconds of CPU: on the main thread the bot would stop answering meanwhile).
 *
 * The worker opens its own connection to the same SQLite file (WAL: the bot keeps reading and writing; the
 * scoring holds the write lock only for its writes). A warehouse that is not a SQLite file — ':memory:' in tests,
 * the Azure SQL bridge — is scored in this thread, as before. Calls for the same file and day while one runs
 * share it (two users asking at once train one model).
 */
import { runWorkerOnce } from '../../threads/run-once.ts';
import { warehouseFile } from '../../threads/warehouse-file.ts';
import type { Db } from '../../warehouse/db.ts';
import { ensureScored, isScored, type EnsureScoredResult } from '../ensure.ts';
import { NotEnoughDataError } from '../train.ts';
import { ChurnJobResult, type ChurnJob } from './protocol.ts';

/** The worker failed or stopped (the message says why); a NotEnoughDataError is rethrown as itself. */
export class ChurnWorkerError extends Error {}

export interface OffThreadResult extends EnsureScoredResult {
  /** where the work ran: nothing to do, a worker thread, or this thread (not a SQLite file) */
  readonly where: 'none' | 'worker' | 'in-process';
}

export { warehouseFile };

const running = new Map<string, Promise<OffThreadResult>>();

export function ensureScoredOffThread(db: Db, today: string): Promise<OffThreadResult> {
  if (isScored(db, today)) return Promise.resolve({ trained: false, scored: false, where: 'none' });
  const file = warehouseFile(db);
  if (file === null) {
    try {
      return Promise.resolve({ ...ensureScored(db, today), where: 'in-process' });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  const key = `${file}\u0000${today}`;
  const already = running.get(key);
  if (already) return already;
  const run = inWorker({ path: file, today }).finally(() => running.delete(key));
  running.set(key, run);
  return run;
}

async function inWorker(job: ChurnJob): Promise<OffThreadResult> {
  const msg = await runWorkerOnce(new URL('./worker-boot.mjs', import.meta.url), job, {
    failed: (message) => new ChurnWorkerError(`churn scoring failed: ${message}`),
    stopped: (code) => new ChurnWorkerError(`churn scoring stopped (worker exit code ${code})`),
  });
  const r = ChurnJobResult.safeParse(msg);
  if (!r.success) throw new ChurnWorkerError('churn scoring failed: the worker answered an unexpected message');
  if (!r.data.ok) throw r.data.notEnoughData ? new NotEnoughDataError(r.data.error) : new ChurnWorkerError(`churn scoring failed: ${r.data.error}`);
  return { trained: r.data.trained, scored: r.data.scored, where: 'worker' };
}
