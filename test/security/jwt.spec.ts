/**
 * JWT validation on /api/messages when CLIENT_ID / CLIENT_SECRET / TENANT_ID are set, driven through the real
 * Teams SDK 2.1 validator (InboundActivityTokenValidator → JwtValidator → jsonwebtoken + jwks-rsa).
 *
 * The SDK takes its endpoints from a CloudEnvironment (`cloud` option of App, passed through createBotApp): the
 * Bot Framework signing keys are fetched from `openIdMetadataUrl` with `/openidconfiguration` replaced by `/keys`,
 * the issuer must equal `tokenIssuer`. Here they point to a fake OpenID metadata + JWKS server on 127.0.0.1 that
 * serves the public half of an RSA key made with node:crypto; tokens are signed locally (RS256) with it.
 * Every other setting is the production one. Nothing leaves the machine.
 */
import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC, withOverrides } from '@microsoft/teams.api';
import { createBotApp, type BotApp } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { seedFixture } from '../../core/conversation/fixtures.ts';
import { getConversationRef } from '../../core/warehouse/conversation-refs.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { FakeChannel } from '../e2e/fake-channel.ts';
import { invokeActivity, localConfig, logCapture, messageActivity, NOW, postJson } from '../e2e/helpers.ts';

const CLIENT_ID = '00000000-0000-0000-0000-00000000b07a';
const TENANT = '00000000-0000-0000-0000-0000000071e1';
const ISSUER = PUBLIC.tokenIssuer; // https://api.botframework.com, what the real Bot Connector signs with
const KID = 'local-test-key-1';
const PLANNER_AAD = '11111111-2222-3333-4444-555555555555';

/** The fake login.botframework.com: OpenID metadata and the JWKS, counting the key fetches. */
class FakeOpenId {
  readonly requests: string[] = [];
  private readonly server: http.Server;
  url = '';
  constructor(private readonly jwks: () => unknown) {
    this.server = http.createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      this.requests.push(`${req.method} ${path}`);
      const json = (status: number, body: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (path === '/v1/.well-known/openidconfiguration') {
        return json(200, { issuer: ISSUER, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (path === '/v1/.well-known/keys') return json(200, this.jwks());
      json(404, { error: 'not found' });
    });
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const b64url = (v: Buffer | string): string => Buffer.from(v).toString('base64url');

/** A compact JWS, signed RS256 with node:crypto (or unsigned / HS256 for the attacks). */
function jwt(payload: Record<string, unknown>, key: KeyObject, header: Record<string, unknown> = {}): string {
  const head = { alg: 'RS256', typ: 'JWT', kid: KID, ...header };
  const input = `${b64url(JSON.stringify(head))}.${b64url(JSON.stringify(payload))}`;
  if (head.alg === 'none') return `${input}.`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

const good = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

let db: Db;
let openid: FakeOpenId;
let channel: FakeChannel;
let bot: BotApp;
let url: string;
const logs = logCapture();

beforeAll(async () => {
  db = openDb(':memory:');
  seedFixture(db);
  db.prepare("UPDATE users SET aad_object_id = ? WHERE email = 'clothilde.martin@duret-electricite.fr'").run(PLANNER_AAD);
  openid = new FakeOpenId(() => ({ keys: [{ ...good.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] }));
  await openid.start();
  channel = new FakeChannel();
  await channel.start();
  const cloud = withOverrides(PUBLIC, {
    openIdMetadataUrl: `${openid.url}/v1/.well-known/openidconfiguration`,
    loginEndpoint: openid.url, // Entra-issued tokens would look their keys up here, not on the Internet
  });
  bot = createBotApp({
    db,
    config: localConfig({ mode: 'production', credentials: { clientId: CLIENT_ID, clientSecret: 'not-a-real-secret', tenantId: TENANT } }),
    now: () => NOW,
    logger: createLogger('info', logs.stream),
    cloud,
  });
  url = (await bot.start()).url;
});

afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  await openid?.stop();
  db?.close();
});

/** What the real Bot Connector puts in its tokens, valid for 1 hour from now (jsonwebtoken reads the real clock). */
function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: CLIENT_ID, serviceurl: channel.url, iat: now - 60, nbf: now - 60, exp: now + 3600, jti: randomUUID(), ...over };
}

const FROM = { id: '29:planner', aadObjectId: PLANNER_AAD, name: 'Clothilde' };

/** An adaptiveCard/action invoke (answered in the HTTP response: nothing to send through the connector). */
function invoke(conversationId: string): Record<string, unknown> {
  return invokeActivity({ action: { type: 'Action.Execute', verb: 'help', data: {} } }, { serviceUrl: channel.url, conversationId, from: FROM });
}

async function post(body: Record<string, unknown>, authorization?: string): Promise<{ status: number; body: unknown }> {
  return postJson(url, body, authorization === undefined ? {} : { Authorization: authorization });
}

/**
 * A rejected request: 401, nothing ran (no reply sent, no conversation reference stored), and the SDK's validator
 * logged the expected reason (so each case fails for the reason it tests, not another one).
 */
async function expectRejected(authorization: string | undefined, conversationId: string, reason: RegExp, body?: Record<string, unknown>): Promise<void> {
  const mark = channel.mark();
  const logMark = logs.lines.length;
  const res = await post(body ?? invoke(conversationId), authorization);
  expect(res.status).toBe(401);
  expect(channel.captured.slice(mark)).toHaveLength(0);
  expect(getConversationRef(db, conversationId)).toBeNull();
  expect(logs.lines.slice(logMark).join('\n')).toMatch(reason);
}

describe('JWT on /api/messages (production mode, locally signed tokens, local JWKS)', () => {
  it('a token signed with the published key, right audience, issuer and serviceurl → accepted and answered', async () => {
    const token = jwt(claims(), good.privateKey);
    const res = await post(invoke('a:conv-jwt-ok'), `Bearer ${token}`);
    expect(res.status).toBe(200);
    // the help card of the planner, resolved from the AAD object id Teams sends
    expect(JSON.stringify(res.body)).toMatch(/AdaptiveCard/);
    expect(getConversationRef(db, 'a:conv-jwt-ok')).toBeNull(); // invokes do not store a reference; the turn ran though
    expect(openid.requests).toContain('GET /v1/.well-known/keys');
  });

  it('the audience may also be api://botid-<clientId> (as the SDK accepts)', async () => {
    const res = await post(invoke('a:conv-jwt-aud2'), `Bearer ${jwt(claims({ aud: `api://botid-${CLIENT_ID}` }), good.privateKey)}`);
    expect(res.status).toBe(200);
  });

  it('no Authorization header → 401', async () => {
    await expectRejected(undefined, 'a:conv-jwt-none', /missing Authorization header/);
  });

  it('a message activity without a token → 401, and with a garbage token → 401', async () => {
    const msg = (c: string): Record<string, unknown> => messageActivity('route for Gaëtan today', { serviceUrl: channel.url, conversationId: c, from: FROM });
    await expectRejected(undefined, 'a:conv-jwt-msg1', /missing Authorization header/, msg('a:conv-jwt-msg1'));
    await expectRejected('Bearer not.a.jwt', 'a:conv-jwt-msg2', /invalid token/, msg('a:conv-jwt-msg2'));
    await expectRejected('Basic dXNlcjpwYXNz', 'a:conv-jwt-msg3', /jwt malformed/, msg('a:conv-jwt-msg3'));
  });

  it('forged signature (another RSA key, same kid) → 401', async () => {
    await expectRejected(`Bearer ${jwt(claims(), attacker.privateKey)}`, 'a:conv-jwt-forged', /invalid signature/);
  });

  it('a valid token whose payload was altered after signing → 401', async () => {
    const [h, , s] = jwt(claims(), good.privateKey).split('.');
    const tampered = `${h}.${b64url(JSON.stringify(claims({ aud: CLIENT_ID, sub: 'someone-else' })))}.${s}`;
    await expectRejected(`Bearer ${tampered}`, 'a:conv-jwt-tampered', /invalid signature/);
  });

  it('expired (beyond the SDK 5-minute clock tolerance) → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(`Bearer ${jwt(claims({ iat: now - 7200, nbf: now - 7200, exp: now - 600 }), good.privateKey)}`, 'a:conv-jwt-expired', /jwt expired/);
  });

  it('not yet valid (nbf one hour ahead) → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(`Bearer ${jwt(claims({ nbf: now + 3600 }), good.privateKey)}`, 'a:conv-jwt-nbf', /jwt not active/);
  });

  it('wrong audience (another bot) → 401', async () => {
    await expectRejected(`Bearer ${jwt(claims({ aud: '99999999-0000-0000-0000-000000000000' }), good.privateKey)}`, 'a:conv-jwt-aud', /jwt audience invalid/);
  });

  it('wrong issuer → 401; missing issuer → 401', async () => {
    await expectRejected(`Bearer ${jwt(claims({ iss: 'https://evil.example.com' }), good.privateKey)}`, 'a:conv-jwt-iss', /does not match allowed issuer/);
    await expectRejected(`Bearer ${jwt(claims({ iss: undefined }), good.privateKey)}`, 'a:conv-jwt-iss2', /Token missing issuer claim/);
  });

  it('a token issued for another serviceUrl than the activity names → 401', async () => {
    await expectRejected(`Bearer ${jwt(claims({ serviceurl: 'https://smba.example.net/teams' }), good.privateKey)}`, 'a:conv-jwt-svc', /Service URL mismatch/);
  });

  it('alg "none" and alg confusion (HS256 keyed with the public key) → 401', async () => {
    await expectRejected(`Bearer ${jwt(claims(), good.privateKey, { alg: 'none' })}`, 'a:conv-jwt-alg-none', /jwt signature is required/);
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: KID }));
    const body = b64url(JSON.stringify(claims()));
    const pem = good.publicKey.export({ format: 'pem', type: 'spki' });
    const mac = createHmac('sha256', String(pem)).update(`${head}.${body}`).digest(); // the classic RS/HS confusion
    await expectRejected(`Bearer ${head}.${body}.${b64url(mac)}`, 'a:conv-jwt-alg-hs', /invalid algorithm/);
  });

  it('an unknown kid (a key the JWKS does not publish) → 401', async () => {
    await expectRejected(`Bearer ${jwt(claims(), good.privateKey, { kid: 'rotated-away' })}`, 'a:conv-jwt-kid', /Unable to find a signing key that matches 'rotated-away'/);
  });

  it('the token never reaches the logs', () => {
    const all = logs.lines.join('\n');
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    expect(all).not.toContain('not-a-real-secret');
  });
});
