import { EPS, type TourState } from '../tour-state.ts';

/** Added edges of a 2-opt move as slot pairs: (t2,t3) and (t4,t1). */
const ADDS = Int32Array.of(1, 2, 3, 0);

/**
 * 2-opt with candidate lists, first improvement: remove (t1,t2) and (t3,t4), add (t2,t3) and (t4,t1),
 * with t3 among t2's nearest neighbours. Both tour directions from t1. Returns true if a move was made.
 */
export function twoOptMove(s: TourState, t1: number): boolean {
  const { d, n, nb, k, ends } = s;
  for (let dir = 0; dir < 2; dir++) {
    const t2 = dir === 0 ? s.succ(t1) : s.pred(t1);
    const d12 = d[t1 * n + t2]!;
    for (let c = 0; c < k; c++) {
      const t3 = nb[t2 * k + c]!;
      const g1 = d12 - d[t2 * n + t3]!;
      if (g1 <= EPS) break;
      const t4 = dir === 0 ? s.pred(t3) : s.succ(t3);
      if (t3 === t1 || t4 === t1 || t4 === t2) continue;
      const gain = g1 + d[t3 * n + t4]! - d[t4 * n + t1]!;
      if (gain <= EPS) continue;
      ends[0] = t1;
      ends[1] = t2;
      ends[2] = t3;
      ends[3] = t4;
      if (s.reconnect(2, ADDS)) {
        s.length -= gain;
        s.pushEnds(2);
        return true;
      }
    }
  }
  return false;
}
