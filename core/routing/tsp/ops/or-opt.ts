import { EPS, type TourState } from '../tour-state.ts';

/** Longest segment Or-opt moves. */
export const OR_OPT_MAX_SEGMENT = 3;

// Slots: 0 p, 1 s1, 2 s2, 3 nx, 4 c, 5 e. Added: (p,nx) and either (c,s1),(s2,e) or (c,s2),(s1,e).
const ADDS_S1 = Int32Array.of(0, 3, 4, 1, 2, 5);
const ADDS_S2 = Int32Array.of(0, 3, 4, 2, 1, 5);

/**
 * Or-opt: move a segment of 1..3 nodes starting at `v` (going either way along the tour) between two
 * adjacent nodes c, e elsewhere, in whichever orientation is shorter; c is a near neighbour of one end of
 * the segment. First improvement; returns true if a move was made.
 */
export function orOptMove(s: TourState, v: number): boolean {
  const { d, n, nb, k, pos, tour, ends } = s;
  if (n < 8) return false;
  const pv = pos[v]!;
  for (let len = 1; len <= OR_OPT_MAX_SEGMENT; len++) {
    for (let dir = 1; dir >= -1; dir -= 2) {
      if (len === 1 && dir === -1) break; // a single node is the same segment both ways
      const s1 = v;
      const s2 = tour[(((pv + dir * (len - 1)) % n) + n) % n]!;
      const p = tour[(pv - dir + n) % n]!;
      const nx = tour[(((pv + dir * len) % n) + n) % n]!;
      const removeGain = d[p * n + s1]! + d[s2 * n + nx]! - d[p * n + nx]!;
      if (removeGain <= EPS) continue;
      for (let end = 0; end < 2; end++) {
        const a = end === 0 ? s1 : s2; // the segment end joined to c
        const b = end === 0 ? s2 : s1; // the other end, joined to e
        for (let ci = 0; ci < k; ci++) {
          const c = nb[a * k + ci]!;
          const dca = d[c * n + a]!;
          if (dca >= removeGain - EPS) break;
          const offC = (((pos[c]! - pv) * dir) % n + n) % n;
          if (offC < len) continue; // c inside the segment
          for (let side = 0; side < 2; side++) {
            const e = side === 0 ? s.succ(c) : s.pred(c);
            const offE = (((pos[e]! - pv) * dir) % n + n) % n;
            if (offE < len) continue;
            const gain = removeGain + d[c * n + e]! - dca - d[b * n + e]!;
            if (gain <= EPS) continue;
            ends[0] = p;
            ends[1] = s1;
            ends[2] = s2;
            ends[3] = nx;
            ends[4] = c;
            ends[5] = e;
            if (s.reconnect(3, end === 0 ? ADDS_S1 : ADDS_S2)) {
              s.length -= gain;
              s.pushEnds(3);
              return true;
            }
          }
        }
      }
    }
  }
  return false;
}
