/** The routing engines' seeded PRNG (mulberry32): deterministic, fast, allocation-free. */
export class Rng {
  private s: number;

  /** A generator seeded through splitmix32, so that close seeds give unrelated sequences. */
  constructor(seed: number) {
    let z = (seed | 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.s = (z ^ (z >>> 16)) >>> 0;
  }

  /** A generator started from a raw state (the VRPTW engine's measured runs are tied to these sequences). */
  static fromState(state: number): Rng {
    const rng = new Rng(0);
    rng.s = state >>> 0;
    return rng;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, k). */
  int(k: number): number {
    return Math.floor(this.next() * k);
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const x = a[i]!;
      a[i] = a[j]!;
      a[j] = x;
    }
    return a;
  }
}

/** The VRPTW engine's generator for a seed (seed 0 maps to a fixed non-zero state). */
export const vrptwRng = (seed: number): Rng => Rng.fromState(seed >>> 0 || 0x9e3779b9);
