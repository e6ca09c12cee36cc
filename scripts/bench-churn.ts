/**
 * Churn benchmark: 5-fold CV (GBM vs logistic) on synthetic Telco-like (7 043 rows) and bank-like (10 000 rows)
 * data — AUC, ms per fold, and the AUC of the true probabilities (the ceiling) — then the point-in-time
 * backtest on demo warehouses (validation cut-offs after the training ones).
 * Run: `npx tsx scripts/bench-churn.ts [--csv file --target col [--positive v] [--drop a,b]] [--clients 400,2000]`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auc, bankLikeCsv, crossValidate, readTabularCsv, telcoLikeCsv, trainChurn, type TabularDataset } from '../core/churn/index.ts';
import { openDb } from '../core/warehouse/db.ts';
import { generateDemo } from '../core/warehouse/demo/index.ts';

const { values } = parseArgs({
  options: { csv: { type: 'string' }, target: { type: 'string' }, positive: { type: 'string' }, drop: { type: 'string' }, clients: { type: 'string', default: '400,2000' }, seed: { type: 'string', default: '42' } },
});
const seed = Number(values.seed);
const f4 = (x: number | null) => (x === null ? '—' : x.toFixed(4));

function cvRow(name: string, data: TabularDataset, ceiling: number | null): void {
  for (const kind of ['gbm', 'logistic'] as const) {
    const r = crossValidate(data, { kind, folds: 5, seed });
    console.log(
      `${name.padEnd(12)} ${kind.padEnd(8)} rows ${String(r.rows).padStart(6)} · features ${String(data.features.length).padStart(3)} · AUC ${f4(r.auc_mean)} ± ${f4(r.auc_sd)} · acc ${f4(r.accuracy)} · ms/fold ${r.foldMs.join(' ')} · total ${r.ms} ms` +
        (kind === 'gbm' ? ` · trees ${r.iterations.join('/')}` : '') + (ceiling !== null && kind === 'gbm' ? ` · true-probability AUC ${f4(ceiling)}` : ''),
    );
  }
}

console.log('── 5-fold stratified CV');
if (values.csv) {
  if (!values.target) throw new Error('--target is required with --csv');
  const t0 = performance.now();
  const data = readTabularCsv(readFileSync(values.csv, 'utf8'), { target: values.target, ...(values.positive ? { positive: values.positive } : {}), drop: values.drop ? values.drop.split(',') : [] }, values.csv);
  console.log(`${values.csv}: read in ${Math.round(performance.now() - t0)} ms; dropped ${data.report.columns.filter((c) => c.kind === 'dropped').map((c) => c.column).join(', ') || 'none'}; imputed ${data.report.imputed}`);
  cvRow('csv', data, null);
} else {
  const tTruth: number[] = [];
  const telco = readTabularCsv(telcoLikeCsv(7043, 1, tTruth), { target: 'Churn' });
  cvRow('telco-like', telco, auc(telco.y, tTruth));
  const bTruth: number[] = [];
  const bank = readTabularCsv(bankLikeCsv(10_000, 2, bTruth), { target: 'Exited' });
  cvRow('bank-like', bank, auc(bank.y, bTruth));
}

console.log('\n── point-in-time backtest on the demo warehouse (train: 12 monthly cut-offs; validation: 3 later ones)');
for (const clients of values.clients!.split(',').map(Number)) {
  const db = openDb(':memory:');
  const today = '2026-03-15';
  const g = generateDemo(db, { seed, today, clients, months: 24 });
  const t0 = performance.now();
  const file = trainChurn(db, { asOf: today, seed });
  const v = file.metrics.validation;
  console.log(
    `demo ${clients} clients (generated in ${g.ms} ms; training ${Math.round(performance.now() - t0)} ms): rows ${file.metrics.rows.train}/${file.metrics.rows.validation}, leavers ${file.metrics.positives.train}/${file.metrics.positives.validation}`,
  );
  for (const k of ['gbm', 'logistic'] as const) {
    console.log(`   ${k.padEnd(8)} AUC ${f4(v[k].auc)} · AUC among renewals due ${f4(v[k].aucRenewalDue)} · Brier ${f4(v[k].brier)} · log loss ${f4(v[k].logLoss)} · fit ${v[k].ms} ms`);
  }
  console.log(`   winner ${file.kind}; calibration ${file.calibration.method}; Brier cross-fitted after Platt ${f4(file.metrics.brierCalibrated)}; top features ${file.importances.slice(0, 4).map((i) => `${i.feature} ${i.importance.toFixed(3)}`).join(', ')}`);
  db.close();
}
