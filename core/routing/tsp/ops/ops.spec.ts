import { describe, expect, it } from 'vitest';
import { checkTour } from '../../check/tour.ts';
import { closedLength } from '../construct.ts';
import { localSearch, type Operator } from '../local-search.ts';
import { alphaValues } from '../alpha.ts';
import { candidateLists } from '../neighbors.ts';
import { Rng } from '../../rng.ts';
import { randomEuclidean, randomTour } from '../test-helpers.ts';
import { TourState } from '../tour-state.ts';
import { segmentDoubleBridge } from './double-bridge.ts';
import { or3optMove } from './or3opt.ts';
import { orOptMove } from './or-opt.ts';
import { twoOptMove } from './two-opt.ts';

function state(n: number, seed: number, tour: number[] = randomTour(n, seed)): TourState {
  const d = randomEuclidean(n, seed);
  const k = 8;
  const s = new TourState(d, n, candidateLists(d, n, k, alphaValues(d, n), 4), k, tour);
  return s;
}

/** Points on a circle: the optimal tour is the circle order. */
function circle(n: number, tour: number[]): TourState {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = (2 * Math.PI * i) / n;
      const b = (2 * Math.PI * j) / n;
      d[i * n + j] = Math.hypot(Math.cos(a) - Math.cos(b), Math.sin(a) - Math.sin(b)) * 1000;
    }
  }
  const k = 6;
  return new TourState(d, n, candidateLists(d, n, k, null, 0), k, tour);
}

const circleOptimum = (n: number) => n * 2000 * Math.sin(Math.PI / n);

describe.each<[string, Operator]>([
  ['2-opt', twoOptMove],
  ['Or-opt', orOptMove],
  ['Or-3opt', or3optMove],
])('%s alone', (_name, op) => {
  it('only makes improving moves whose claimed gain is the real one, and keeps a valid tour', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const n = 30 + seed * 17;
      const s = state(n, seed);
      const start = s.length;
      s.pushAll();
      let moves = 0;
      localSearch(s, [
        (st, v) => {
          const before = st.length;
          const did = op(st, v);
          if (did) {
            moves++;
            expect(st.length).toBeLessThan(before);
            expect(st.length).toBeCloseTo(closedLength(st.d, st.n, st.tour), 6);
          }
          return did;
        },
      ]);
      expect(moves).toBeGreaterThan(0);
      expect(s.length).toBeLessThan(start * 0.6);
      expect(checkTour(n, Array.from(s.tour), s.d, s.length).ok).toBe(true);
    }
  });
});

describe('targeted moves on a circle (optimum = the circle order)', () => {
  const n = 40;
  const identity = Array.from({ length: n }, (_, i) => i);

  it('2-opt undoes a reversed stretch', () => {
    const t = [...identity.slice(0, 10), ...identity.slice(10, 20).reverse(), ...identity.slice(20)];
    const s = circle(n, t);
    s.pushAll();
    localSearch(s, [twoOptMove]);
    expect(s.length).toBeCloseTo(circleOptimum(n), 6);
  });

  it('Or-opt puts a displaced node back', () => {
    const t = identity.filter((v) => v !== 5);
    t.splice(25, 0, 5);
    const s = circle(n, t);
    s.pushAll();
    localSearch(s, [orOptMove]);
    expect(s.length).toBeCloseTo(circleOptimum(n), 6);
  });

  it('Or-3opt moves back a displaced segment of 6 (a pure segment exchange) in one move', () => {
    // Pieces A B C → A C B: three edges change, no reversal; no single 2-opt or Or-opt (≤ 3 nodes) move does it.
    const t = [...identity.slice(0, 10), ...identity.slice(16, 30), ...identity.slice(10, 16), ...identity.slice(30)];
    const s = circle(n, t);
    let moves = 0;
    s.pushAll();
    localSearch(s, [(st, v) => (or3optMove(st, v) ? ++moves > 0 : false)]);
    expect(s.length).toBeCloseTo(circleOptimum(n), 6);
    expect(moves).toBe(1);
  });
});

describe('segmentDoubleBridge', () => {
  it('changes exactly four edges, keeps a valid tour and tracks the length change', () => {
    const rng = new Rng(3);
    for (let seed = 1; seed <= 50; seed++) {
      const n = 10 + seed * 3;
      const s = state(n, seed);
      const edges = (t: Int32Array) => new Set(Array.from(t, (v, i) => [v, t[(i + 1) % n]!].sort((a, b) => a - b).join('-')));
      const before = edges(s.tour);
      expect(segmentDoubleBridge(s, rng)).toBe(true);
      const after = edges(s.tour);
      expect([...after].filter((e) => !before.has(e))).toHaveLength(4);
      expect(s.length).toBeCloseTo(closedLength(s.d, n, s.tour), 6);
      expect(checkTour(n, Array.from(s.tour), s.d).ok).toBe(true);
    }
  });
});
