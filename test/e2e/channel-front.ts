/**
 * A front for the fake Bot Connector: a loopback server that forwards every request to it (the fake channel
 * records what was delivered) unless a subclass's `intercept` takes the request — to answer a scripted failure
 * (FlakyFront, test/e2e/flaky-channel.ts) or to hold an activity in flight (HoldingFront, test/faults).
 */
import type http from 'node:http';
import { LoopbackServer } from './loopback-server.ts';

/** The path of a Bot Connector "send an activity" POST. */
export const ACTIVITY_POST = /\/v3\/conversations\/[^/]+\/activities/;

export abstract class ChannelFront extends LoopbackServer {
  /** every request seen: "METHOD path → status" (or what the subclass noted) */
  readonly seen: string[] = [];

  constructor(private readonly target: () => string) {
    super();
  }

  /** Takes the request (answers it, or keeps it) and returns true; false forwards it to the channel. */
  protected abstract intercept(method: string, path: string, res: http.ServerResponse): boolean;

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (this.intercept(method, path, res)) return;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
    const forwarded = await fetch(this.target() + path, { method, headers, ...(body.length > 0 ? { body } : {}) });
    this.seen.push(`${method} ${path} → ${forwarded.status}`);
    res.writeHead(forwarded.status, { 'Content-Type': forwarded.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await forwarded.arrayBuffer()));
  }
}
