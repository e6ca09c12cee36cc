/**
 * Candidate lists: for each node, the union of its `kAlpha` best nodes by `rank` (e.g. α-values) and its
 * nearest nodes by distance, `k` in all, sorted by distance so a gain criterion may stop at the first
 * candidate that is too far. Row i is out[i*k .. i*k+k-1]. With rank = null: the k nearest.
 */
export function candidateLists(d: Float64Array, n: number, k: number, rank: Float64Array | null, kAlpha: number): Int32Array {
  const kk = Math.min(k, n - 1);
  const ka = rank ? Math.min(kAlpha, kk) : 0;
  const out = new Int32Array(n * kk);
  const byRank = new Int32Array(Math.max(ka, 1));
  const byDist = new Int32Array(kk);
  const chosen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    if (rank) smallest(rank, d, row, n, i, ka, byRank);
    smallest(d, d, row, n, i, kk, byDist);
    let m = 0;
    const base = i * kk;
    for (let a = 0; a < ka; a++) {
      chosen[byRank[a]!] = 1;
      out[base + m++] = byRank[a]!;
    }
    for (let a = 0; m < kk; a++) {
      const v = byDist[a]!;
      if (!chosen[v]) out[base + m++] = v;
    }
    for (let a = 0; a < ka; a++) chosen[byRank[a]!] = 0;
    // Sort the row by distance (insertion sort, kk is small); ties by index.
    for (let a = 1; a < kk; a++) {
      const v = out[base + a]!;
      const dv = d[row + v]!;
      let b = a - 1;
      while (b >= 0 && before(d, row, v, dv, out[base + b]!)) {
        out[base + b + 1] = out[base + b]!;
        b--;
      }
      out[base + b + 1] = v;
    }
  }
  return out;
}

/** True when node v (at distance dv) sorts before node u in row `row`. */
function before(d: Float64Array, row: number, v: number, dv: number, u: number): boolean {
  const du = d[row + u]!;
  return dv < du || (dv === du && v < u);
}

/** The `count` nodes j ≠ i with the smallest key[row+j] (ties: smaller d, then index), best first. */
function smallest(key: Float64Array, d: Float64Array, row: number, n: number, i: number, count: number, out: Int32Array): void {
  let size = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    if (size === count && !better(key, d, row, j, out[size - 1]!)) continue;
    let b = size === count ? size - 1 : size++;
    while (b > 0 && better(key, d, row, j, out[b - 1]!)) {
      out[b] = out[b - 1]!;
      b--;
    }
    out[b] = j;
  }
}

function better(key: Float64Array, d: Float64Array, row: number, j: number, u: number): boolean {
  const kj = key[row + j]!;
  const ku = key[row + u]!;
  if (kj !== ku) return kj < ku;
  const dj = d[row + j]!;
  const du = d[row + u]!;
  return dj !== du ? dj < du : j < u;
}
