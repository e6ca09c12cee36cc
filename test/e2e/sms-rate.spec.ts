/**
 * 10 000 survey SMS due at once, sent through the real `twilio` client to the fake Twilio REST server at the
 * configured rate (TWILIO_RATE_PER_SEC) on a virtual clock (the rate limiter's waits advance it, no real waiting),
 * with progress logged — ids and counts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsCounts } from '../../core/sms/dispatch.ts';
import { queueSms } from '../../core/sms/outbox.ts';
import { openDb, type Db } from '../../core/warehouse/db.ts';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { createSmsDispatcher } from '../../bot/sms/dispatcher.ts';
import { FakeTwilio } from '../../bot/sms/fake-twilio.ts';
import { createSmsTransport } from '../../bot/sms/index.ts';
import { logCapture } from './helpers.ts';

const N = 10_000;
const T0 = new Date('2026-12-03T08:00:00.000Z');
let clock = T0;
const now = (): Date => clock;
let fake: FakeTwilio;
let db: Db;

beforeAll(async () => {
  fake = new FakeTwilio({ now });
  await fake.start();
  db = openDb(':memory:');
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (let i = 0; i < N; i++) queueSms(db, { key: `survey:${i + 1}:out:1`, to: `+336${String(10_000_000 + i).slice(-8)}`, body: `Duret Electricite : enquete ${i + 1}. STOP au 36xxx` }, T0);
  })();
});
afterAll(async () => {
  db?.close();
  await fake?.stop();
});

describe('10 000 SMS due at once', () => {
  it('are all sent once, never more than TWILIO_RATE_PER_SEC in any second, with progress logged', async () => {
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM: '+33700000000',
      TWILIO_RATE_PER_SEC: '25',
      PUBLIC_BASE_URL: 'https://sav.example.com',
    });
    expect(config.sms).toMatchObject({ mode: 'twilio', ratePerSec: 25 });
    const cap = logCapture();
    // the instants the dispatcher calls messages.create (what the rate limit governs; with calls in flight on a
    // virtual clock, the fake's own arrival times drift by the other calls' waits)
    const twilio = createSmsTransport(config, { apiBaseUrl: fake.url });
    const starts: number[] = [];
    const transport = { ...twilio, send: (m: Parameters<typeof twilio.send>[0]) => (starts.push(clock.getTime()), twilio.send(m)) };
    const dispatcher = createSmsDispatcher({
      db,
      transport,
      concurrency: 8,
      owner: 'bulk',
      now,
      sleep: async (ms) => {
        clock = new Date(clock.getTime() + ms);
      },
      ratePerSec: config.sms!.ratePerSec,
      log: createLogger('info', cap.stream),
      progressEvery: 1000,
      batchSize: 200,
    });
    const wall = Date.now();
    const report = await dispatcher.flush();
    const wallMs = Date.now() - wall;

    expect(report).toMatchObject({ claimed: N, sent: N, failed: 0, deferred: 0, reconciled: 0 });
    expect(smsCounts(db).sent).toBe(N);
    expect(fake.messages).toHaveLength(N);
    expect(new Set(fake.messages.map((m) => m.to)).size).toBe(N);

    // the rate: at most 25 creates in any [t, t + 1 s) of the virtual clock, and the whole run ≈ N / 25 s
    const times = starts.sort((a, b) => a - b);
    expect(times).toHaveLength(N);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBe(25);
    const spanS = (times.at(-1)! - times[0]!) / 1000;
    expect(spanS).toBeGreaterThanOrEqual(N / 25 - 1);
    // the limiter paces 1 % under the rate (bot/sms/rate.ts)
    expect(spanS).toBeLessThanOrEqual((N / 25) * 1.01 + 1);
    expect(report.elapsedMs / 1000).toBeCloseTo(N / 25, -1);

    const progress = cap.lines.map((l) => JSON.parse(l) as { msg: string; handled?: number }).filter((l) => l.msg === 'sms: progress');
    expect(progress.map((p) => p.handled)).toEqual(Array.from({ length: N / 1000 }, (_, i) => (i + 1) * 1000));
    expect(cap.lines.join('\n')).not.toMatch(/\+336|enquete/);
    console.log(`10 000 SMS through the twilio client to the fake: virtual ${spanS.toFixed(1)} s at 25/s, wall ${wallMs} ms`);
  }, 120_000);
});
