/**
 * A fake Bot Connector (the Teams channel service) on 127.0.0.1: the endpoints the Teams SDK calls when the
 * bot sends, records what it receives and resolves waiters when an activity arrives (no sleeps).
 *
 *   POST /v3/conversations/:conversationId/activities              → send        → 201 { id }
 *   POST /v3/conversations/:conversationId/activities/:replyToId   → reply       → 201 { id }
 *   PUT  /v3/conversations/:conversationId/activities/:activityId  → update      → 200 { id }
 *   GET  /v3/conversations/:conversationId/members/:memberId       → member info (from `members`), else 404
 */
import type http from 'node:http';
import { LoopbackServer } from './loopback-server.ts';

export interface CapturedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** the reply-to id (POST …/activities/:id) or the updated id (PUT) */
  activityId: string | null;
  /** the id the fake gave it */
  id: string;
  authorization: string | null;
  activity: Record<string, unknown> & { type?: string; text?: string; attachments?: { contentType: string; content: unknown }[] };
}

interface Waiter {
  since: number;
  match: (a: CapturedActivity) => boolean;
  resolve: (a: CapturedActivity) => void;
}

export class FakeChannel extends LoopbackServer {
  readonly captured: CapturedActivity[] = [];
  /** member info answered by GET …/members/:id, by member id */
  readonly members = new Map<string, Record<string, unknown>>();
  readonly unknownRequests: string[] = [];
  private readonly waiters: Waiter[] = [];
  private seq = 0;

  /** A position in the record: `waitFor(…, mark)` only considers what arrived after it. */
  mark(): number {
    return this.captured.length;
  }

  /** The first activity after `since` that matches; resolves as soon as it arrives. */
  waitFor(match: (a: CapturedActivity) => boolean, since = 0, timeoutMs = 10_000): Promise<CapturedActivity> {
    const found = this.captured.slice(since).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { since, match, resolve };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`fake channel: no matching activity within ${timeoutMs} ms (got ${this.captured.length - since})`));
      }, timeoutMs);
      waiter.resolve = (a) => {
        clearTimeout(timer);
        resolve(a);
      };
      this.waiters.push(waiter);
    });
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url || 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const body = await new Promise<string>((resolve) => {
      let s = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (s += c));
      req.on('end', () => resolve(s));
    });
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    };
    // ['v3', 'conversations', id, 'activities', activityId?]
    if (parts[0] === 'v3' && parts[1] === 'conversations' && parts[2] && parts[3] === 'activities' && parts.length <= 5) {
      const method = req.method === 'PUT' ? 'PUT' : req.method === 'POST' ? 'POST' : null;
      if (method && (method === 'POST' || parts[4])) {
        const id = method === 'PUT' ? parts[4]! : `fake-activity-${++this.seq}`;
        const captured: CapturedActivity = {
          method,
          conversationId: parts[2],
          activityId: parts[4] ?? null,
          id,
          authorization: req.headers.authorization ?? null,
          activity: JSON.parse(body || '{}') as CapturedActivity['activity'],
        };
        const index = this.captured.push(captured) - 1;
        for (const w of [...this.waiters]) {
          if (index >= w.since && w.match(captured)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(captured);
          }
        }
        return json(method === 'PUT' ? 200 : 201, { id });
      }
    }
    if (req.method === 'GET' && parts[0] === 'v3' && parts[1] === 'conversations' && parts[3] === 'members' && parts[4]) {
      const member = this.members.get(parts[4]);
      return member ? json(200, member) : json(404, { error: { code: 'NotFound', message: 'member not found' } });
    }
    this.unknownRequests.push(`${req.method} ${url.pathname}`);
    json(404, { error: { code: 'NotFound', message: `fake channel: no route ${req.method} ${url.pathname}` } });
  }
}
