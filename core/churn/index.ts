/**
 * The churn model: point-in-time warehouse features, gradient boosting and a logistic baseline, calibration,
 * explanations, nightly scoring with alerts; and the generic tabular path (CSV → cross-validation).
 */
export { RISK_THRESHOLDS, CHURN_CONFIG, riskOf, type Risk, type RiskThresholds } from './config.ts';
export { FEATURES, clientFeatures, targets, panel, featureMatrix, type FeatureName, type ClientFeatures } from './features.ts';
export { readCsv, CsvError, type CsvTable } from './csv.ts';
export { readTabularCsv, encodeTable, type TabularOptions, type TabularDataset, type DatasetReport, type ColumnReport } from './dataset.ts';
export type { Matrix, Labeled } from './matrix.ts';
export { fitGbm, gbmPredict, gbmContributions, DEFAULT_GBM_PARAMS, type GbmModel, type GbmParams } from './gbm/index.ts';
export { fitLogistic, logisticPredict, logisticContributions, DEFAULT_LOGISTIC_PARAMS, type LogisticModel, type LogisticParams } from './logistic.ts';
export { fitModel, predict, contributions, MODEL_KINDS, type ChurnModel, type ModelKind } from './models.ts';
export { fitPlatt, fitIsotonic, applyCalibration, calibrateAll, reliabilityTable, type Calibration, type ReliabilityBin } from './calibrate.ts';
export { auc, accuracy, brier, logLoss, confusion, classificationReport, stratifiedFolds, stratifiedSplit, type ClassificationReport, type Confusion } from './evaluate.ts';
export { permutationImportance, topContributions, type Importance, type Contribution } from './explain.ts';
export { crossValidate, type CvOptions, type CvResult } from './cv.ts';
export { trainChurn, planCutoffs, NotEnoughDataError, type TrainOptions, type CutoffPlan } from './train.ts';
export { saveModel, loadActiveModel, modelToJson, modelFromJson, readModelFile, writeModelFile, ModelFileError, type ModelFile, type ModelMetrics, type KindMetrics } from './model-store.ts';
export { scoreChurn, atRisk, latestScore, latestScoringDay, enteringHigh, reasonsOf, NoModelError, type ScoredClient, type ScoringRun } from './score.ts';
export { reasonText, suggestAction, actionLabel, type Reason, type SuggestedAction } from './reasons.ts';
export { churnAlerts, churnAlertsOffThread, type ChurnAlert, type AlertOptions } from './alerts.ts';
export { ensureScored, isScored, type EnsureScoredResult } from './ensure.ts';
export { ensureScoredOffThread, ChurnWorkerError, type OffThreadResult } from './worker/run.ts';
export { churnListCard, churnAlertCard, formatScore, riskLabel, reasonWords } from './cards.ts';
export { recordChurnAction, churnActions, type ChurnAction, type ChurnActionKind } from './actions.ts';
export { telcoLikeCsv, bankLikeCsv, knownSignal } from './synthetic.ts';
