import { describe, expect, it } from 'vitest';
import { accuracy, auc, brier, classificationReport, confusion, sd, stratifiedFolds, stratifiedSplit } from './evaluate.ts';

describe('metrics', () => {
  it('AUC: perfect, reversed, random ties and a hand-computed case', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // pairs (pos, neg): (0.4 vs 0.1 ✓, 0.4 vs 0.35 ✓), (0.35 tie 0.35 ½, 0.35 vs 0.1 ✓) → 3.5 / 4
    expect(auc([0, 1, 0, 1], [0.1, 0.4, 0.35, 0.35])).toBe(0.875);
    expect(auc([1, 1], [0.2, 0.3])).toBeNaN();
  });

  it('accuracy, Brier, confusion matrix and the classification report', () => {
    const y = [1, 1, 1, 0, 0, 0, 0, 0];
    const p = [0.9, 0.6, 0.2, 0.7, 0.1, 0.1, 0.3, 0.4];
    expect(confusion(y, p)).toEqual({ tp: 2, fp: 1, tn: 4, fn: 1 });
    expect(accuracy(y, p)).toBe(6 / 8);
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    const r = classificationReport(y, p);
    expect(r.positive).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(r.negative.precision).toBe(4 / 5);
    expect(r.negative.recall).toBe(4 / 5);
    expect(r.macro.f1).toBeCloseTo((2 / 3 + 0.8) / 2, 12);
    expect(r.weighted.recall).toBeCloseTo(r.accuracy, 12);
  });

  it('population standard deviation, as numpy', () => {
    expect(sd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(1.25), 12);
  });
});

describe('stratified folds', () => {
  const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 5 === 0 ? 1 : 0)); // 21 positives
  it('keep the class ratio in every fold, cover every row once, and are deterministic', () => {
    const folds = stratifiedFolds(y, 5, 7);
    for (let f = 0; f < 5; f++) {
      const idx = [...folds.keys()].filter((i) => folds[i] === f);
      const pos = idx.filter((i) => y[i] === 1).length;
      expect(pos === 4 || pos === 5).toBe(true);
      expect(idx.length === 20 || idx.length === 21).toBe(true);
    }
    expect(Array.from(stratifiedFolds(y, 5, 7))).toEqual(Array.from(folds));
    expect(Array.from(stratifiedFolds(y, 5, 8))).not.toEqual(Array.from(folds));
  });

  it('refuse fewer rows of a class than folds, and a split keeps the ratio', () => {
    expect(() => stratifiedFolds([1, 0, 0, 0, 0, 0], 3, 1)).toThrow(/classe 1/);
    const { part, rest } = stratifiedSplit(y, 0.2, 1);
    expect(part.length + rest.length).toBe(103);
    expect(Array.from(part).filter((i) => y[i] === 1).length).toBe(4);
  });
});
