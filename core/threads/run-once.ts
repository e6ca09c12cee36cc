import { Worker } from 'node:worker_threads';

export interface RunOnceErrors {
  /** the worker threw (an uncaught error in the thread) */
  failed(message: string): Error;
  /** the worker ended without answering */
  stopped(exitCode: number): Error;
}

/**
 * Starts a worker from `entry`, posts it one message and settles with the first thing that happens: its first
 * message (resolved as is, for the caller to validate), an error or an exit without answer (rejected with the
 * caller's errors). The worker is ended afterwards. Used for the work that would block the event loop (the plan's
 * MILP, churn training).
 */
export function runWorkerOnce(entry: URL, message: unknown, errors: RunOnceErrors): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry);
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (msg: unknown) => finish(() => resolve(msg)));
    worker.once('error', (err) => finish(() => reject(errors.failed(err.message))));
    worker.once('exit', (code) => finish(() => reject(errors.stopped(code))));
    worker.postMessage(message);
  });
}
