/**
 * α-nearness (Helsgaun, LKH): α(i,j) is how much the minimum spanning tree grows when it is forced to
 * contain edge (i,j). Edges of good tours are α-near far more often than they join nearest neighbours:
 * a clustered instance needs edges between clusters that no nearest-neighbour list contains. Works on the
 * matrix alone (no coordinates), O(n²), deterministic. (LKH also applies subgradient penalties π first;
 * measured here, they did not help the iterated local search, so they are left out.)
 */

/** Minimum spanning tree by Prim on a dense matrix; fills parent (root 0: -1) and the order nodes joined. */
function prim(d: Float64Array, n: number, parent: Int32Array, order: Int32Array, key: Float64Array, inTree: Uint8Array): number {
  key.fill(Infinity);
  inTree.fill(0);
  parent[0] = -1;
  key[0] = 0;
  let total = 0;
  for (let it = 0; it < n; it++) {
    let u = -1;
    let best = Infinity;
    for (let v = 0; v < n; v++) {
      if (!inTree[v] && key[v]! < best) {
        best = key[v]!;
        u = v;
      }
    }
    inTree[u] = 1;
    order[it] = u;
    total += best;
    const row = u * n;
    for (let v = 0; v < n; v++) {
      if (inTree[v]) continue;
      const c = d[row + v]!;
      if (c < key[v]!) {
        key[v] = c;
        parent[v] = u;
      }
    }
  }
  return total;
}

/** α-values of all pairs from the MST: α(i,j) = d(i,j) − (largest edge on the tree path i..j). Row-major n×n. */
export function alphaValues(d: Float64Array, n: number): Float64Array {
  const parent = new Int32Array(n);
  const order = new Int32Array(n);
  prim(d, n, parent, order, new Float64Array(n), new Uint8Array(n));
  // Tree adjacency (each node: its parent and children) as CSR.
  const degree = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) {
    const v = order[i]!;
    degree[v]!++;
    degree[parent[v]!]!++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + degree[i]!;
  const fill = start.slice(0, n);
  const adj = new Int32Array(2 * (n - 1));
  for (let i = 1; i < n; i++) {
    const v = order[i]!;
    const p = parent[v]!;
    adj[fill[v]!++] = p;
    adj[fill[p]!++] = v;
  }
  const alpha = new Float64Array(n * n);
  const maxOnPath = new Float64Array(n);
  const from = new Int32Array(n);
  const stack = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let top = 0;
    stack[top++] = i;
    from[i] = -1;
    maxOnPath[i] = -Infinity;
    while (top > 0) {
      const u = stack[--top]!;
      const cu = u * n;
      for (let e = start[u]!; e < start[u + 1]!; e++) {
        const v = adj[e]!;
        if (v === from[u]) continue;
        from[v] = u;
        const c = d[cu + v]!;
        maxOnPath[v] = Math.max(maxOnPath[u]!, c);
        stack[top++] = v;
      }
    }
    const row = i * n;
    for (let j = 0; j < n; j++) alpha[row + j] = j === i ? Infinity : d[row + j]! - maxOnPath[j]!;
  }
  return alpha;
}
