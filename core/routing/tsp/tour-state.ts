/** Improvements smaller than this are ignored (guards float noise on non-integer distances). */
export const EPS = 1e-7;

/**
 * A tour as an array plus a position index, with a queue of nodes to look at (don't-look bits: a node is
 * looked at again only when an edge at it changed), and one generic move: remove k tour edges, add k edges.
 */
export class TourState {
  readonly n: number;
  readonly d: Float64Array;
  /** Candidate lists: the `k` nearest neighbours of node v are nb[v*k .. v*k+k-1], nearest first. */
  readonly nb: Int32Array;
  readonly k: number;
  readonly tour: Int32Array;
  readonly pos: Int32Array;
  length = 0;
  /** Scratch for a move: the removed edges as node pairs (ends[2r], ends[2r+1]). */
  readonly ends = new Int32Array(8);

  private readonly buf: Int32Array;
  private readonly queue: Int32Array;
  private readonly inQueue: Uint8Array;
  private qHead = 0;
  private qSize = 0;
  // Scratch for reconnect (k ≤ 4 edges, 8 slots).
  private readonly key = new Int32Array(4);
  private readonly ord = new Int32Array(4);
  private readonly lSlot = new Int32Array(4);
  private readonly rSlot = new Int32Array(4);
  private readonly segStart = new Int32Array(4);
  private readonly segLen = new Int32Array(4);
  private readonly startSlot = new Int32Array(4);
  private readonly endSlot = new Int32Array(4);
  private readonly slotSeg = new Int32Array(8);
  private readonly slotIsStart = new Uint8Array(8);
  private readonly partner = new Int32Array(8);
  private readonly walkSeg = new Int32Array(4);
  private readonly walkFwd = new Uint8Array(4);

  constructor(d: Float64Array, n: number, nb: Int32Array, k: number, tour: ArrayLike<number>) {
    this.n = n;
    this.d = d;
    this.nb = nb;
    this.k = k;
    this.tour = Int32Array.from(tour);
    this.pos = new Int32Array(n);
    this.buf = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.inQueue = new Uint8Array(n);
    this.reindex();
  }

  /** Rebuilds pos and length from tour. */
  reindex(): void {
    const { n, tour, pos, d } = this;
    let len = 0;
    for (let i = 0; i < n; i++) {
      pos[tour[i]!] = i;
      len += d[tour[i]! * n + tour[i + 1 === n ? 0 : i + 1]!]!;
    }
    this.length = len;
  }

  /** Replaces the tour by `from` (same length known by the caller). */
  restore(from: Int32Array, length: number): void {
    this.tour.set(from);
    const { n, tour, pos } = this;
    for (let i = 0; i < n; i++) pos[tour[i]!] = i;
    this.length = length;
  }

  succ(v: number): number {
    const p = this.pos[v]! + 1;
    return this.tour[p === this.n ? 0 : p]!;
  }

  pred(v: number): number {
    const p = this.pos[v]!;
    return this.tour[p === 0 ? this.n - 1 : p - 1]!;
  }

  dist(a: number, b: number): number {
    return this.d[a * this.n + b]!;
  }

  push(v: number): void {
    if (this.inQueue[v]) return;
    this.inQueue[v] = 1;
    let t = this.qHead + this.qSize;
    if (t >= this.n) t -= this.n;
    this.queue[t] = v;
    this.qSize++;
  }

  /** Next node to look at, or -1 when the queue is empty. */
  pop(): number {
    if (this.qSize === 0) return -1;
    const v = this.queue[this.qHead]!;
    this.qHead = this.qHead + 1 === this.n ? 0 : this.qHead + 1;
    this.qSize--;
    this.inQueue[v] = 0;
    return v;
  }

  /** Puts every node in the queue, in tour order. */
  pushAll(): void {
    for (let i = 0; i < this.n; i++) this.push(this.tour[i]!);
  }

  /** Queues the 2k nodes of the last move's removed edges. */
  pushEnds(k: number): void {
    for (let i = 0; i < 2 * k; i++) this.push(this.ends[i]!);
  }

  /**
   * Removes the k tour edges in `ends` (k = 2..4) and adds k edges, each joining two of those 2k end
   * slots: `adds` lists slot pairs (slot s is the node ends[s]). If the result is one tour, rewrites the
   * tour (the longest piece stays in place, so a local move costs little) and returns true; otherwise
   * changes nothing and returns false. The caller updates `length` with the move's gain.
   */
  reconnect(k: number, adds: ArrayLike<number>): boolean {
    const { n, ends, pos, tour, key, ord, lSlot, rSlot } = this;
    for (let r = 0; r < k; r++) {
      const a = ends[2 * r]!;
      const b = ends[2 * r + 1]!;
      const pa = pos[a]!;
      if (tour[pa + 1 === n ? 0 : pa + 1] === b) {
        key[r] = pa;
        lSlot[r] = 2 * r;
        rSlot[r] = 2 * r + 1;
      } else if (tour[pa === 0 ? n - 1 : pa - 1] === b) {
        key[r] = pos[b]!;
        lSlot[r] = 2 * r + 1;
        rSlot[r] = 2 * r;
      } else {
        return false; // not a tour edge
      }
    }
    // Sort the cuts by position (insertion sort, k ≤ 4); equal keys mean the same edge twice.
    for (let r = 0; r < k; r++) {
      let i = r;
      while (i > 0 && key[ord[i - 1]!]! > key[r]!) {
        ord[i] = ord[i - 1]!;
        i--;
      }
      ord[i] = r;
    }
    for (let i = 1; i < k; i++) if (key[ord[i]!] === key[ord[i - 1]!]) return false;
    const { segStart, segLen, startSlot, endSlot, slotSeg, slotIsStart, partner } = this;
    for (let j = 0; j < k; j++) {
      const cj = ord[j]!;
      const cn = ord[j + 1 === k ? 0 : j + 1]!;
      let sp = key[cj]! + 1;
      if (sp === n) sp = 0;
      segStart[j] = sp;
      let len = key[cn]! - key[cj]!;
      if (len <= 0) len += n;
      segLen[j] = len;
      startSlot[j] = rSlot[cj]!;
      endSlot[j] = lSlot[cn]!;
      slotSeg[rSlot[cj]!] = j;
      slotIsStart[rSlot[cj]!] = 1;
      slotSeg[lSlot[cn]!] = j;
      slotIsStart[lSlot[cn]!] = 0;
    }
    for (let i = 0; i < k; i++) {
      const s = adds[2 * i]!;
      const t = adds[2 * i + 1]!;
      partner[s] = t;
      partner[t] = s;
    }
    // Walk the pieces from piece 0; the result is a tour iff the walk meets every piece before closing.
    const { walkSeg, walkFwd } = this;
    walkSeg[0] = 0;
    walkFwd[0] = 1;
    let exit = endSlot[0]!;
    let cnt = 1;
    for (;;) {
      const s = partner[exit]!;
      const m = slotSeg[s]!;
      if (m === 0) break;
      if (cnt === k) return false;
      const fwd = slotIsStart[s]!;
      walkSeg[cnt] = m;
      walkFwd[cnt] = fwd;
      exit = fwd ? endSlot[m]! : startSlot[m]!;
      cnt++;
    }
    if (cnt !== k) return false;
    // Keep the longest piece in place; write the others after it, mirrored if that piece was reversed.
    let big = 0;
    for (let i = 1; i < k; i++) if (segLen[walkSeg[i]!]! > segLen[walkSeg[big]!]!) big = i;
    const { buf } = this;
    let w = 0;
    const mirrored = walkFwd[big] === 0;
    for (let t = 1; t < k; t++) {
      const i = mirrored ? (big - t + k) % k : (big + t) % k;
      const seg = walkSeg[i]!;
      const fwd = mirrored ? !walkFwd[i] : walkFwd[i] === 1;
      const start = segStart[seg]!;
      const len = segLen[seg]!;
      if (fwd) {
        let p = start;
        for (let x = 0; x < len; x++) {
          buf[w++] = tour[p]!;
          if (++p === n) p = 0;
        }
      } else {
        let p = start + len - 1;
        if (p >= n) p -= n;
        for (let x = 0; x < len; x++) {
          buf[w++] = tour[p]!;
          if (--p < 0) p = n - 1;
        }
      }
    }
    const bigSeg = walkSeg[big]!;
    let p = segStart[bigSeg]! + segLen[bigSeg]!;
    if (p >= n) p -= n;
    for (let x = 0; x < w; x++) {
      const v = buf[x]!;
      tour[p] = v;
      pos[v] = p;
      if (++p === n) p = 0;
    }
    return true;
  }
}
