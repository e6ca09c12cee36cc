/**
 * Training on the warehouse: features at monthly cut-offs in the past (labels known), validation on the
 * later ones, both model kinds fitted and compared (validation AUC; the logistic wins ties: simpler), the
 * winner calibrated (Platt on the validation rows, kept only when a cross-fitted check lowers the Brier score)
 * and explained (permutation importance on the validation rows).
 */
import type { Db } from '../warehouse/db.ts';
import { calibrateAll, fitPlatt, reliabilityTable, type Calibration } from './calibrate.ts';
import { addMonthsIso, CHURN_CONFIG, monthStart, RISK_THRESHOLDS } from './config.ts';
import { auc, brier, classificationReport, logLoss, stratifiedSplit } from './evaluate.ts';
import { permutationImportance } from './explain.ts';
import { FEATURES, panel } from './features.ts';
import { takeLabels } from './matrix.ts';
import { fitModel, predict, type ChurnModel, type ModelKind } from './models.ts';
import { MODEL_FORMAT, type KindMetrics, type ModelFile } from './model-store.ts';

export interface CutoffPlan {
  readonly train: string[];
  readonly validation: string[];
}

/**
 * Monthly cut-offs (first of the month): the last `validationMonths` whose horizon is over by `asOf`, and
 * before them `trainMonths` whose horizon is over by the first validation cut-off (no overlap of what is
 * learnt and what is checked); none earlier than `dataFrom` + 3 months (too little history before).
 */
export function planCutoffs(asOf: string, dataFrom: string | null, cfg: Partial<typeof CHURN_CONFIG> = {}): CutoffPlan {
  const c = { ...CHURN_CONFIG, ...cfg };
  const lastValidation = monthStart(addMonthsIso(asOf, -c.horizonMonths));
  const validation = Array.from({ length: c.validationMonths }, (_, k) => addMonthsIso(lastValidation, k - c.validationMonths + 1));
  const lastTrain = addMonthsIso(validation[0]!, -c.horizonMonths);
  const earliest = dataFrom ? addMonthsIso(dataFrom, 3) : '0000-01-01';
  const train = Array.from({ length: c.trainMonths }, (_, k) => addMonthsIso(lastTrain, k - c.trainMonths + 1)).filter((d) => d >= earliest);
  return { train, validation: validation.filter((d) => d >= earliest) };
}

export class NotEnoughDataError extends Error {}

export interface TrainOptions {
  /** the data's "today" (labels known up to this day) */
  readonly asOf: string;
  readonly kind?: ModelKind | 'auto';
  readonly seed?: number;
  /** ISO datetime recorded in the file (default: now) */
  readonly trainedAt?: string;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function metricsOf(y: Uint8Array, p: Float64Array, due: readonly number[], model: ChurnModel, ms: number): KindMetrics {
  const aucDue = auc(takeLabels(y, due), Array.from(due, (i) => p[i]!));
  return { auc: finite(auc(y, p)), aucRenewalDue: finite(aucDue), brier: brier(y, p), logLoss: logLoss(y, p), iterations: model.iterations, ms: Math.round(ms) };
}

/** Rows whose period ends within the horizon (jours_avant_echeance below it). */
function renewalDue(X: { rows: number; cols: number; data: Float64Array }, horizonMonths: number): number[] {
  const j = FEATURES.indexOf('jours_avant_echeance');
  const out: number[] = [];
  for (let i = 0; i < X.rows; i++) if (X.data[i * X.cols + j]! < horizonMonths * 30.4) out.push(i);
  return out;
}

/** Trains, compares and calibrates; returns the model file (not stored: see saveModel). */
export function trainChurn(db: Db, options: TrainOptions): ModelFile {
  const seed = options.seed ?? 42;
  const dataFrom = (db.prepare('SELECT MIN(t.date) AS d FROM fact_interventions i JOIN dim_temps t ON t.date_id = i.date_id').get() as { d: string | null }).d;
  const plan = planCutoffs(options.asOf, dataFrom);
  if (plan.train.length === 0 || plan.validation.length === 0) {
    throw new NotEnoughDataError(`pas assez d’historique pour entraîner au ${options.asOf} (données depuis ${dataFrom ?? 'jamais'}) : il faut au moins ${CHURN_CONFIG.horizonMonths * 2 + 4} mois`);
  }
  const train = panel(db, plan.train, options.asOf);
  const val = panel(db, plan.validation, options.asOf);
  const count = (y: Uint8Array) => y.reduce((s, v) => s + v, 0);
  const trainPos = count(train.y);
  const valPos = count(val.y);
  if (trainPos < 5 || valPos < 2) {
    throw new NotEnoughDataError(`trop peu de départs pour entraîner : ${trainPos} à l’entraînement, ${valPos} en validation (il en faut au moins 5 et 2)`);
  }
  const due = renewalDue(val.X, CHURN_CONFIG.horizonMonths);
  const fitted = {} as Record<ModelKind, { model: ChurnModel; p: Float64Array; metrics: KindMetrics }>;
  for (const kind of ['gbm', 'logistic'] as const) {
    const t0 = performance.now();
    const model = fitModel(kind, train.X, train.y, FEATURES, { seed });
    const p = predict(model, val.X);
    fitted[kind] = { model, p, metrics: metricsOf(val.y, p, due, model, performance.now() - t0) };
  }
  const winner: ModelKind =
    options.kind && options.kind !== 'auto' ? options.kind : (fitted.gbm.metrics.auc ?? 0) > (fitted.logistic.metrics.auc ?? 0) ? 'gbm' : 'logistic';
  const best = fitted[winner];
  const platt: Calibration = fitPlatt(best.p, val.y);
  // honest calibrated Brier: Platt fitted on one half of the validation rows, applied to the other
  const halves = stratifiedSplit(val.y, 0.5, seed);
  const cross = new Float64Array(val.y.length);
  for (const [fitOn, applyTo] of [[halves.part, halves.rest], [halves.rest, halves.part]] as const) {
    const c = fitPlatt(Array.from(fitOn, (i) => best.p[i]!), takeLabels(val.y, fitOn));
    const out = calibrateAll(c, Array.from(applyTo, (i) => best.p[i]!));
    applyTo.forEach((i, k) => {
      cross[i] = out[k]!;
    });
  }
  // kept only when it helps on rows it was not fitted on
  const rawBrier = brier(val.y, best.p);
  const crossBrier = brier(val.y, cross);
  const calibration: Calibration = crossBrier < rawBrier ? platt : { method: 'none' };
  const calibrated = calibrateAll(calibration, best.p);
  return {
    format: MODEL_FORMAT,
    version: 1,
    kind: winner,
    trainedAt: options.trainedAt ?? new Date().toISOString(),
    asOf: options.asOf,
    features: [...FEATURES],
    horizonMonths: CHURN_CONFIG.horizonMonths,
    windowMonths: CHURN_CONFIG.windowMonths,
    cutoffs: plan,
    thresholds: RISK_THRESHOLDS,
    calibration,
    metrics: {
      validation: { gbm: fitted.gbm.metrics, logistic: fitted.logistic.metrics },
      winner,
      brierCalibrated: crossBrier,
      rows: { train: train.y.length, validation: val.y.length },
      positives: { train: trainPos, validation: valPos },
      report: { moyen: classificationReport(val.y, calibrated, RISK_THRESHOLDS.moyen), eleve: classificationReport(val.y, calibrated, RISK_THRESHOLDS.eleve) },
      reliability: reliabilityTable(val.y, calibrated),
    },
    importances: permutationImportance(best.model, val.X, val.y, { repeats: 5, seed }),
    model: best.model,
  };
}
