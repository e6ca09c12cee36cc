/**
 * Child process: the floor of the load benchmark — a bare Teams SDK bot (the same @microsoft/teams.apps as
 * ours) that echoes every message: `app.on('message', ctx => ctx.send(text))`, authentication off. It runs on
 * the SDK's ExpressAdapter over a loopback http.Server, exactly the HTTP stack of bot/app.ts, so the gap
 * between the two is our code. Reports its event-loop delay to the bench like our bot does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import { serveBenchControl } from './child-control.ts';
import { sendToParent } from './ipc.ts';

const server = http.createServer();
const app = new App({
  httpServerAdapter: new ExpressAdapter(server),
  clientId: '',
  clientSecret: '',
  tenantId: '',
  dangerouslyAllowUnauthenticatedRequests: true,
  messagingEndpoint: '/api/messages',
});

app.on('message', async (ctx) => {
  await ctx.send(ctx.activity.text);
});

serveBenchControl(process.cwd());
process.on('SIGTERM', () => server.close(() => process.exit(0)));

try {
  await app.initialize();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port });
} catch (err) {
  sendToParent({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
