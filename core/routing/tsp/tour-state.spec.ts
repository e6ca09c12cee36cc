import { describe, expect, it } from 'vitest';
import { checkTour } from '../check/tour.ts';
import { Rng } from '../rng.ts';
import { randomEuclidean, randomTour } from './test-helpers.ts';
import { TourState } from './tour-state.ts';

const edgeKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
const edgesOf = (t: ArrayLike<number>) => {
  const s = new Set<string>();
  for (let i = 0; i < t.length; i++) s.add(edgeKey(t[i]!, t[(i + 1) % t.length]!));
  return s;
};

/** Is the edge multiset a single Hamiltonian cycle? (the naive reference for reconnect) */
function isOneCycle(n: number, edges: Array<[number, number]>): boolean {
  const adj = Array.from({ length: n }, () => [] as number[]);
  for (const [a, b] of edges) {
    if (a === b) return false;
    adj[a]!.push(b);
    adj[b]!.push(a);
  }
  if (adj.some((l) => l.length !== 2)) return false;
  let prev = -1;
  let cur = 0;
  for (let steps = 0; steps < n; steps++) {
    const next = adj[cur]![0] === prev ? adj[cur]![1]! : adj[cur]![0]!;
    prev = cur;
    cur = next;
    if (cur === 0) return steps === n - 1;
  }
  return false;
}

describe('TourState.reconnect', () => {
  it('applies exactly the asked edge exchange when it gives one tour, and refuses (unchanged) otherwise', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 8 + rng.int(30);
      const d = randomEuclidean(n, trial);
      const s = new TourState(d, n, new Int32Array(0), 0, randomTour(n, trial));
      const k = 2 + rng.int(3);
      // k distinct tour edges, given in random orientation.
      const cuts = new Set<number>();
      while (cuts.size < k) cuts.add(rng.int(n));
      const removed: Array<[number, number]> = [...cuts].map((p) => {
        const a = s.tour[p]!;
        const b = s.tour[(p + 1) % n]!;
        return rng.next() < 0.5 ? [a, b] : [b, a];
      });
      removed.forEach(([a, b], r) => {
        s.ends[2 * r] = a;
        s.ends[2 * r + 1] = b;
      });
      // A random perfect matching of the 2k slots.
      const slots = randomTour(2 * k, trial + 1);
      const adds = Array.from(slots);
      const before = Array.from(s.tour);
      const newEdges = [...edgesOf(before)].filter((e) => !removed.some(([a, b]) => edgeKey(a, b) === e)).map((e) => e.split('-').map(Number) as [number, number]);
      for (let i = 0; i < k; i++) newEdges.push([s.ends[adds[2 * i]!]!, s.ends[adds[2 * i + 1]!]!]);
      const expectValid = isOneCycle(n, newEdges);
      const ok = s.reconnect(k, adds);
      expect(ok).toBe(expectValid);
      if (ok) {
        expect(checkTour(n, Array.from(s.tour), d).ok).toBe(true);
        expect(edgesOf(s.tour)).toEqual(new Set(newEdges.map(([a, b]) => edgeKey(a, b))));
        for (let i = 0; i < n; i++) expect(s.pos[s.tour[i]!]).toBe(i);
      } else {
        expect(Array.from(s.tour)).toEqual(before);
      }
    }
  });

  it('rejects a pair that is not a tour edge', () => {
    const s = new TourState(randomEuclidean(10, 1), 10, new Int32Array(0), 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    s.ends.set([0, 5, 2, 3]);
    expect(s.reconnect(2, [1, 2, 3, 0])).toBe(false);
  });
});
