/**
 * The trained model as JSON with its metadata (training day, features, cut-offs, metrics, calibration,
 * importances), checked with zod when read back; stored in `churn_models` (the latest active one scores)
 * or in a file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../warehouse/db.ts';
import type { Calibration, ReliabilityBin } from './calibrate.ts';
import type { RiskThresholds } from './config.ts';
import type { ClassificationReport } from './evaluate.ts';
import type { Importance } from './explain.ts';
import type { ChurnModel, ModelKind } from './models.ts';

export const MODEL_FORMAT = 'sav-churn-model';

export interface KindMetrics {
  readonly auc: number | null;
  /** AUC among the rows whose contract period ends within the horizon (the renewal decisions to predict) */
  readonly aucRenewalDue: number | null;
  readonly brier: number;
  readonly logLoss: number;
  /** trees kept (gbm) or Newton iterations (logistic) */
  readonly iterations: number;
  readonly ms: number;
}

export interface ModelMetrics {
  /** each kind on the validation cut-offs (fitted on the training ones) */
  readonly validation: Record<ModelKind, KindMetrics>;
  readonly winner: ModelKind;
  /** the winner's Brier after Platt calibration, cross-fitted on two halves of the validation rows (calibration kept only if lower) */
  readonly brierCalibrated: number;
  readonly rows: { readonly train: number; readonly validation: number };
  readonly positives: { readonly train: number; readonly validation: number };
  /** the calibrated winner on the validation rows, at the Moyen and Élevé thresholds */
  readonly report: { readonly moyen: ClassificationReport; readonly eleve: ClassificationReport };
  readonly reliability: readonly ReliabilityBin[];
}

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly version: 1;
  readonly kind: ModelKind;
  /** ISO datetime */
  readonly trainedAt: string;
  /** the data's "today": labels known up to this day */
  readonly asOf: string;
  readonly features: readonly string[];
  readonly horizonMonths: number;
  readonly windowMonths: number;
  readonly cutoffs: { readonly train: readonly string[]; readonly validation: readonly string[] };
  readonly thresholds: RiskThresholds;
  readonly calibration: Calibration;
  readonly metrics: ModelMetrics;
  readonly importances: readonly Importance[];
  readonly model: ChurnModel;
}

const num = z.number();
const nums = z.array(num);
const tree = z.object({ feature: z.array(z.number().int()), threshold: nums, bin: nums, left: nums, right: nums, value: nums });
const gbm = z.object({
  kind: z.literal('gbm'),
  features: z.array(z.string()),
  medians: nums,
  base: num,
  trees: z.array(tree).min(1),
  params: z.looseObject({ learningRate: num, maxDepth: num }),
  iterations: num,
  validationLoss: nums,
});
const logistic = z.object({
  kind: z.literal('logistic'),
  features: z.array(z.string()),
  medians: nums,
  means: nums,
  scales: nums,
  intercept: num,
  weights: nums,
  params: z.looseObject({ l2: num }),
  iterations: num,
});
const calibration = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }),
  z.object({ method: z.literal('platt'), a: num, b: num }),
  z.object({ method: z.literal('isotonic'), x: nums, y: nums }),
]);
const fileSchema = z.looseObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(1),
  kind: z.enum(['gbm', 'logistic']),
  trainedAt: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  features: z.array(z.string()).min(1),
  horizonMonths: num,
  windowMonths: num,
  cutoffs: z.object({ train: z.array(z.string()), validation: z.array(z.string()) }),
  thresholds: z.object({ moyen: num, eleve: num }),
  calibration,
  metrics: z.looseObject({ winner: z.enum(['gbm', 'logistic']) }),
  importances: z.array(z.object({ feature: z.string(), importance: num, sd: num })),
  model: z.discriminatedUnion('kind', [gbm, logistic]),
});

export class ModelFileError extends Error {}

/** JSON text of a model file (NaN metrics become null). */
export function modelToJson(file: ModelFile): string {
  return JSON.stringify(file);
}

/** Reads a model file back; a wrong or truncated file is a ModelFileError naming the field. */
export function modelFromJson(text: string, source = 'modèle'): ModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ModelFileError(`${source} : JSON illisible — ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelFileError(`${source} : fichier de modèle invalide — ${issue.path.join('.') || 'racine'} : ${issue.message}`);
  }
  const file = parsed.data as unknown as ModelFile;
  if (file.model.features.length !== file.features.length) throw new ModelFileError(`${source} : le modèle a ${file.model.features.length} variables, le fichier en annonce ${file.features.length}`);
  return file;
}

export function writeModelFile(path: string, file: ModelFile): void {
  writeFileSync(path, modelToJson(file) + '\n');
}

export function readModelFile(path: string): ModelFile {
  return modelFromJson(readFileSync(path, 'utf8'), path);
}

/** Stores the model as the active one (the previous ones stay, inactive); returns its id. */
export function saveModel(db: Db, file: ModelFile): number {
  return db.transaction(() => {
    db.prepare('UPDATE churn_models SET actif = 0 WHERE actif = 1').run();
    const auc = file.metrics.validation[file.kind]?.auc;
    const r = db
      .prepare('INSERT INTO churn_models (trained_at, as_of, kind, auc_validation, actif, model) VALUES (?, ?, ?, ?, 1, ?)')
      .run(file.trainedAt, file.asOf, file.kind, typeof auc === 'number' && Number.isFinite(auc) ? auc : null, modelToJson(file));
    return Number(r.lastInsertRowid);
  })();
}

/** The active model (the latest stored), or null. */
export function loadActiveModel(db: Db): { modelId: number; file: ModelFile } | null {
  const row = db.prepare('SELECT model_id, model FROM churn_models WHERE actif = 1 ORDER BY model_id DESC LIMIT 1').get() as { model_id: number; model: string } | undefined;
  if (!row) return null;
  return { modelId: row.model_id, file: modelFromJson(row.model, `churn_models #${row.model_id}`) };
}
