import type { Convention, VrptwInstance } from './types.ts';

/**
 * The solver's view of a problem: index 0 is the depot, 1..n-1 the customers, matrices row-major n×n.
 * Distances and times are in internal units: `trunc1` works in integer tenths (scale 10) so sums are exact.
 */
export interface VrptwData {
  n: number;
  dist: Float64Array;
  time: Float64Array;
  ready: Float64Array;
  due: Float64Array;
  service: Float64Array;
  demand: Float64Array;
  capacity: number;
  maxVehicles: number;
  /** Divide internal distances by this to report them. */
  scale: number;
  /** External id of each index. */
  ids: number[];
}

/** Euclidean distance truncated to one decimal, in integer tenths (exact for integer coordinates). */
export function tenths(dx: number, dy: number): number {
  const v = 100 * (dx * dx + dy * dy);
  let s = Math.floor(Math.sqrt(v));
  while (s * s > v) s--;
  while ((s + 1) * (s + 1) <= v) s++;
  return s;
}

export function dataFromInstance(instance: VrptwInstance, convention: Convention): VrptwData {
  const nodes = instance.nodes;
  const n = nodes.length;
  const scale = convention === 'trunc1' ? 10 : 1;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      dist[i * n + j] = convention === 'trunc1' ? tenths(dx, dy) : Math.sqrt(dx * dx + dy * dy);
    }
  }
  const col = (f: (k: number) => number) => Float64Array.from(nodes, (_, k) => f(k));
  return {
    n,
    dist,
    time: dist,
    ready: col((k) => nodes[k]!.ready * scale),
    due: col((k) => nodes[k]!.due * scale),
    service: col((k) => nodes[k]!.service * scale),
    demand: col((k) => nodes[k]!.demand),
    capacity: instance.capacity,
    maxVehicles: instance.vehicles,
    scale,
    ids: nodes.map((x) => x.id),
  };
}
