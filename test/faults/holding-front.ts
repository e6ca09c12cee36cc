/**
 * A front for the fake Bot Connector that forwards everything to it, except one chosen activity POST: that one
 * is held — neither forwarded (so never delivered) nor answered — and announced, so the test can SIGKILL the
 * bot process while its send is in flight. `dropHeld()` then closes the held connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export class HoldingFront {
  /** every request seen: "METHOD path → status" (or "→ held") */
  readonly seen: string[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private hold: { match: (path: string) => boolean; left: number; resolve: (path: string) => void } | null = null;
  private held: http.ServerResponse | null = null;
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

  /** Holds the `nth` (1-based) activity POST whose path matches; resolves with its path when it arrives. */
  holdNth(nth: number, match: (path: string) => boolean): Promise<string> {
    return new Promise((resolve) => (this.hold = { match, left: nth, resolve }));
  }

  dropHeld(): void {
    this.held?.socket?.destroy();
    this.held = null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    if (this.hold && req.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(path) && this.hold.match(path) && --this.hold.left === 0) {
      const { resolve } = this.hold;
      this.hold = null;
      this.held = res;
      this.seen.push(`POST ${path} → held`);
      resolve(path);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
    const forwarded = await fetch(this.target() + path, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
    this.seen.push(`${req.method} ${path} → ${forwarded.status}`);
    res.writeHead(forwarded.status, { 'Content-Type': forwarded.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await forwarded.arrayBuffer()));
  }
}
