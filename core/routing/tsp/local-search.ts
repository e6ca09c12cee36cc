import { or3optMove } from './ops/or3opt.ts';
import { orOptMove } from './ops/or-opt.ts';
import { twoOptMove } from './ops/two-opt.ts';
import type { TourState } from './tour-state.ts';

/** An improving-move operator: tries moves around one node, makes the first improving one, says if it did. */
export type Operator = (s: TourState, v: number) => boolean;

/** The default neighbourhood, cheapest first. */
export const DEFAULT_OPERATORS: readonly Operator[] = [twoOptMove, orOptMove, or3optMove];

/**
 * Runs the operators on queued nodes until the queue is empty (a local optimum for all of them around
 * every node that changed). A node whose edges change is queued again by the move itself.
 */
export function localSearch(s: TourState, ops: readonly Operator[] = DEFAULT_OPERATORS): void {
  for (let v = s.pop(); v >= 0; v = s.pop()) {
    for (let i = 0; i < ops.length; i++) if (ops[i]!(s, v)) break;
  }
}
