/** Distance convention: `double` (Euclidean in double precision) or `trunc1` (truncated to one decimal, the exact-method literature). */
export type Convention = 'double' | 'trunc1';

/** One node of a Solomon-style instance; node 0 is the depot and its due date is the planning horizon. */
export interface VrptwNode {
  id: number;
  x: number;
  y: number;
  demand: number;
  ready: number;
  due: number;
  service: number;
}

export interface VrptwInstance {
  name: string;
  /** Vehicles available (the file's VEHICLE NUMBER). */
  vehicles: number;
  capacity: number;
  /** nodes[0] is the depot; nodes[i].id === i. */
  nodes: VrptwNode[];
}

export type Objective = 'vehicles-then-distance' | 'distance';

export interface SolveOptions {
  timeLimitMs?: number;
  seed?: number;
  objective?: Objective;
  /** Caps the fleet below the instance's vehicle count; customers that do not fit are returned as unassigned. */
  maxVehicles?: number;
  /** Stops after this many ruin-and-recreate iterations (with the time limit, whichever comes first); makes runs reproducible. */
  maxIterations?: number;
  convention?: Convention;
}

export interface SolveResult {
  /** Customer ids per route, depot omitted. */
  routes: number[][];
  vehicles: number;
  distance: number;
  /** Every route respects capacity, windows and the depot horizon (unassigned customers are allowed). */
  feasible: boolean;
  unassigned: number[];
  ms: number;
  iterations: number;
}
