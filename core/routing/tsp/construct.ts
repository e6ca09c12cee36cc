/** Nearest-neighbour tour from `start`: O(n²), a plain and predictable start for the local search. */
export function nearestNeighbourTour(d: Float64Array, n: number, start = 0): Int32Array {
  const tour = new Int32Array(n);
  const used = new Uint8Array(n);
  let cur = start;
  used[cur] = 1;
  tour[0] = cur;
  for (let k = 1; k < n; k++) {
    let best = -1;
    let bd = Infinity;
    const row = cur * n;
    for (let j = 0; j < n; j++) {
      if (!used[j] && d[row + j]! < bd) {
        bd = d[row + j]!;
        best = j;
      }
    }
    used[best] = 1;
    tour[k] = best;
    cur = best;
  }
  return tour;
}

/** Length of a closed tour. */
export function closedLength(d: Float64Array, n: number, tour: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += d[tour[i]! * n + tour[i + 1 === n ? 0 : i + 1]!]!;
  return s;
}

/**
 * Greedy-edge tour: take candidate edges shortest first when both ends have degree < 2 and no cycle
 * closes early; then join the fragments, each time linking the current end to the nearest free fragment
 * end. Usually a better start than nearest neighbour (fewer long closing edges).
 */
export function greedyEdgeTour(d: Float64Array, n: number, nb: Int32Array, k: number): Int32Array {
  const m = n * k;
  const ea = new Int32Array(m);
  const eb = new Int32Array(m);
  const order: number[] = [];
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const j = nb[i * k + c]!;
      if (i < j) {
        ea[e] = i;
        eb[e] = j;
        order.push(e++);
      }
    }
  }
  order.sort((x, y) => d[ea[x]! * n + eb[x]!]! - d[ea[y]! * n + eb[y]!]! || x - y);
  const deg = new Uint8Array(n);
  const adj = new Int32Array(2 * n).fill(-1);
  const root = Int32Array.from({ length: n }, (_, i) => i);
  const find = (v: number): number => {
    while (root[v] !== v) {
      root[v] = root[root[v]!]!;
      v = root[v]!;
    }
    return v;
  };
  const link = (a: number, b: number) => {
    adj[2 * a + deg[a]!] = b;
    deg[a]!++;
    adj[2 * b + deg[b]!] = a;
    deg[b]!++;
    root[find(a)] = find(b);
  };
  let edges = 0;
  for (const x of order) {
    const a = ea[x]!;
    const b = eb[x]!;
    if (deg[a]! >= 2 || deg[b]! >= 2 || find(a) === find(b)) continue;
    link(a, b);
    if (++edges === n - 1) break;
  }
  // Join fragments: walk from a fragment end, at its other end jump to the nearest free end.
  while (edges < n - 1) {
    let start = 0;
    while (deg[start]! >= 2) start++;
    const end = fragmentEnd(start, adj, deg);
    let best = -1;
    let bd = Infinity;
    const fr = find(start);
    for (let v = 0; v < n; v++) {
      if (deg[v]! < 2 && find(v) !== fr && d[end * n + v]! < bd) {
        bd = d[end * n + v]!;
        best = v;
      }
    }
    link(end, best);
    edges++;
  }
  const tour = new Int32Array(n);
  let prev = -1;
  let cur = 0;
  while (deg[cur]! >= 2) cur++; // a Hamiltonian path: start at one of its two ends
  for (let i = 0; i < n; i++) {
    tour[i] = cur;
    const a = adj[2 * cur]!;
    const b = adj[2 * cur + 1]!;
    const next = a !== prev && a >= 0 ? a : b;
    prev = cur;
    cur = next;
  }
  return tour;
}

/** The other end of the path fragment that starts at end node `v` (degree ≤ 1). */
function fragmentEnd(v: number, adj: Int32Array, deg: Uint8Array): number {
  let prev = -1;
  let cur = v;
  for (;;) {
    if (deg[cur] === 0) return cur;
    const a = adj[2 * cur]!;
    const b = deg[cur] === 2 ? adj[2 * cur + 1]! : -1;
    const next = a !== prev ? a : b;
    if (next < 0 || (deg[cur] === 1 && cur !== v)) return cur;
    prev = cur;
    cur = next;
  }
}
