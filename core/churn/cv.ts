/** Stratified k-fold cross-validation of a model kind on a labeled matrix: AUC and accuracy per fold. */
import { accuracy, auc, mean, sd, stratifiedFolds } from './evaluate.ts';
import { takeLabels, takeRows, type Labeled } from './matrix.ts';
import { fitModel, predict, type FitOptions, type ModelKind } from './models.ts';

export interface CvOptions extends FitOptions {
  readonly folds?: number;
  readonly seed?: number;
  readonly kind?: ModelKind;
}

export interface CvResult {
  readonly rows: number;
  readonly auc_mean: number;
  readonly auc_sd: number;
  /** mean accuracy over the folds (threshold 0.5) */
  readonly accuracy: number;
  readonly folds: { auc: number; accuracy: number }[];
  /** whole CV, ms */
  readonly ms: number;
  /** fit + predict time of each fold, ms */
  readonly foldMs: number[];
  /** trees kept per fold (gbm) or Newton iterations (logistic) */
  readonly iterations: number[];
}

export function crossValidate(data: Labeled, options: CvOptions = {}): CvResult {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const kind = options.kind ?? 'gbm';
  const started = performance.now();
  const fold = stratifiedFolds(data.y, k, seed);
  const folds: { auc: number; accuracy: number }[] = [];
  const foldMs: number[] = [];
  const iterations: number[] = [];
  for (let f = 0; f < k; f++) {
    const t0 = performance.now();
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < fold.length; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
    const model = fitModel(kind, takeRows(data.X, trainIdx), takeLabels(data.y, trainIdx), data.features, { ...options, seed: seed + f });
    const yt = takeLabels(data.y, testIdx);
    const p = predict(model, takeRows(data.X, testIdx));
    folds.push({ auc: auc(yt, p), accuracy: accuracy(yt, p) });
    foldMs.push(Math.round(performance.now() - t0));
    iterations.push(model.iterations);
  }
  const aucs = folds.map((x) => x.auc);
  return {
    rows: data.y.length,
    auc_mean: mean(aucs),
    auc_sd: sd(aucs),
    accuracy: mean(folds.map((x) => x.accuracy)),
    folds,
    ms: Math.round(performance.now() - started),
    foldMs,
    iterations,
  };
}
