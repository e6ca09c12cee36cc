import { EPS, type TourState } from '../tour-state.ts';

/** Added edges of a sequential 3-opt move as slot pairs: (t2,t3), (t4,t5), (t6,t1). */
const ADDS = Int32Array.of(1, 2, 3, 4, 5, 0);

/** How many of t4's candidates are tried for t5. */
const BREADTH_T5 = 6;

/**
 * Sequential 3-opt ("Or-3opt"): remove (t1,t2), (t3,t4), (t5,t6) and add (t2,t3), (t4,t5), (t6,t1),
 * t3 and t5 taken from candidate lists under the positive-gain criterion, t4 and t6 either tour neighbour.
 * Covers segment insertion with or without reversal and the pure 3-opt exchange that 2-opt moves cannot
 * reach. First improvement; returns true if a move was made.
 */
export function or3optMove(s: TourState, t1: number): boolean {
  const { d, n, nb, k, ends } = s;
  const b5 = Math.min(BREADTH_T5, k);
  for (let dir = 0; dir < 2; dir++) {
    const t2 = dir === 0 ? s.succ(t1) : s.pred(t1);
    const d12 = d[t1 * n + t2]!;
    for (let c3 = 0; c3 < k; c3++) {
      const t3 = nb[t2 * k + c3]!;
      const g1 = d12 - d[t2 * n + t3]!;
      if (g1 <= EPS) break;
      if (t3 === t1) continue;
      const t3s = s.succ(t3);
      const t3p = s.pred(t3);
      if (t3s === t2 || t3p === t2) continue;
      for (let x4 = 0; x4 < 2; x4++) {
        const t4 = x4 === 0 ? t3s : t3p;
        const g2 = g1 + d[t3 * n + t4]!;
        const t4s = s.succ(t4);
        const t4p = s.pred(t4);
        for (let c5 = 0; c5 < b5; c5++) {
          const t5 = nb[t4 * k + c5]!;
          const g3 = g2 - d[t4 * n + t5]!;
          if (g3 <= EPS) break;
          if (t5 === t4s || t5 === t4p) continue;
          for (let x6 = 0; x6 < 2; x6++) {
            const t6 = x6 === 0 ? s.succ(t5) : s.pred(t5);
            if (t6 === t1) continue;
            const gain = g3 + d[t5 * n + t6]! - d[t6 * n + t1]!;
            if (gain <= EPS) continue;
            ends[0] = t1;
            ends[1] = t2;
            ends[2] = t3;
            ends[3] = t4;
            ends[4] = t5;
            ends[5] = t6;
            if (s.reconnect(3, ADDS)) {
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
