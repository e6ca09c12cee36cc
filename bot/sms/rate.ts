/**
 * At most `perSecond` sends in any one-second window: a token bucket of `perSecond` tokens whose tokens come back
 * one second after they were spent (a sliding window; a classic bucket refilling continuously would allow up to
 * twice the rate across a window boundary). Clock and sleep are injected, so tests run 10 000 sends in virtual time.
 *
 * The sends are also paced, one every 1000/perSecond ms, so a second's sends are spread over it rather than all
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
  const intervalMs = 1000 / perSecond;
  const spent: number[] = []; // instants (ms) of the sends in the current window, oldest first
  let slot = Number.NEGATIVE_INFINITY; // the paced instant of the last send
  let queue: Promise<void> = Promise.resolve();

  const takeOne = async (): Promise<void> => {
    for (;;) {
      const t = now().getTime();
      const paced = slot + intervalMs;
      if (t < paced) {
        await sleep(paced - t);
        continue;
      }
      while (spent.length > 0 && spent[0]! <= t - windowMs) spent.shift();
      if (spent.length < capacity) {
        spent.push(t);
        // late by less than an interval: the next one keeps the pace; later than that: the pace starts again now
        slot = t - paced < intervalMs ? paced : t;
        return;
      }
      await sleep(spent[0]! + windowMs - t);
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
