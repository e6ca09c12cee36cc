/**
 * Probability calibration fitted on held-out rows: Platt scaling (a logistic on the model's log-odds) or
 * isotonic regression (pool-adjacent-violators). The reliability table and the Brier score check it.
 */
import { logit, sigmoid } from './rng.ts';

export type Calibration =
  | { readonly method: 'none' }
  | { readonly method: 'platt'; readonly a: number; readonly b: number }
  | { readonly method: 'isotonic'; readonly x: readonly number[]; readonly y: readonly number[] };

/** Platt: p' = σ(a · logit(p) + b), by damped Newton (step halved until the loss drops) on Platt's smoothed targets. */
export function fitPlatt(p: ArrayLike<number>, y: ArrayLike<number>): Calibration {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  const tPos = (pos + 1) / (pos + 2);
  const tNeg = 1 / (neg + 2);
  const s = Array.from({ length: p.length }, (_, i) => logit(p[i]!));
  const target = Array.from({ length: y.length }, (_, i) => (y[i] === 1 ? tPos : tNeg));
  const loss = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < s.length; i++) {
      const z = a * s[i]! + b;
      // cross-entropy with soft targets, stably: log(1 + e^z) − t·z
      l += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target[i]! * z;
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < s.length; i++) {
      const q = sigmoid(a * s[i]! + b);
      const r = q - target[i]!;
      const w = Math.max(q * (1 - q), 1e-12);
      ga += r * s[i]!;
      gb += r;
      haa += w * s[i]! * s[i]!;
      hab += w * s[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10 * (1 + Math.abs(current))) break;
  }
  return { method: 'platt', a, b };
}

/** Isotonic regression of y on p (non-decreasing step function through the pooled block means). */
export function fitIsotonic(p: ArrayLike<number>, y: ArrayLike<number>): Calibration {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((i, j) => p[i]! - p[j]!);
  const xs: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    xs.push(p[i]!);
    means.push(y[i]!);
    weights.push(1);
    while (means.length > 1 && means[means.length - 2]! > means[means.length - 1]!) {
      const w2 = weights.pop()!;
      const m2 = means.pop()!;
      const x2 = xs.pop()!;
      const w1 = weights[weights.length - 1]!;
      means[means.length - 1] = (means[means.length - 1]! * w1 + m2 * w2) / (w1 + w2);
      weights[weights.length - 1] = w1 + w2;
      xs[xs.length - 1] = x2; // block's right end
    }
  }
  return { method: 'isotonic', x: xs, y: means };
}

export function applyCalibration(c: Calibration, p: number): number {
  if (c.method === 'none') return p;
  if (c.method === 'platt') return sigmoid(c.a * logit(p) + c.b);
  // the first block whose right end is ≥ p
  let lo = 0;
  let hi = c.x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.x[mid]! >= p) hi = mid;
    else lo = mid + 1;
  }
  return c.y[lo] ?? p;
}

export function calibrateAll(c: Calibration, p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = applyCalibration(c, p[i]!);
  return out;
}

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** mean predicted probability in the bin */
  readonly predicted: number;
  /** observed positive rate */
  readonly observed: number;
}

/** Equal-width bins of the predicted probability: how often the predicted happens. */
export function reliabilityTable(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    count[b]!++;
    sumP[b]! += p[i]!;
    sumY[b]! += y[i]!;
  }
  return count.map((c, b) => ({ from: b / bins, to: (b + 1) / bins, count: c, predicted: c ? sumP[b]! / c : 0, observed: c ? sumY[b]! / c : 0 }));
}
