/**
 * Histogram gradient boosting for binary classification: logistic loss, Newton leaves, shrinkage, depth-limited
 * trees with a minimum of rows per leaf, early stopping on a stratified validation split (best iteration kept).
 * Missing values are imputed with the training medians (kept in the model). Deterministic for a seed.
 */
import { stratifiedSplit } from '../evaluate.ts';
import { columnMedians, impute, takeLabels, takeRows, type Matrix } from '../matrix.ts';
import { logit, sigmoid } from '../rng.ts';
import { binMatrix, fitBinEdges, MAX_BINS } from './bins.ts';
import { TreeGrower, treeContributions, treeOutput, type Tree } from './tree.ts';

export interface GbmParams {
  readonly maxIter: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly l2: number;
  /** minimum hessian sum of a leaf */
  readonly minHessian: number;
  readonly maxBins: number;
  /** share of the training rows held out for early stopping (0 = none) */
  readonly validationFraction: number;
  /** stop after this many iterations without a better validation log loss */
  readonly patience: number;
  readonly seed: number;
}

export const DEFAULT_GBM_PARAMS: GbmParams = {
  maxIter: 400,
  learningRate: 0.05,
  maxDepth: 3,
  minSamplesLeaf: 20,
  l2: 1,
  minHessian: 1e-3,
  maxBins: MAX_BINS,
  validationFraction: 0.1,
  patience: 30,
  seed: 42,
};

export interface GbmModel {
  readonly kind: 'gbm';
  readonly features: readonly string[];
  readonly medians: readonly number[];
  /** log-odds of the training prior */
  readonly base: number;
  readonly trees: readonly Tree[];
  readonly params: GbmParams;
  /** iterations kept (best validation iteration + 1) */
  readonly iterations: number;
  /** validation log loss per iteration (empty without early stopping) */
  readonly validationLoss: readonly number[];
}

export function fitGbm(X: Matrix, y: Uint8Array, features: readonly string[], params: Partial<GbmParams> = {}): GbmModel {
  const P: GbmParams = { ...DEFAULT_GBM_PARAMS, ...params };
  if (X.rows !== y.length) throw new Error(`fitGbm: ${X.rows} rows but ${y.length} labels`);
  const medians = columnMedians(X);
  const full = impute(X, medians);
  let pos = 0;
  for (const v of y) pos += v;
  // small or unbalanced data: hold out enough rows to see ~10 of the rarer class (at most 25 %)
  const rare = Math.min(pos, y.length - pos);
  const fraction = P.validationFraction > 0 ? Math.min(0.25, Math.max(P.validationFraction, 10 / Math.max(1, rare))) : 0;
  const useValidation = fraction > 0 && rare * fraction >= 5;
  let train = full;
  let ty = y;
  let val: Matrix | null = null;
  let vy: Uint8Array | null = null;
  if (useValidation) {
    const split = stratifiedSplit(y, fraction, P.seed);
    train = takeRows(full, split.rest);
    ty = takeLabels(y, split.rest);
    val = takeRows(full, split.part);
    vy = takeLabels(y, split.part);
  }
  const n = train.rows;
  const p = train.cols;
  const edges = fitBinEdges(train, Math.min(P.maxBins, MAX_BINS));
  const nBins = Uint16Array.from(edges.map((e) => e.length + 1));
  const bins = binMatrix(train, edges);
  let tpos = 0;
  for (const v of ty) tpos += v;
  const base = logit(Math.min(1 - 1e-6, Math.max(1e-6, tpos / n)));
  const raw = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const grower = new TreeGrower(bins, n, p, nBins, edges, P);
  const trees: Tree[] = [];
  const vRaw = val ? new Float64Array(val.rows).fill(base) : null;
  const losses: number[] = [];
  let best = Infinity;
  let bestIter = -1;
  for (let it = 0; it < P.maxIter; it++) {
    for (let i = 0; i < n; i++) {
      const q = sigmoid(raw[i]!);
      g[i] = q - ty[i]!;
      h[i] = Math.max(q * (1 - q), 1e-16);
    }
    const tree = grower.grow(g, h, raw);
    trees.push(tree);
    if (val && vRaw && vy) {
      let loss = 0;
      for (let i = 0; i < val.rows; i++) {
        vRaw[i]! += treeOutput(tree, val.data.subarray(i * p, (i + 1) * p));
        const z = vRaw[i]!;
        // log(1 + e^{-z}) for y=1, log(1 + e^{z}) for y=0, stably
        const s = vy[i] === 1 ? -z : z;
        loss += s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
      }
      loss /= val.rows;
      losses.push(loss);
      if (loss < best - 1e-7) {
        best = loss;
        bestIter = it;
      } else if (it - bestIter >= P.patience) break;
    }
    if (tree.feature.length === 1) break; // nothing left to split
  }
  const kept = val ? Math.max(1, bestIter + 1) : trees.length;
  return { kind: 'gbm', features: [...features], medians: [...medians], base, trees: trees.slice(0, kept), params: P, iterations: kept, validationLoss: losses };
}

function filled(model: GbmModel, x: ArrayLike<number>, buf: Float64Array): Float64Array {
  for (let j = 0; j < buf.length; j++) {
    const v = x[j]!;
    buf[j] = Number.isNaN(v) ? model.medians[j]! : v;
  }
  return buf;
}

/** Log-odds of each row. */
export function gbmRaw(model: GbmModel, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  const buf = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) {
    const x = filled(model, X.data.subarray(i * X.cols, (i + 1) * X.cols), buf);
    let z = model.base;
    for (const t of model.trees) z += treeOutput(t, x);
    out[i] = z;
  }
  return out;
}

export function gbmPredict(model: GbmModel, X: Matrix): Float64Array {
  return gbmRaw(model, X).map(sigmoid);
}

/** Per-feature path contributions to the log-odds of one row, and the bias (their sum + bias = log-odds). */
export function gbmContributions(model: GbmModel, x: ArrayLike<number>): { phi: Float64Array; bias: number } {
  const buf = filled(model, x, new Float64Array(model.features.length));
  const phi = new Float64Array(model.features.length);
  let bias = model.base;
  for (const t of model.trees) bias += treeContributions(t, buf, phi);
  return { phi, bias };
}
