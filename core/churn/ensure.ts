/**
 * `ensureScored(db, today)`: today's scoring exists, or is run now — with a model trained first when none is
 * stored. Synchronous and CPU-bound (training takes seconds on the warehouse): the bot and its jobs call
 * `ensureScoredOffThread` (worker/run.ts), which runs this in a worker thread.
 */
import type { Db } from '../warehouse/db.ts';
import { stmt } from '../warehouse/statements.ts';
import { loadActiveModel, saveModel } from './model-store.ts';
import { scoreChurn } from './score.ts';
import { trainChurn } from './train.ts';

/** What `ensureScored` did: nothing (already scored today), scored, or trained a model then scored. */
export interface EnsureScoredResult {
  readonly trained: boolean;
  readonly scored: boolean;
}

/** Whether the day is already scored (one indexed row read). */
export function isScored(db: Db, today: string): boolean {
  return stmt(db, 'SELECT 1 FROM churn_scores WHERE date = ? LIMIT 1').get(today) !== undefined;
}

/** Today's scoring exists, or is run now (with a model trained now when none is stored). */
export function ensureScored(db: Db, today: string): EnsureScoredResult {
  if (isScored(db, today)) return { trained: false, scored: false };
  let trained = false;
  if (!loadActiveModel(db)) {
    saveModel(db, trainChurn(db, { asOf: today }));
    trained = true;
  }
  scoreChurn(db, today);
  return { trained, scored: true };
}
