import { describe, expect, it } from 'vitest';
import { applyCalibration, calibrateAll, fitIsotonic, fitPlatt, reliabilityTable } from './calibrate.ts';
import { brier, stratifiedSplit } from './evaluate.ts';
import { fitGbm, gbmPredict } from './gbm/index.ts';
import { takeLabels, takeRows } from './matrix.ts';
import { knownSignal } from './synthetic.ts';

describe('calibration', () => {
  // an over-confident model: big steps, deep trees, no early stopping, small noisy data
  const data = knownSignal(2400, 5);
  const { part: held, rest: train } = stratifiedSplit(data.y, 0.5, 1);
  const { part: cal, rest: test } = stratifiedSplit(takeLabels(data.y, held), 0.5, 2);
  const model = fitGbm(takeRows(data.X, train), takeLabels(data.y, train), data.features, { learningRate: 0.5, maxDepth: 4, minSamplesLeaf: 5, maxIter: 150, validationFraction: 0 });
  const heldX = takeRows(data.X, held);
  const heldY = takeLabels(data.y, held);
  const p = gbmPredict(model, heldX);
  const pCal = Array.from(cal, (i) => p[i]!);
  const yCal = takeLabels(heldY, cal);
  const pTest = Array.from(test, (i) => p[i]!);
  const yTest = takeLabels(heldY, test);

  it.each(['platt', 'isotonic'] as const)('%s lowers the Brier score of an over-confident model on held-out rows', (method) => {
    const c = method === 'platt' ? fitPlatt(pCal, yCal) : fitIsotonic(pCal, yCal);
    const before = brier(yTest, pTest);
    const after = brier(yTest, calibrateAll(c, pTest));
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeLessThan(before * 0.95);
  });

  it('Platt shrinks over-confident log-odds (a < 1) and isotonic is non-decreasing', () => {
    const platt = fitPlatt(pCal, yCal);
    expect(platt.method === 'platt' && platt.a < 1).toBe(true);
    const iso = fitIsotonic(pCal, yCal);
    let last = -1;
    for (let x = 0; x <= 1; x += 0.01) {
      const v = applyCalibration(iso, x);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });

  it('the reliability table counts every row once and averages per bin', () => {
    const t = reliabilityTable([0, 1, 1, 0], [0.05, 0.95, 0.55, 0.51]);
    expect(t).toHaveLength(10);
    expect(t.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(t[5]).toMatchObject({ count: 2, observed: 0.5 });
    expect(t[5]!.predicted).toBeCloseTo(0.53, 12);
    expect(t[9]).toMatchObject({ count: 1, observed: 1, predicted: 0.95 });
  });
});
