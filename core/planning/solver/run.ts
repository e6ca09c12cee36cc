import { runWorkerOnce } from '../../threads/run-once.ts';
import type { PlanningConfig } from '../config.ts';
import type { PlanningInstance, PlanResult } from '../model/types.ts';

/**
 * Solves in a worker thread (HiGHS is synchronous: on the main thread the bot would stop answering). One
 * worker per solve, ended afterwards; rejects with a clear message when the solve fails.
 */
export async function solveInWorker(instance: PlanningInstance, config: PlanningConfig): Promise<PlanResult> {
  const msg = (await runWorkerOnce(new URL('./worker-boot.mjs', import.meta.url), { instance, config }, {
    failed: (message) => new Error(`planning solver failed: ${message}`),
    stopped: (code) => new Error(`planning solver stopped (exit code ${code})`),
  })) as { ok: true; result: PlanResult } | { ok: false; error: string };
  if (!msg.ok) throw new Error(`planning solver failed: ${msg.error}`);
  return msg.result;
}
