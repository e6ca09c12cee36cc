import { describe, expect, it } from 'vitest';
import { auc } from './evaluate.ts';
import { fitLogistic, logisticContributions, logisticPredict, logisticRaw } from './logistic.ts';
import { matrixFromRows } from './matrix.ts';
import { Rng, sigmoid } from './rng.ts';

function linear(n: number, seed: number) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = [rng.normal() * 10 + 50, rng.normal(), rng.normal()];
    y[i] = rng.next() < sigmoid(0.15 * (x[0]! - 50) - 1.2 * x[1]!) ? 1 : 0;
    rows.push(x);
  }
  return { X: matrixFromRows(rows, 3), y };
}

describe('regularised logistic regression', () => {
  const train = linear(2000, 1);
  const test = linear(1000, 2);
  const model = fitLogistic(train.X, train.y, ['a', 'b', 'noise']);

  it('recovers the signs and scale of a linear signal (on standardised features) and ranks held-out rows', () => {
    expect(model.weights[0]! * 1).toBeGreaterThan(1); // 0.15 × sd 10 = 1.5
    expect(model.weights[1]).toBeLessThan(-0.8);
    expect(Math.abs(model.weights[2]!)).toBeLessThan(0.2);
    expect(auc(test.y, logisticPredict(model, test.X))).toBeGreaterThan(0.8);
  });

  it('shrinks the weights as the penalty grows', () => {
    const strong = fitLogistic(train.X, train.y, ['a', 'b', 'noise'], { l2: 2000 });
    expect(Math.abs(strong.weights[0]!)).toBeLessThan(Math.abs(model.weights[0]!) / 1.5);
  });

  it('contributions add up to the log-odds', () => {
    const raw = logisticRaw(model, test.X);
    for (let i = 0; i < 20; i++) {
      const { phi, bias } = logisticContributions(model, test.X.data.subarray(i * 3, i * 3 + 3));
      expect(bias + phi.reduce((s, v) => s + v, 0)).toBeCloseTo(raw[i]!, 9);
    }
  });

  it('does not fail on a constant column', () => {
    const X = matrixFromRows(Array.from({ length: 50 }, (_, i) => [i % 7, 1]), 2);
    const y = Uint8Array.from({ length: 50 }, (_, i) => (i % 7 > 3 ? 1 : 0));
    const m = fitLogistic(X, y, ['x', 'const']);
    expect(m.weights[1]).toBeCloseTo(0, 9);
    expect(Number.isFinite(m.intercept)).toBe(true);
  });
});
