import { Worker } from 'node:worker_threads';
import type { PlanningConfig } from '../config.ts';
import type { PlanningInstance, PlanResult } from '../model/types.ts';

/**
 * Solves in a worker thread (HiGHS is synchronous: on the main thread the bot would stop answering). One
 * worker per solve, ended afterwards; rejects with a clear message when the solve fails.
 */
export function solveInWorker(instance: PlanningInstance, config: PlanningConfig): Promise<PlanResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url));
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (msg: { ok: true; result: PlanResult } | { ok: false; error: string }) =>
      finish(() => (msg.ok ? resolve(msg.result) : reject(new Error(`planning solver failed: ${msg.error}`)))),
    );
    worker.once('error', (err) => finish(() => reject(new Error(`planning solver failed: ${err.message}`))));
    worker.once('exit', (code) => finish(() => reject(new Error(`planning solver stopped (exit code ${code})`))));
    worker.postMessage({ instance, config });
  });
}
