/**
 * At most `perSecond` sends in any one-second window: a token bucket of `perSecond` tokens whose tokens come back
 * one second after they were spent (a sliding window; a classic bucket refilling continuously would allow up to
 * twice the rate across a window boundary). Clock and sleep are injected, so tests run 10 000 sends in virtual time.
 *
 * The sends are also paced, one every 1010/perSecond ms (1 % under the rate), so a second's sends are spread over it rather than all
 * started at its beginning (they reach Twilio less bunched). A send that comes late (a timer that fired late) may
 * catch up one interval, no more: after an idle spell there is no burst.
 */
export interface RateLimiter {
  /** resolves when one more send is allowed now (and counts it) */
  take(): Promise<void>;
}

export function createRateLimiter(perSecond: number, now: () => Date, sleep: (ms: number) => Promise<void>): RateLimiter {
  if (!(perSecond > 0)) throw new Error('rate limiter: perSecond must be > 0');
  const capacity = Math.max(1, Math.floor(perSecond));
  // with a fractional rate below 1/s, one send per 1000/perSecond ms
  const windowMs = perSecond < 1 ? 1000 / perSecond : 1000;
  // 1 % slower than the rate: a call leaves a moment after its token, and that jitter must not fit a 101st send
  // into some 1-s window of the calls as Twilio sees them
  const intervalMs = 1010 / perSecond;
  const spent: number[] = []; // instants (ms) of the sends in the current window, oldest first
  let slot = Number.NEGATIVE_INFINITY; // the paced instant of the last send
  let queue: Promise<void> = Promise.resolve();

  // The limiter's own time: never behind the clock, and moved on by each of its sleeps — so it makes progress
  // even when the injected clock stands still while sleeping (tests freeze it), and never spins.
  let clock = Number.NEGATIVE_INFINITY;
  const pause = async (from: number, ms: number): Promise<void> => {
    const whole = Math.max(1, Math.ceil(ms)); // clocks tell whole ms
    await sleep(whole);
    clock = Math.max(clock, from + whole);
  };

  const takeOne = async (): Promise<void> => {
    for (;;) {
      const t = Math.max(now().getTime(), clock);
      clock = t;
      const paced = slot + intervalMs;
      if (t < paced) {
        await pause(t, paced - t);
        continue;
      }
      while (spent.length > 0 && spent[0]! <= t - windowMs) spent.shift();
      if (spent.length < capacity) {
        spent.push(t);
        // late by less than an interval: the next one keeps the pace; later than that: the pace starts again now
        slot = t - paced < intervalMs ? paced : t;
        return;
      }
      await pause(t, spent[0]! + windowMs - t);
    }
  };

  return {
    take() {
      // one at a time, in call order (concurrent senders share the bucket fairly)
      const next = queue.then(takeOne);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
