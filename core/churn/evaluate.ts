/** Metrics of a binary classifier (AUC, accuracy, log loss, Brier, confusion matrix, report) and stratified folds. */
import { Rng } from './rng.ts';

/** Area under the ROC curve (Mann–Whitney, ties count half). NaN when a class is absent. */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]!] === p[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]!] === 1) {
      pos++;
      rankSum += rank;
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if ((p[i]! >= threshold ? 1 : 0) === y[i]) ok++;
  return y.length ? ok / y.length : NaN;
}

export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / y.length;
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export function confusion(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const hat = p[i]! >= threshold;
    if (y[i] === 1) hat ? tp++ : fn++;
    else hat ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** scikit-learn's classification_report, as data: per class, accuracy, macro and weighted averages. */
export interface ClassificationReport {
  readonly negative: ClassScores;
  readonly positive: ClassScores;
  readonly accuracy: number;
  readonly macro: ClassScores;
  readonly weighted: ClassScores;
  readonly confusion: Confusion;
  readonly threshold: number;
}

const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function scores(tp: number, fp: number, fn: number): ClassScores {
  const precision = div(tp, tp + fp);
  const recall = div(tp, tp + fn);
  return { precision, recall, f1: div(2 * precision * recall, precision + recall), support: tp + fn };
}

export function classificationReport(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): ClassificationReport {
  const c = confusion(y, p, threshold);
  const positive = scores(c.tp, c.fp, c.fn);
  const negative = scores(c.tn, c.fn, c.fp);
  const n = c.tp + c.fp + c.tn + c.fn;
  const avg = (w1: number, w2: number): ClassScores => ({
    precision: w1 * negative.precision + w2 * positive.precision,
    recall: w1 * negative.recall + w2 * positive.recall,
    f1: w1 * negative.f1 + w2 * positive.f1,
    support: n,
  });
  return { negative, positive, accuracy: div(c.tp + c.tn, n), macro: avg(0.5, 0.5), weighted: avg(div(negative.support, n), div(positive.support, n)), confusion: c, threshold };
}

/**
 * Stratified k-fold: the fold (0..k−1) of each row; each class is shuffled (seeded) and dealt round-robin,
 * so every fold has the class ratio of the whole within one row.
 */
export function stratifiedFolds(y: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer ≥ 2, got ${k}`);
  const fold = new Int32Array(y.length);
  const rng = new Rng(seed);
  let offset = 0;
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    if (idx.length < k) throw new Error(`la classe ${cls} n’a que ${idx.length} lignes pour ${k} plis`);
    rng.shuffle(idx);
    idx.forEach((i, r) => {
      fold[i] = (r + offset) % k;
    });
    offset += idx.length;
  }
  return fold;
}

/** A stratified split: the indices of a `fraction` part and of the rest. */
export function stratifiedSplit(y: ArrayLike<number>, fraction: number, seed: number): { part: Int32Array; rest: Int32Array } {
  const rng = new Rng(seed);
  const part: number[] = [];
  const rest: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    rng.shuffle(idx);
    const m = Math.round(idx.length * fraction);
    part.push(...idx.slice(0, m));
    rest.push(...idx.slice(m));
  }
  return { part: Int32Array.from(part.sort((a, b) => a - b)), rest: Int32Array.from(rest.sort((a, b) => a - b)) };
}

export const mean = (a: readonly number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
/** Population standard deviation (numpy's default, as scikit-learn CV reports). */
export const sd = (a: readonly number[]): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / a.length);
};
