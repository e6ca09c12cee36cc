/**
 * The fake Twilio (bot/sms/fake-twilio.ts) in a worker thread: its own event loop, so the instants it records
 * (date_created, the arrival of each messages.create) are not delayed by the benchmark's scheduler and dispatcher
 * sharing the main thread's loop. workerData `{ latencyMs }`: the URL given is a forwarder holding each request that
 * long (latency-proxy.ts), on this thread too. Messages: in `{ type: 'offset', ms }` (the scenario clock is Date.now() + ms),
 * `{ type: 'collect' }` → out `{ type: 'messages', messages }`; out first `{ type: 'ready', url, accountSid, authToken }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FakeTwilio } from '../../bot/sms/fake-twilio.ts';
import { startLatencyProxy } from './latency-proxy.ts';

export interface WorkerMessage {
  sid: string;
  to: string;
  /** ms since the epoch, scenario clock */
  createdMs: number;
}

export type ToWorker = { type: 'offset'; ms: number } | { type: 'collect' } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready'; url: string; accountSid: string; authToken: string }
  | { type: 'messages'; messages: WorkerMessage[] }
  | { type: 'stopped' };

const port = parentPort;
if (!port) throw new Error('fake-worker: run me as a worker thread');
let offset = 0;
const fake = new FakeTwilio({ now: () => new Date(Date.now() + offset) });
await fake.start();
/** a delaying forwarder in front of the fake (the round trip to api.twilio.com), on this thread too */
const latencyMs = Number((workerData as { latencyMs?: number } | null)?.latencyMs ?? 0);
const proxy = latencyMs > 0 ? await startLatencyProxy(fake.url, latencyMs) : null;
port.on('message', (m: ToWorker) => {
  if (m.type === 'offset') offset = m.ms;
  else if (m.type === 'collect') {
    port.postMessage({ type: 'messages', messages: fake.messages.map((x) => ({ sid: x.sid, to: x.to, createdMs: x.dateCreated.getTime() })) } satisfies FromWorker);
  } else {
    void Promise.all([proxy?.stop(), fake.stop()]).then(() => {
      port.postMessage({ type: 'stopped' } satisfies FromWorker);
      port.close();
    });
  }
});
port.postMessage({ type: 'ready', url: proxy?.url ?? fake.url, accountSid: fake.accountSid, authToken: fake.authToken } satisfies FromWorker);
