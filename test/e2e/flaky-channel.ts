/**
 * A front for the fake Bot Connector that answers scripted failures (429 with Retry-After, 500…) to the next
 * POSTs of activities, and forwards everything else to the fake channel, which records what was delivered.
 */
import type http from 'node:http';
import { ACTIVITY_POST, ChannelFront } from './channel-front.ts';

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
}

export class FlakyFront extends ChannelFront {
  /** failures answered to the next activity POSTs, in order */
  readonly failures: ScriptedFailure[] = [];

  protected intercept(method: string, path: string, res: http.ServerResponse): boolean {
    if (method !== 'POST' || !ACTIVITY_POST.test(path)) return false;
    const failure = this.failures.shift();
    if (!failure) return false;
    this.seen.push(`POST ${path} → ${failure.status}`);
    res.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers }).end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${failure.status}` } }));
    return true;
  }
}
