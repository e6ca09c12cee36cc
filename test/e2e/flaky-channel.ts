/**
 * A front for the fake Bot Connector that answers scripted failures (429 with Retry-After, 500…) to the next
 * POSTs of activities, and forwards everything else to the fake channel, which records what was delivered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
}

export class FlakyFront {
  /** failures answered to the next activity POSTs, in order */
  readonly failures: ScriptedFailure[] = [];
  /** every request seen (method path → status answered) */
  readonly seen: string[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(private readonly target: () => string) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    if (req.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(path)) {
      const failure = this.failures.shift();
      if (failure) {
        this.seen.push(`POST ${path} → ${failure.status}`);
        res.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers }).end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${failure.status}` } }));
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    const forwarded = await fetch(this.target() + path, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
    this.seen.push(`${req.method} ${path} → ${forwarded.status}`);
    res.writeHead(forwarded.status, { 'Content-Type': forwarded.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await forwarded.arrayBuffer()));
  }
}
