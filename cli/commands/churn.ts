import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  crossValidate,
  CsvError,
  loadActiveModel,
  MODEL_KINDS,
  readTabularCsv,
  saveModel,
  scoreChurn,
  trainChurn,
  writeModelFile,
  type DatasetReport,
  type ModelFile,
  type ModelKind,
} from '../../core/churn/index.ts';
import { parisDate } from '../../core/warehouse/calendar.ts';
import { UsageError, intFlag, openAppDb, printJson } from '../context.ts';

interface CvFlags {
  csv?: string;
  target?: string;
  positive?: string;
  drop?: string;
  folds: string;
  seed: string;
  model: string;
  json?: boolean;
}

const isoDay = (name: string, v: string | undefined): string => {
  const d = v ?? parisDate(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d))) throw new UsageError(`--${name} expects a date YYYY-MM-DD, got "${d}"`);
  return d;
};

const r4 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10_000) / 10_000);

function modelKind(v: string, auto: boolean): ModelKind | 'auto' {
  if (auto && v === 'auto') return 'auto';
  if (!(MODEL_KINDS as readonly string[]).includes(v)) throw new UsageError(`--model must be ${auto ? 'auto, ' : ''}${MODEL_KINDS.join(' or ')}, got "${v}"`);
  return v as ModelKind;
}

/** One or two lines on stderr: what was dropped, imputed, or odd in the CSV. */
function describeDataset(r: DatasetReport, features: number): string {
  const out = [`sav churn: ${r.rows} lignes, ${features} variables, cible ${r.target} = ${r.positive} (${r.positives} positives)`];
  const dropped = r.columns.filter((c) => c.kind === 'dropped').map((c) => `${c.column} (${c.reason})`);
  if (dropped.length) out.push(`  colonnes écartées : ${dropped.join(', ')}`);
  const missing = r.columns.filter((c) => c.kind === 'numeric' && (c.missing > 0 || c.odd)).map((c) => `${c.column} ${c.missing + (c.odd?.count ?? 0)}`);
  if (missing.length) out.push(`  valeurs numériques manquantes imputées (médiane) : ${missing.join(', ')}`);
  for (const c of r.columns) {
    if (c.odd) out.push(`  ${c.column} : ${c.odd.count} valeurs non numériques (${c.odd.examples.map((e) => `« ${e} »`).join(', ')}) lignes ${c.odd.lines.join(', ')}${c.odd.count > c.odd.lines.length ? '…' : ''}`);
  }
  if (r.skipped.count) out.push(`  ${r.skipped.count} lignes sans cible ignorées (lignes ${r.skipped.lines.join(', ')}${r.skipped.count > r.skipped.lines.length ? '…' : ''})`);
  return out.join('\n') + '\n';
}

function summary(file: ModelFile): Record<string, unknown> {
  const m = file.metrics;
  return {
    kind: file.kind,
    trainedAt: file.trainedAt,
    asOf: file.asOf,
    cutoffs: file.cutoffs,
    rows: m.rows,
    positives: m.positives,
    validation: Object.fromEntries(
      Object.entries(m.validation).map(([k, v]) => [k, { auc: r4(v.auc), aucRenewalDue: r4(v.aucRenewalDue), brier: r4(v.brier), logLoss: r4(v.logLoss), iterations: v.iterations, ms: v.ms }]),
    ),
    winner: m.winner,
    calibration: file.calibration.method,
    brierCalibrated: r4(m.brierCalibrated),
  };
}

/** `sav churn cv|train|score|report`: the churn model on any CSV (cross-validation) and on the warehouse. */
export function registerChurn(program: Command): void {
  const churn = program.command('churn').description('churn model: cross-validation on a CSV, training, scoring and report on the warehouse');

  churn
    .command('cv')
    .description('stratified k-fold cross-validation on a CSV (numeric columns as numbers, text one-hot, blanks imputed)')
    .option('--csv <file>', 'the CSV file (`,` or `;`, quotes, BOM)')
    .option('--target <col>', 'the binary target column')
    .option('--positive <value>', 'the positive class value (default 1/yes/true/oui)')
    .option('--drop <a,b>', 'columns to ignore')
    .option('--folds <n>', 'number of folds', '5')
    .option('--seed <n>', 'random seed', '42')
    .option('--model <kind>', 'gbm | logistic', 'gbm')
    .option('--json', 'print JSON')
    .action((opts: CvFlags) => {
      if (!opts.csv) throw new UsageError('--csv <file> is required');
      if (!opts.target) throw new UsageError('--target <col> is required');
      const folds = intFlag('folds', opts.folds, 2, 50);
      const seed = intFlag('seed', opts.seed, 0, 2 ** 32 - 1);
      const kind = modelKind(opts.model, false) as ModelKind;
      let text: string;
      try {
        text = readFileSync(opts.csv, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${opts.csv}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      const drop = opts.drop ? opts.drop.split(',').map((s) => s.trim()).filter(Boolean) : [];
      let data;
      try {
        data = readTabularCsv(text, { target: opts.target, ...(opts.positive !== undefined ? { positive: opts.positive } : {}), drop }, opts.csv);
      } catch (err) {
        if (err instanceof CsvError) throw new UsageError(err.message);
        throw err;
      }
      process.stderr.write(describeDataset(data.report, data.features.length));
      if (data.report.positives < folds || data.report.rows - data.report.positives < folds) {
        throw new UsageError(`${opts.csv} : ${data.report.positives} positives / ${data.report.rows - data.report.positives} négatives, trop peu pour ${folds} plis`);
      }
      const r = crossValidate(data, { folds, seed, kind });
      const out = { rows: r.rows, auc_mean: r4(r.auc_mean), auc_sd: r4(r.auc_sd), accuracy: r4(r.accuracy), folds: r.folds.map((f) => ({ auc: r4(f.auc), accuracy: r4(f.accuracy) })), ms: r.ms };
      if (opts.json) printJson(out);
      else {
        process.stdout.write(`${kind} ${folds}-fold CV on ${r.rows} rows: AUC ${out.auc_mean} ± ${out.auc_sd}, accuracy ${out.accuracy}, ${r.ms} ms\n`);
        r.folds.forEach((f, k) => process.stdout.write(`  fold ${k + 1}: AUC ${r4(f.auc)}, accuracy ${r4(f.accuracy)}, ${r.foldMs[k]} ms\n`));
      }
    });

  churn
    .command('train')
    .description('train on monthly cut-offs of the warehouse, validate on later ones, keep the better model (GBM or logistic)')
    .option('--today <date>', 'the data’s today (labels known up to it)')
    .option('--model <kind>', 'auto | gbm | logistic', 'auto')
    .option('--seed <n>', 'random seed', '42')
    .option('--out <file>', 'also write the model JSON to this file')
    .option('--json', 'print JSON')
    .action(async (opts: { today?: string; model: string; seed: string; out?: string; json?: boolean }) => {
      const today = isoDay('today', opts.today);
      const kind = modelKind(opts.model, true);
      const seed = intFlag('seed', opts.seed, 0, 2 ** 32 - 1);
      const db = await openAppDb({ today });
      try {
        const file = trainChurn(db, { asOf: today, kind, seed });
        const modelId = saveModel(db, file);
        if (opts.out) writeModelFile(opts.out, file);
        const s = { modelId, ...summary(file) };
        if (opts.json) printJson(s);
        else {
          const v = file.metrics.validation;
          process.stdout.write(
            `model #${modelId}: ${file.kind} (validation AUC gbm ${r4(v.gbm.auc)} / logistic ${r4(v.logistic.auc)}; renewals due: gbm ${r4(v.gbm.aucRenewalDue)} / logistic ${r4(v.logistic.aucRenewalDue)})\n` +
              `  ${file.metrics.rows.train} training rows (${file.cutoffs.train.length} cut-offs), ${file.metrics.rows.validation} validation rows (${file.cutoffs.validation.join(', ')})\n` +
              `  calibration ${file.calibration.method}, Brier ${r4(v[file.kind].brier)} → ${r4(file.metrics.brierCalibrated)} (cross-fitted)\n`,
          );
        }
      } finally {
        db.close();
      }
    });

  churn
    .command('score')
    .description('score every client under contract with the active model (dim_clients.score_churn / risque_churn)')
    .option('--today <date>', 'scoring day (features use the data before it)')
    .option('--json', 'print JSON')
    .action(async (opts: { today?: string; json?: boolean }) => {
      const today = isoDay('today', opts.today);
      const db = await openAppDb({ today });
      try {
        const run = scoreChurn(db, today);
        const out = { date: run.date, modelId: run.modelId, scored: run.scored, counts: run.counts, entering: run.entering.map((c) => ({ clientId: c.clientId, name: c.name, score: c.score, reasons: c.reasons.map((x) => x.text), action: c.action })) };
        if (opts.json) printJson(out);
        else {
          process.stdout.write(`${run.scored} clients scored on ${run.date} with model #${run.modelId}: Faible ${run.counts.Faible}, Moyen ${run.counts.Moyen}, Élevé ${run.counts['Élevé']}\n`);
          for (const c of out.entering) process.stdout.write(`  → Élevé: ${c.name} (${Math.round(c.score * 100)} %) — ${c.reasons.join(', ')}\n`);
        }
      } finally {
        db.close();
      }
    });

  churn
    .command('report')
    .description('the active model: validation metrics, classification report, confusion matrix, importances, reliability')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const db = await openAppDb();
      try {
        const active = loadActiveModel(db);
        if (!active) throw new UsageError('no churn model yet: run `sav churn train`');
        const { file, modelId } = active;
        const m = file.metrics;
        const out = {
          modelId,
          ...summary(file),
          classification: m.report,
          importances: file.importances.map((i) => ({ feature: i.feature, importance: r4(i.importance), sd: r4(i.sd) })),
          reliability: m.reliability,
        };
        if (opts.json) {
          printJson(out);
          return;
        }
        const w = process.stdout.write.bind(process.stdout);
        w(`model #${modelId} (${file.kind}, trained ${file.trainedAt}, data to ${file.asOf})\n`);
        for (const k of MODEL_KINDS) w(`  ${k.padEnd(8)} AUC ${r4(m.validation[k].auc)} · renewals due ${r4(m.validation[k].aucRenewalDue)} · Brier ${r4(m.validation[k].brier)}\n`);
        for (const [name, rep] of [['Moyen', m.report.moyen], ['Élevé', m.report.eleve]] as const) {
          const c = rep.confusion;
          w(`\nthreshold ${rep.threshold} (${name})\n              precision  recall  f1     support\n`);
          for (const [label, s] of [['stays', rep.negative], ['leaves', rep.positive], ['macro avg', rep.macro], ['weighted avg', rep.weighted]] as const) {
            w(`  ${label.padEnd(12)} ${s.precision.toFixed(2).padStart(9)}  ${s.recall.toFixed(2).padStart(6)}  ${s.f1.toFixed(2).padStart(5)}  ${String(s.support).padStart(7)}\n`);
          }
          w(`  accuracy ${rep.accuracy.toFixed(3)} · confusion: TP ${c.tp} FP ${c.fp} FN ${c.fn} TN ${c.tn}\n`);
        }
        w('\npermutation importance (AUC drop on validation)\n');
        for (const i of file.importances) w(`  ${i.feature.padEnd(26)} ${i.importance.toFixed(4)} ± ${i.sd.toFixed(4)}\n`);
        w('\nreliability (predicted → observed)\n');
        for (const b of m.reliability) if (b.count) w(`  ${b.from.toFixed(1)}–${b.to.toFixed(1)}: ${b.count} rows, ${b.predicted.toFixed(3)} → ${b.observed.toFixed(3)}\n`);
      } finally {
        db.close();
      }
    });
}
