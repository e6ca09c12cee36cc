/**
 * Child process: a lean fake Bot Connector (the Teams channel at the activities' serviceUrl) on 127.0.0.1 that
 * answers at once — 201 {id} to send/reply, 200 to update, 404 to member lookups — and records, per
 * conversation, when each activity arrived (epoch ms) without keeping the bodies (a run is ~10⁴ cards).
 * Same routes as test/e2e/fake-channel.ts; it lives in its own process so its work does not skew the bots.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { onParentMessage, sendToParent } from './ipc.ts';

let byConversation = new Map<string, number[]>();
let total = 0;
let cards = 0;
let seq = 0;
const watched = new Set<string>();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    const parts = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    };
    if (parts[0] === 'v3' && parts[1] === 'conversations' && parts[2] && parts[3] === 'activities' && parts.length <= 5) {
      if (req.method === 'POST' || (req.method === 'PUT' && parts[4])) {
        const conversationId = parts[2];
        const card = Buffer.concat(chunks).includes('"attachments"');
        total++;
        if (card) cards++;
        let list = byConversation.get(conversationId);
        if (!list) byConversation.set(conversationId, (list = []));
        list.push(at);
        if (watched.has(conversationId)) sendToParent({ type: 'seen', conversationId, at, card });
        return req.method === 'PUT' ? json(200, { id: parts[4] }) : json(201, { id: `bench-reply-${++seq}` });
      }
    }
    json(404, { error: { code: 'NotFound', message: `fake channel: no route ${req.method} ${req.url}` } });
  });
});
server.keepAliveTimeout = 30_000;

onParentMessage((m) => {
  switch (m.type) {
    case 'reset':
      byConversation = new Map();
      total = 0;
      cards = 0;
      sendToParent({ type: 'ack' });
      break;
    case 'collect':
      sendToParent({ type: 'arrivals', total, cards, byConversation: Object.fromEntries(byConversation) });
      break;
    case 'watch':
      watched.add(m.conversationId);
      sendToParent({ type: 'ack' });
      break;
    default:
      sendToParent({ type: 'ack' });
  }
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.listen(0, '127.0.0.1', () => sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port }));
