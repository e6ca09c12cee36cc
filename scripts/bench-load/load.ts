/**
 * The closed loops of the load benchmark, on autocannon: one connection per plan posting its conversation's
 * Activities (runLoad), or form bodies built per request (runForm, the Twilio webhooks). Every 2xx answer's
 * latency is kept (exact percentiles: autocannon's summary has no p95).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { activityId, messageActivity, type ConnectionPlan } from './activities.ts';

export interface FormRun {
  durationS: number;
  latencies: number[];
  errors: number;
  timeouts: number;
  non2xx: number;
  ok: number;
}

export interface LoadRun extends FormRun {
  /** per conversation, when each request was built and sent (epoch ms) */
  sent: Map<string, number[]>;
}

/** A closed loop of one autocannon connection per plan, each posting its own conversation's Activities. */
export async function runLoad(port: number, channelUrl: string, scenario: string, plans: readonly ConnectionPlan[], durationS: number): Promise<LoadRun> {
  const sent = new Map<string, number[]>(plans.map((p) => [p.conversationId, []]));
  let nextPlan = 0;
  const seqs = plans.map(() => 0);
  const latencies: number[] = [];
  let ok = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections: plans.length,
    pipelining: 1,
    duration: durationS,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupClient: (client) => {
      const plan = plans[nextPlan++ % plans.length]!;
      client.setRequests([
        {
          method: 'POST',
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const seq = seqs[plan.index]!++;
            const text = plan.texts[seq % plan.texts.length]!;
            const at = performance.timeOrigin + performance.now();
            sent.get(plan.conversationId)!.push(at);
            const body = messageActivity({ id: activityId(scenario, plan.index, seq), text, conversationId: plan.conversationId, user: plan.user, serviceUrl: channelUrl, timestamp: new Date(at) });
            return { ...req, body: JSON.stringify(body) };
          },
        },
      ]);
    },
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) {
      ok++;
      latencies.push(responseTime);
    }
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance.once('done', resolve);
    instance.once('error', reject);
  });
  return { durationS: result.duration, latencies, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, sent, ok };
}

/** autocannon with a form body built per request (the SMS webhooks): the SMS webhooks. */
export async function runForm(
  port: number,
  path: string,
  connections: number,
  durationS: number,
  build: (connection: number, seq: number) => { body: string; headers: Record<string, string> },
): Promise<FormRun> {
  let nextConn = 0;
  const latencies: number[] = [];
  let ok = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    duration: durationS,
    timeout: 30,
    method: 'POST',
    setupClient: (client) => {
      const connection = nextConn++;
      let seq = 0;
      client.setRequests([
        {
          method: 'POST',
          path,
          setupRequest: (req) => {
            const { body, headers } = build(connection, seq++);
            return { ...req, body, headers };
          },
        },
      ]);
    },
  });
  instance.on('response', (_c, status, _b, t) => {
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(t);
    }
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance.once('done', resolve);
    instance.once('error', reject);
  });
  return { durationS: result.duration, latencies, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, ok };
}

