/**
 * One regression tree of the boosting, grown depth-first on histograms of gradient and hessian per bin:
 * the smaller child's histogram is built, the larger one is the parent's minus it (in place), and the rows
 * of a node are a contiguous range of one index array partitioned in place — no per-node allocation but
 * the pooled histograms.
 */

/** A tree as parallel arrays; a leaf has feature −1. `value` is the node's output (internal nodes too: for contributions). */
export interface Tree {
  readonly feature: number[];
  /** raw threshold: x ≤ threshold goes left */
  readonly threshold: number[];
  readonly bin: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

export interface TreeParams {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
  readonly l2: number;
  readonly learningRate: number;
}

/** Per fit: the binned training rows and buffers shared by all trees. */
export class TreeGrower {
  private readonly pool: Float64Array[] = [];
  private readonly idx: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly histSize: number;

  constructor(
    /** feature-major bins of the training rows */
    private readonly bins: Uint8Array,
    private readonly n: number,
    private readonly p: number,
    private readonly nBins: Uint16Array,
    private readonly edges: readonly Float64Array[],
    private readonly params: TreeParams,
  ) {
    this.idx = new Uint32Array(n);
    this.tmp = new Uint32Array(n);
    this.histSize = p * 256 * 3;
  }

  /** Grows a tree on gradients `g`, hessians `h`; adds its output to `raw` for every training row. */
  grow(g: Float64Array, h: Float64Array, raw: Float64Array): Tree {
    const tree: Tree = { feature: [], threshold: [], bin: [], left: [], right: [], value: [] };
    for (let i = 0; i < this.n; i++) this.idx[i] = i;
    const hist = this.acquire();
    this.build(hist, 0, this.n, g, h);
    let G = 0;
    let H = 0;
    for (let i = 0; i < this.n; i++) {
      G += g[i]!;
      H += h[i]!;
    }
    this.node(tree, hist, 0, this.n, 0, G, H, g, h, raw);
    return tree;
  }

  private acquire(): Float64Array {
    const a = this.pool.pop();
    if (a) {
      a.fill(0);
      return a;
    }
    return new Float64Array(this.histSize);
  }

  private build(hist: Float64Array, start: number, end: number, g: Float64Array, h: Float64Array): void {
    const { bins, n, p, idx } = this;
    for (let f = 0; f < p; f++) {
      const base = f * n;
      const hb = f * 768;
      for (let k = start; k < end; k++) {
        const i = idx[k]!;
        const o = hb + bins[base + i]! * 3;
        hist[o]! += g[i]!;
        hist[o + 1]! += h[i]!;
        hist[o + 2]! += 1;
      }
    }
  }

  private node(tree: Tree, hist: Float64Array, start: number, end: number, depth: number, G: number, H: number, g: Float64Array, h: Float64Array, raw: Float64Array): number {
    const { params } = this;
    const id = tree.feature.length;
    const value = (-G / (H + params.l2)) * params.learningRate;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.bin.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(value);
    const count = end - start;
    const split = depth < params.maxDepth && count >= 2 * params.minSamplesLeaf ? this.bestSplit(hist, G, H, count) : null;
    if (!split) {
      this.pool.push(hist);
      for (let k = start; k < end; k++) raw[this.idx[k]!]! += value;
      return id;
    }
    const mid = this.partition(start, end, split.feature, split.bin);
    const leftSmaller = mid - start <= end - mid;
    const small = this.acquire();
    if (leftSmaller) this.build(small, start, mid, g, h);
    else this.build(small, mid, end, g, h);
    for (let k = 0; k < this.histSize; k++) hist[k]! -= small[k]!;
    const [histL, histR] = leftSmaller ? [small, hist] : [hist, small];
    tree.feature[id] = split.feature;
    tree.bin[id] = split.bin;
    tree.threshold[id] = this.edges[split.feature]![split.bin]!;
    tree.left[id] = this.node(tree, histL, start, mid, depth + 1, split.GL, split.HL, g, h, raw);
    tree.right[id] = this.node(tree, histR, mid, end, depth + 1, G - split.GL, H - split.HL, g, h, raw);
    return id;
  }

  private bestSplit(hist: Float64Array, G: number, H: number, count: number): { feature: number; bin: number; GL: number; HL: number } | null {
    const { l2, minSamplesLeaf, minHessian } = this.params;
    const parent = (G * G) / (H + l2);
    let best = 1e-9;
    let out: { feature: number; bin: number; GL: number; HL: number } | null = null;
    for (let f = 0; f < this.p; f++) {
      const nb = this.nBins[f]!;
      let GL = 0;
      let HL = 0;
      let CL = 0;
      const hb = f * 768;
      for (let b = 0; b + 1 < nb; b++) {
        const o = hb + b * 3;
        GL += hist[o]!;
        HL += hist[o + 1]!;
        CL += hist[o + 2]!;
        if (CL < minSamplesLeaf || HL < minHessian) continue;
        const CR = count - CL;
        if (CR < minSamplesLeaf) break;
        const HR = H - HL;
        if (HR < minHessian) break;
        const GR = G - GL;
        const gain = (GL * GL) / (HL + l2) + (GR * GR) / (HR + l2) - parent;
        if (gain > best) {
          best = gain;
          out = { feature: f, bin: b, GL, HL };
        }
      }
    }
    return out;
  }

  /** Stable in-place partition of idx[start..end): bin ≤ t first; returns the first right position. */
  private partition(start: number, end: number, f: number, t: number): number {
    const { bins, n, idx, tmp } = this;
    const base = f * n;
    let l = start;
    let r = 0;
    for (let k = start; k < end; k++) {
      const i = idx[k]!;
      if (bins[base + i]! <= t) idx[l++] = i;
      else tmp[r++] = i;
    }
    idx.set(tmp.subarray(0, r), l);
    return l;
  }
}

/** The tree's output for one raw row (feature values by column). */
export function treeOutput(tree: Tree, x: ArrayLike<number>): number {
  let k = 0;
  while (tree.feature[k]! >= 0) k = x[tree.feature[k]!]! <= tree.threshold[k]! ? tree.left[k]! : tree.right[k]!;
  return tree.value[k]!;
}

/** Adds the tree's path contributions (Saabas) of row x to `phi`; returns the root value (the tree's bias). */
export function treeContributions(tree: Tree, x: ArrayLike<number>, phi: Float64Array): number {
  let k = 0;
  while (tree.feature[k]! >= 0) {
    const f = tree.feature[k]!;
    const next = x[f]! <= tree.threshold[k]! ? tree.left[k]! : tree.right[k]!;
    phi[f]! += tree.value[next]! - tree.value[k]!;
    k = next;
  }
  return tree.value[0]!;
}
