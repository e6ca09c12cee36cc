import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate.ts';

/** A virtual clock in whole ms like Date: a sleep ends no earlier than asked (plus an optional lateness, like a busy event loop). */
function virtualClock(lateMs = 0) {
  let t = 1_000_000;
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += Math.ceil(ms) + lateMs;
    },
    advance: (ms: number) => {
      t += ms;
    },
    at: () => t,
  };
}

async function takeTimes(perSecond: number, n: number, clock: ReturnType<typeof virtualClock>): Promise<number[]> {
  const limiter = createRateLimiter(perSecond, clock.now, clock.sleep);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await limiter.take();
    times.push(clock.at());
  }
  return times;
}

const maxInAnyWindow = (times: number[], windowMs = 1000): number => {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
};

describe('SMS rate limiter', () => {
  it('spreads the sends evenly: one every 1010/rate ms, never more than the rate in any second', async () => {
    const clock = virtualClock();
    const times = await takeTimes(100, 1000, clock);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10);
    // 1 % under the rate: 100 sends span more than a second, so a little jitter after each cannot fit 101 in one
    expect(maxInAnyWindow(times, 1000 + 9)).toBeLessThanOrEqual(100);
    // 1000 sends at 100/s take ~10 s
    expect(times.at(-1)! - times[0]!).toBeCloseTo(10090, -1);
  });

  it('keeps the rate when timers fire late (catches up one interval), and stays under it', async () => {
    const clock = virtualClock(3); // every sleep 3 ms late
    const times = await takeTimes(100, 1000, clock);
    expect(maxInAnyWindow(times)).toBeLessThanOrEqual(100);
    const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    expect(rate).toBeGreaterThan(75);
  });

  it('after an idle spell starts again at the pace, with no burst', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter(10, clock.now, clock.sleep);
    await limiter.take();
    clock.advance(60_000);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.take();
      times.push(clock.at());
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.every((g) => g >= 100)).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    const clock = virtualClock();
    expect(() => createRateLimiter(0, clock.now, clock.sleep)).toThrow(/perSecond/);
  });
});

describe('SMS rate limiter with a clock that stands still', () => {
  it('still moves on (its sleeps count as time passed) and keeps the pace', async () => {
    const frozen = new Date(1_000_000);
    const slept: number[] = [];
    const limiter = createRateLimiter(100, () => frozen, async (ms) => {
      slept.push(ms);
    });
    for (let i = 0; i < 250; i++) await limiter.take();
    // 249 paced gaps of 10.1 ms, in whole ms: about 2.5 s of sleeps, nothing spun
    const total = slept.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(2500);
    expect(total).toBeLessThan(2600);
    expect(slept.length).toBeLessThan(300);
  });
});
