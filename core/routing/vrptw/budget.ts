/** A time and iteration budget; `progress()` in [0, 1] drives the annealing schedule. */
export class Budget {
  private readonly start = performance.now();
  iterations = 0;
  constructor(
    readonly ms: number,
    readonly maxIterations: number,
  ) {}
  tick(): void {
    this.iterations++;
  }
  progress(): number {
    const t = this.ms === Infinity ? 0 : (performance.now() - this.start) / this.ms;
    const i = this.maxIterations === Infinity ? 0 : this.iterations / this.maxIterations;
    return Math.min(1, Math.max(t, i));
  }
  done(): boolean {
    return this.progress() >= 1;
  }
}
