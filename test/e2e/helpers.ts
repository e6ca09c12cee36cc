/** Shared by the e2e specs: a small demo warehouse, activities shaped like Teams sends them, HTTP helpers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { listUsers } from '../../core/access/index.ts';
import { upsertConversationRef } from '../../core/warehouse/conversation-refs.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { generateDemo } from '../../core/warehouse/demo/index.ts';
import type { BotConfig } from '../../bot/config.ts';

/** The demo's "today" and the bot's clock: Tuesday 1 December 2026, 07:30 in Annecy. */
export const TODAY = '2026-12-01';
export const NOW = new Date('2026-12-01T07:30:00+01:00');
export const TENANT_ID = 'tenant-duret-0001';
export const BOT = { id: '28:sav-bot', name: 'SAV Assistant' };
export const ETL_TOKEN = 'e2e-etl-token-0123456789';

export interface TempDb {
  db: Db;
  dir: string;
  cleanup(): void;
}

/** A temp-dir SQLite warehouse filled by the demo generator (small, fixed seed and today). */
export function demoDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'sav-e2e-'));
  const db = openDb(join(dir, 'sav.db'));
  generateDemo(db, { seed: 42, today: TODAY, clients: 120, technicians: 5, months: 3 });
  return {
    db,
    dir,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function localConfig(overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    mode: 'local',
    port: 0,
    host: '127.0.0.1',
    dbPath: null,
    credentials: null,
    localUser: 'clothilde.martin@duret-electricite.fr',
    etlToken: ETL_TOKEN,
    logLevel: 'info',
    ...overrides,
  };
}

/** A pino destination that keeps the lines (to check what the bot logs). */
export function logCapture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

let seq = 0;

export interface ActivityOptions {
  conversationId?: string;
  serviceUrl: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  from?: { id: string; aadObjectId?: string; name?: string };
}

const USER = { id: '29:user-alex', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };

function base(o: ActivityOptions): Record<string, unknown> {
  const conversationId = o.conversationId ?? 'a:conv-personal-1';
  return {
    id: `activity-${++seq}`,
    timestamp: NOW.toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: o.from ?? USER,
    recipient: BOT,
    conversation: { id: conversationId, conversationType: o.conversationType ?? 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'fr-FR',
  };
}

export function messageActivity(text: string, o: ActivityOptions): Record<string, unknown> {
  return { ...base(o), type: 'message', text, textFormat: 'plain' };
}

export function invokeActivity(value: unknown, o: ActivityOptions): Record<string, unknown> {
  return { ...base(o), type: 'invoke', name: 'adaptiveCard/action', value };
}

export function membersAddedActivity(o: ActivityOptions): Record<string, unknown> {
  return { ...base(o), type: 'conversationUpdate', membersAdded: [BOT, o.from ?? USER], channelData: { tenant: { id: TENANT_ID } } };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/** All the text a card shows (TextBlock texts, FactSet titles/values…), in document order. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'type' && k !== 'id' && k !== 'data' && k !== 'verb') walk(x);
  };
  walk(card);
  return out.join('\n');
}

/**
 * Every user of the warehouse has talked to the bot once: a personal conversation reference on `serviceUrl`
 * (the fake channel, or a front that fails on purpose), `conversationId(email)` naming it.
 */
export function personalConversations(db: Db, serviceUrl: string, conversationId: (email: string) => string, ids: { tenantId?: string; botId?: string } = {}): void {
  for (const u of listUsers(db)) {
    upsertConversationRef(db, {
      conversationId: conversationId(u.email), tenantId: ids.tenantId ?? TENANT_ID, serviceUrl, channelId: 'msteams', conversationType: 'personal',
      botId: ids.botId ?? BOT.id, userAadObjectId: null, userEmail: u.email, reference: {}, updatedAt: '2026-11-20T08:00:00.000Z',
    });
  }
}
