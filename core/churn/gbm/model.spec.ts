import { describe, expect, it } from 'vitest';
import { auc, stratifiedSplit } from '../evaluate.ts';
import { takeLabels, takeRows } from '../matrix.ts';
import { knownSignal } from '../synthetic.ts';
import { binOf, fitBinEdges } from './bins.ts';
import { fitGbm, gbmContributions, gbmPredict, gbmRaw } from './model.ts';

const data = knownSignal(3000, 1);
const split = stratifiedSplit(data.y, 0.3, 1);
const trainX = takeRows(data.X, split.rest);
const trainY = takeLabels(data.y, split.rest);
const testX = takeRows(data.X, split.part);
const testY = takeLabels(data.y, split.part);

describe('gradient boosting', () => {
  const model = fitGbm(trainX, trainY, data.features, { seed: 3 });

  it('learns a known signal (with an interaction) close to the true probabilities on held-out rows', () => {
    const p = gbmPredict(model, testX);
    const bayes = auc(testY, Array.from(split.part, (i) => data.truth[i]!));
    expect(auc(testY, p)).toBeGreaterThan(0.8);
    expect(auc(testY, p)).toBeGreaterThan(bayes - 0.04);
    expect(model.iterations).toBeLessThan(model.params.maxIter + 1);
    expect(model.trees.every((t) => t.feature.filter((f) => f >= 0).length <= 7)).toBe(true); // depth 3
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const again = fitGbm(trainX, trainY, data.features, { seed: 3 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const other = fitGbm(trainX, trainY, data.features, { seed: 4 });
    expect(JSON.stringify(other.trees)).not.toBe(JSON.stringify(model.trees));
  });

  it('stops early on the validation loss and keeps the best iteration', () => {
    const best = model.validationLoss.indexOf(Math.min(...model.validationLoss));
    expect(model.iterations).toBe(best + 1);
    expect(model.validationLoss.length).toBeGreaterThanOrEqual(model.iterations);
  });

  it('path contributions add up to the log-odds and point at the informative features', () => {
    const raw = gbmRaw(model, testX);
    const absSum = new Float64Array(data.features.length);
    for (let i = 0; i < 200; i++) {
      const { phi, bias } = gbmContributions(model, testX.data.subarray(i * 6, i * 6 + 6));
      expect(bias + phi.reduce((s, v) => s + v, 0)).toBeCloseTo(raw[i]!, 9);
      phi.forEach((v, j) => (absSum[j]! += Math.abs(v)));
    }
    expect(absSum[0]).toBeGreaterThan(absSum[4]! * 3);
    expect(absSum[1]).toBeGreaterThan(absSum[5]! * 3);
  });

  it('imputes missing values with the training medians', () => {
    const row = Float64Array.from([0.5, NaN, 0, 0, 0, 0]);
    const filled = Float64Array.from([0.5, model.medians[1]!, 0, 0, 0, 0]);
    expect(gbmPredict(model, { rows: 1, cols: 6, data: row })[0]).toBe(gbmPredict(model, { rows: 1, cols: 6, data: filled })[0]);
  });
});

describe('quantile bins', () => {
  it('uses every distinct value when there are few, quantiles when there are many, and "bin ≤ t" is "x ≤ edge t"', () => {
    const few = { rows: 6, cols: 1, data: Float64Array.from([3, 1, 2, 2, 3, 1]) };
    expect(Array.from(fitBinEdges(few)[0]!)).toEqual([1.5, 2.5]);
    const many = { rows: 10_000, cols: 1, data: Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000) };
    const edges = fitBinEdges(many)[0]!;
    expect(edges.length).toBe(254);
    for (const x of [0, 17.5, 4999, 9999]) {
      const b = binOf(edges, x);
      expect(b === edges.length || x <= edges[b]!).toBe(true);
      expect(b === 0 || x > edges[b - 1]!).toBe(true);
    }
  });
});
