/** The main thread's handle on the fake Twilio running in a worker thread (fake-worker.ts). */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerMessage } from './fake-worker.ts';

export interface FakeTwilioThread {
  /** the fake's URL (or the delaying forwarder's in front of it) */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** the scenario clock of the fake: Date.now() + ms */
  setOffset(ms: number): void;
  /** every message created so far */
  collect(): Promise<WorkerMessage[]>;
  stop(): Promise<void>;
}

export async function startFakeTwilioThread(options: { latencyMs?: number } = {}): Promise<FakeTwilioThread> {
  // the worker loads the TypeScript source through tsx's API (a worker does not inherit the loader tsx gave this thread)
  const entry = new URL('./fake-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(boot, { eval: true, workerData: { latencyMs: options.latencyMs ?? 0 } });
  const next = async <T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>> => {
    for (;;) {
      const [m] = (await once(worker, 'message')) as [FromWorker];
      if (m.type === type) return m as Extract<FromWorker, { type: T }>;
    }
  };
  const send = (m: ToWorker): void => worker.postMessage(m);
  const ready = await Promise.race([next('ready'), once(worker, 'error').then(([e]) => Promise.reject(e as Error))]);
  return {
    url: ready.url,
    accountSid: ready.accountSid,
    authToken: ready.authToken,
    setOffset: (ms) => send({ type: 'offset', ms }),
    async collect() {
      const reply = next('messages');
      send({ type: 'collect' });
      return (await reply).messages;
    },
    async stop() {
      const stopped = next('stopped');
      send({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
