/** Largest n the exact dynamic programme accepts (2^(n-1)·(n-1) states). */
export const HELD_KARP_MAX_N = 16;

/** Held–Karp dynamic programming: a proven optimal tour starting at node 0, for n ≤ HELD_KARP_MAX_N. */
export function heldKarp(d: Float64Array, n: number): { tour: number[]; length: number } {
  if (n > HELD_KARP_MAX_N) throw new Error(`heldKarp: n = ${n} is above ${HELD_KARP_MAX_N}`);
  if (n <= 3) {
    const tour = Array.from({ length: n }, (_, i) => i);
    let length = 0;
    for (let i = 0; i < n; i++) length += d[tour[i]! * n + tour[(i + 1) % n]!]!;
    return { tour, length };
  }
  const m = n - 1; // nodes 1..n-1 are bits 0..m-1
  const full = (1 << m) - 1;
  const cost = new Float64Array((full + 1) * m).fill(Infinity);
  const parent = new Int8Array((full + 1) * m).fill(-1);
  for (let j = 0; j < m; j++) cost[(1 << j) * m + j] = d[j + 1]!;
  for (let mask = 1; mask <= full; mask++) {
    for (let j = 0; j < m; j++) {
      if (!(mask & (1 << j))) continue;
      const cj = cost[mask * m + j]!;
      if (cj === Infinity) continue;
      const rowJ = (j + 1) * n;
      for (let k = 0; k < m; k++) {
        if (mask & (1 << k)) continue;
        const next = mask | (1 << k);
        const c = cj + d[rowJ + k + 1]!;
        if (c < cost[next * m + k]!) {
          cost[next * m + k] = c;
          parent[next * m + k] = j;
        }
      }
    }
  }
  let bestJ = 0;
  let best = Infinity;
  for (let j = 0; j < m; j++) {
    const c = cost[full * m + j]! + d[(j + 1) * n]!;
    if (c < best) {
      best = c;
      bestJ = j;
    }
  }
  const rev: number[] = [];
  let mask = full;
  let j = bestJ;
  while (j >= 0) {
    rev.push(j + 1);
    const p = parent[mask * m + j]!;
    mask &= ~(1 << j);
    j = p;
  }
  return { tour: [0, ...rev.reverse()], length: best };
}
