import { describe, expect, it } from 'vitest';
import { crossValidate } from './cv.ts';
import { auc } from './evaluate.ts';
import { readTabularCsv } from './dataset.ts';
import { bankLikeCsv, telcoLikeCsv } from './synthetic.ts';

describe('cross-validation on Telco- and bank-like data', () => {
  const telco = readTabularCsv(telcoLikeCsv(1000, 3), { target: 'Churn' });

  it('reaches the AUC of the known signal on Telco-like data, for both models, deterministically', () => {
    const truth: number[] = [];
    telcoLikeCsv(1500, 3, truth);
    const gbm = crossValidate(telco, { kind: 'gbm', folds: 3, seed: 1 });
    const logistic = crossValidate(telco, { kind: 'logistic', folds: 3, seed: 1 });
    expect(gbm.rows).toBe(1000);
    expect(gbm.folds).toHaveLength(3);
    const bayes = auc(telco.y, truth);
    expect(bayes).toBeGreaterThan(0.8);
    expect(gbm.auc_mean).toBeGreaterThan(bayes - 0.03);
    expect(logistic.auc_mean).toBeGreaterThan(bayes - 0.03);
    const again = crossValidate(telco, { kind: 'gbm', folds: 3, seed: 1 });
    expect(again.folds).toEqual(gbm.folds);
  });

  it('the GBM beats the logistic on the non-linear bank-like signal', () => {
    const bank = readTabularCsv(bankLikeCsv(1500, 4), { target: 'Exited' });
    expect(bank.report.columns.filter((c) => c.kind === 'dropped').map((c) => c.column)).toEqual(['RowNumber', 'CustomerId']);
    const gbm = crossValidate(bank, { kind: 'gbm', folds: 3, seed: 1 });
    const logistic = crossValidate(bank, { kind: 'logistic', folds: 3, seed: 1 });
    expect(gbm.auc_mean).toBeGreaterThan(logistic.auc_mean + 0.03);
  });
});
