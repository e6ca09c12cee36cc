import { Rng } from '../rng.ts';

/** Test instances: n random points in a square (Euclidean, not rounded), as a matrix. */
export function randomEuclidean(n: number, seed: number, size = 1000): Float64Array {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => rng.next() * size);
  const y = Array.from({ length: n }, () => rng.next() * size);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
  return d;
}

/** A random permutation of 0..n-1. */
export function randomTour(n: number, seed: number): number[] {
  const rng = new Rng(seed);
  const t = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [t[i], t[j]] = [t[j]!, t[i]!];
  }
  return t;
}
