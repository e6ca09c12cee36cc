/**
 * L2-regularised logistic regression on standardised features (the simple, explainable baseline), solved by
 * Newton's method (Cholesky of the (p+1)² Hessian): minimises Σ log loss + λ/2 ‖w‖² (intercept not penalised;
 * λ = 1 is scikit-learn's C = 1). Missing values: the training medians, kept in the model. Deterministic.
 */
import { columnMedians, type Matrix } from './matrix.ts';
import { sigmoid } from './rng.ts';

export interface LogisticParams {
  readonly l2: number;
  readonly maxIter: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { l2: 1, maxIter: 50 };

export interface LogisticModel {
  readonly kind: 'logistic';
  readonly features: readonly string[];
  readonly medians: readonly number[];
  readonly means: readonly number[];
  readonly scales: readonly number[];
  readonly intercept: number;
  /** weights on the standardised features */
  readonly weights: readonly number[];
  readonly params: LogisticParams;
  readonly iterations: number;
}

function standardised(X: Matrix, medians: ArrayLike<number>, means: ArrayLike<number>, scales: ArrayLike<number>): Float64Array {
  const Z = new Float64Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[i * X.cols + j]!;
      Z[i * X.cols + j] = ((Number.isNaN(v) ? medians[j]! : v) - means[j]!) / scales[j]!;
    }
  }
  return Z;
}

export function fitLogistic(X: Matrix, y: Uint8Array, features: readonly string[], params: Partial<LogisticParams> = {}): LogisticModel {
  const P = { ...DEFAULT_LOGISTIC_PARAMS, ...params };
  const n = X.rows;
  const p = X.cols;
  const medians = columnMedians(X);
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = X.data[i * p + j]!;
      s += Number.isNaN(v) ? medians[j]! : v;
    }
    means[j] = s / n;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const v = X.data[i * p + j]!;
      q += ((Number.isNaN(v) ? medians[j]! : v) - means[j]!) ** 2;
    }
    const sd = Math.sqrt(q / n);
    scales[j] = sd > 1e-12 ? sd : 1;
  }
  const Z = standardised(X, medians, means, scales);
  const d = p + 1; // intercept last
  const w = new Float64Array(d);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  let it = 0;
  for (; it < P.maxIter; it++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const zi = Z.subarray(i * p, (i + 1) * p);
      let s = w[p]!;
      for (let j = 0; j < p; j++) s += w[j]! * zi[j]!;
      const q = sigmoid(s);
      const r = q - y[i]!;
      const wt = Math.max(q * (1 - q), 1e-12);
      for (let j = 0; j < p; j++) {
        grad[j]! += r * zi[j]!;
        const a = wt * zi[j]!;
        const row = j * d;
        for (let k = 0; k <= j; k++) hess[row + k]! += a * zi[k]!;
        hess[j * d + p]! += a;
      }
      grad[p]! += r;
      hess[p * d + p]! += wt;
    }
    for (let j = 0; j < p; j++) {
      grad[j]! += P.l2 * w[j]!;
      hess[j * d + j]! += P.l2;
    }
    // symmetrise (lower triangle and intercept column filled above)
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) {
      if (j < p && k < p) hess[j * d + k] = hess[k * d + j]!;
    }
    for (let j = 0; j < p; j++) hess[p * d + j] = hess[j * d + p]!;
    const step = choleskySolve(hess, grad, d);
    let max = 0;
    for (let j = 0; j < d; j++) {
      w[j]! -= step[j]!;
      max = Math.max(max, Math.abs(step[j]!));
    }
    if (max < 1e-8) {
      it++;
      break;
    }
  }
  return {
    kind: 'logistic',
    features: [...features],
    medians: [...medians],
    means: [...means],
    scales: [...scales],
    intercept: w[p]!,
    weights: [...w.subarray(0, p)],
    params: P,
    iterations: it,
  };
}

/** Solves A x = b for a symmetric positive-definite A (d×d, row-major); a tiny ridge is added if needed. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 : ridge * 100) {
    const L = new Float64Array(d * d);
    let ok = true;
    for (let i = 0; i < d && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = A[i * d + j]! + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
        if (i === j) {
          if (s <= 0) {
            ok = false;
            break;
          }
          L[i * d + i] = Math.sqrt(s);
        } else L[i * d + j] = s / L[j * d + j]!;
      }
    }
    if (!ok) {
      if (ridge > 1e6) throw new Error('logistic: singular Hessian');
      continue;
    }
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = b[i]!;
      for (let k = 0; k < i; k++) s -= L[i * d + k]! * z[k]!;
      z[i] = s / L[i * d + i]!;
    }
    const x = new Float64Array(d);
    for (let i = d - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * x[k]!;
      x[i] = s / L[i * d + i]!;
    }
    return x;
  }
}

export function logisticRaw(model: LogisticModel, X: Matrix): Float64Array {
  const Z = standardised(X, model.medians, model.means, model.scales);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = model.intercept;
    for (let j = 0; j < X.cols; j++) s += model.weights[j]! * Z[i * X.cols + j]!;
    out[i] = s;
  }
  return out;
}

export function logisticPredict(model: LogisticModel, X: Matrix): Float64Array {
  return logisticRaw(model, X).map(sigmoid);
}

/** Per-feature contributions to the log-odds: weight × standardised value (their sum + intercept = log-odds). */
export function logisticContributions(model: LogisticModel, x: ArrayLike<number>): { phi: Float64Array; bias: number } {
  const phi = new Float64Array(model.features.length);
  for (let j = 0; j < phi.length; j++) {
    const v = Number.isNaN(x[j]!) ? model.medians[j]! : x[j]!;
    phi[j] = (model.weights[j]! * (v - model.means[j]!)) / model.scales[j]!;
  }
  return { phi, bias: model.intercept };
}
