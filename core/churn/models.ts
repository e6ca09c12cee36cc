/** The two model kinds behind one small interface: fit, predict, per-feature contributions. */
import { fitGbm, gbmContributions, gbmPredict, type GbmModel, type GbmParams } from './gbm/index.ts';
import { fitLogistic, logisticContributions, logisticPredict, type LogisticModel, type LogisticParams } from './logistic.ts';
import type { Matrix } from './matrix.ts';

export type ChurnModel = GbmModel | LogisticModel;
export type ModelKind = ChurnModel['kind'];
export const MODEL_KINDS: readonly ModelKind[] = ['gbm', 'logistic'];

export interface FitOptions {
  readonly seed?: number;
  readonly gbm?: Partial<GbmParams>;
  readonly logistic?: Partial<LogisticParams>;
}

export function fitModel(kind: ModelKind, X: Matrix, y: Uint8Array, features: readonly string[], options: FitOptions = {}): ChurnModel {
  if (kind === 'gbm') return fitGbm(X, y, features, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...options.gbm });
  return fitLogistic(X, y, features, options.logistic);
}

/** Uncalibrated probabilities. */
export function predict(model: ChurnModel, X: Matrix): Float64Array {
  return model.kind === 'gbm' ? gbmPredict(model, X) : logisticPredict(model, X);
}

/** Contributions of each feature to the log-odds of one row (sum + bias = log-odds). */
export function contributions(model: ChurnModel, x: ArrayLike<number>): { phi: Float64Array; bias: number } {
  return model.kind === 'gbm' ? gbmContributions(model, x) : logisticContributions(model, x);
}
