import type { Rng } from '../../rng.ts';
import type { TourState } from '../tour-state.ts';

/** The four cuts fall within this many tour positions after the first one. */
export const KICK_WINDOW = 100;

// Cuts after positions p0 < p1 < p2 < p3 give pieces A=(p0+1..p1), B=(p1+1..p2), C=(p2+1..p3),
// D=(p3+1..p0); the double bridge reorders them A D C B, replacing all four cut edges.
// Slot 2j is tour[pj] (a piece's last node), slot 2j+1 is tour[pj+1] (the next piece's first node).
const ADDS = Int32Array.of(2, 7, 0, 5, 6, 3, 4, 1);

/**
 * Segment double-bridge kick: four cuts within a window of the tour (a stretch of nearby nodes), the
 * pieces reconnected A D C B. This 4-edge change cannot be undone by one 2-opt, Or-opt or 3-opt move, and
 * it stays local, so the local search repairs it quickly. Queues the eight end nodes; returns false if no
 * four distinct cuts were found.
 */
export function segmentDoubleBridge(s: TourState, rng: Rng, window = KICK_WINDOW): boolean {
  const { n, tour, ends, d } = s;
  if (n < 8) return false;
  const w = Math.min(n - 1, window);
  const p = [0, 0, 0, 0];
  for (let attempt = 0; attempt < 16; attempt++) {
    const p0 = rng.int(n);
    p[0] = p0;
    for (let j = 1; j < 4; j++) p[j] = (p0 + 1 + rng.int(w)) % n;
    p.sort((x, y) => x - y);
    if (p[0] === p[1] || p[1] === p[2] || p[2] === p[3]) continue;
    let delta = 0;
    for (let j = 0; j < 4; j++) {
      const pj = p[j]!;
      ends[2 * j] = tour[pj]!;
      ends[2 * j + 1] = tour[pj + 1 === n ? 0 : pj + 1]!;
      delta -= d[ends[2 * j]! * n + ends[2 * j + 1]!]!;
    }
    for (let i = 0; i < 8; i += 2) delta += d[ends[ADDS[i]!]! * n + ends[ADDS[i + 1]!]!]!;
    if (!s.reconnect(4, ADDS)) continue;
    s.length += delta;
    s.pushEnds(4);
    return true;
  }
  return false;
}
