/**
 * Why the model says what it says: global permutation importance on held-out rows (how much the AUC drops
 * when one feature's values are shuffled) and per-row contributions (path contributions of the trees,
 * weight × standardised value for the logistic) ranked into the features that push a score up.
 */
import { auc } from './evaluate.ts';
import type { Matrix } from './matrix.ts';
import { contributions, predict, type ChurnModel } from './models.ts';
import { Rng } from './rng.ts';

export interface Importance {
  readonly feature: string;
  /** mean AUC drop over the repeats */
  readonly importance: number;
  readonly sd: number;
}

export function permutationImportance(model: ChurnModel, X: Matrix, y: Uint8Array, options: { repeats?: number; seed?: number } = {}): Importance[] {
  const repeats = options.repeats ?? 5;
  const rng = new Rng(options.seed ?? 42);
  const baseline = auc(y, predict(model, X));
  const work: Matrix = { rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) };
  const col = new Float64Array(X.rows);
  const out: Importance[] = [];
  for (let j = 0; j < X.cols; j++) {
    for (let i = 0; i < X.rows; i++) col[i] = X.data[i * X.cols + j]!;
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const perm = rng.shuffle(Float64Array.from(col));
      for (let i = 0; i < X.rows; i++) work.data[i * X.cols + j] = perm[i]!;
      drops.push(baseline - auc(y, predict(model, work)));
    }
    for (let i = 0; i < X.rows; i++) work.data[i * X.cols + j] = col[i]!;
    const m = drops.reduce((s, x) => s + x, 0) / repeats;
    out.push({ feature: model.features[j]!, importance: m, sd: Math.sqrt(drops.reduce((s, x) => s + (x - m) ** 2, 0) / repeats) });
  }
  return out.sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}

export interface Contribution {
  readonly feature: string;
  readonly index: number;
  /** added to the log-odds */
  readonly value: number;
}

/** The features that push this row's score up, largest first (at most `top`, each above `min`). */
export function topContributions(model: ChurnModel, x: ArrayLike<number>, top = 3, min = 0.05): Contribution[] {
  const { phi } = contributions(model, x);
  const out: Contribution[] = [];
  phi.forEach((v, index) => {
    if (v > min) out.push({ feature: model.features[index]!, index, value: v });
  });
  return out.sort((a, b) => b.value - a.value || a.index - b.index).slice(0, top);
}
