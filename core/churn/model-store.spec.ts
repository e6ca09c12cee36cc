import { describe, expect, it } from 'vitest';
import { openDb } from '../warehouse/db.ts';
import { RISK_THRESHOLDS } from './config.ts';
import { classificationReport } from './evaluate.ts';
import { FEATURES } from './features.ts';
import { fitGbm } from './gbm/index.ts';
import { fitLogistic } from './logistic.ts';
import { matrixFromRows } from './matrix.ts';
import { loadActiveModel, MODEL_FORMAT, modelFromJson, modelToJson, saveModel, type ModelFile } from './model-store.ts';
import { predict, type ChurnModel } from './models.ts';
import { Rng } from './rng.ts';

const rng = new Rng(9);
const rows = Array.from({ length: 400 }, () => FEATURES.map(() => rng.normal()));
const X = matrixFromRows(rows, FEATURES.length);
const y = Uint8Array.from(rows, (r) => (r[0]! + r[1]! + rng.normal() > 0 ? 1 : 0));

function file(model: ChurnModel): ModelFile {
  const report = classificationReport(y, Array.from(y, () => 0.5));
  const m = { auc: 0.7, aucRenewalDue: null, brier: 0.2, logLoss: 0.6, iterations: model.iterations, ms: 1 };
  return {
    format: MODEL_FORMAT, version: 1, kind: model.kind, trainedAt: '2026-03-15T02:00:00.000Z', asOf: '2026-03-15', features: [...FEATURES],
    horizonMonths: 3, windowMonths: 12, cutoffs: { train: ['2025-01-01'], validation: ['2025-10-01'] }, thresholds: RISK_THRESHOLDS,
    calibration: { method: 'platt', a: 0.9, b: -0.1 },
    metrics: { validation: { gbm: m, logistic: m }, winner: model.kind, brierCalibrated: 0.19, rows: { train: 400, validation: 0 }, positives: { train: 200, validation: 0 }, report: { moyen: report, eleve: report }, reliability: [] },
    importances: [{ feature: 'segment', importance: 0.01, sd: 0 }],
    model,
  };
}

describe('model store', () => {
  it.each([
    ['gbm', () => fitGbm(X, y, FEATURES, { seed: 1, maxIter: 30 })],
    ['logistic', () => fitLogistic(X, y, FEATURES)],
  ] as const)('a %s model survives the JSON round trip with identical predictions', (_, fit) => {
    const f = file(fit());
    const back = modelFromJson(modelToJson(f));
    expect(back).toEqual(JSON.parse(modelToJson(f)));
    expect(Array.from(predict(back.model, X))).toEqual(Array.from(predict(f.model, X)));
  });

  it('stores models in the warehouse, the latest being the active one', () => {
    const db = openDb(':memory:');
    expect(loadActiveModel(db)).toBeNull();
    const first = saveModel(db, file(fitLogistic(X, y, FEATURES)));
    const second = saveModel(db, file(fitGbm(X, y, FEATURES, { maxIter: 10 })));
    expect(second).toBeGreaterThan(first);
    const active = loadActiveModel(db)!;
    expect(active.modelId).toBe(second);
    expect(active.file.kind).toBe('gbm');
    expect(db.prepare('SELECT COUNT(*) AS n FROM churn_models WHERE actif = 1').get()).toEqual({ n: 1 });
  });

  it('names what is wrong in a bad file', () => {
    const good = JSON.parse(modelToJson(file(fitLogistic(X, y, FEATURES)))) as Record<string, unknown>;
    expect(() => modelFromJson('{"format":')).toThrow(/JSON illisible/);
    expect(() => modelFromJson(JSON.stringify({ ...good, format: 'other' }))).toThrow(/format/);
    expect(() => modelFromJson(JSON.stringify({ ...good, model: { ...(good.model as object), weights: 'x' } }))).toThrow(/model\.weights/);
    expect(() => modelFromJson(JSON.stringify({ ...good, features: ['a'] }))).toThrow(/1 variables|11 variables/);
  });
});
