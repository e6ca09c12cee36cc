import { closedLength } from './construct.ts';

/**
 * Plain 2-opt (the seed's method), the yardstick the solver must beat: full O(n²) neighbourhood, best
 * improvement per pass, no candidate lists, no perturbation. Returns the improved tour and its length.
 */
export function plainTwoOpt(d: Float64Array, n: number, start: ArrayLike<number>): { tour: number[]; length: number } {
  const t = Array.from(start);
  for (;;) {
    let best = 1e-9;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n - 1; i++) {
      const a = t[i]!;
      const b = t[i + 1]!;
      for (let j = i + 2; j < n; j++) {
        const c = t[j]!;
        const e = t[(j + 1) % n]!;
        if (e === a) continue;
        const gain = d[a * n + b]! + d[c * n + e]! - d[a * n + c]! - d[b * n + e]!;
        if (gain > best) {
          best = gain;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) return { tour: t, length: closedLength(d, n, t) };
    for (let x = bi + 1, y = bj; x < y; x++, y--) [t[x], t[y]] = [t[y]!, t[x]!];
  }
}
