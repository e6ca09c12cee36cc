/** The TSPLIB edge-weight types this reader understands. */
export type EdgeWeightType = 'EUC_2D' | 'CEIL_2D' | 'ATT' | 'GEO' | 'EXPLICIT';

export const EDGE_WEIGHT_TYPES: readonly EdgeWeightType[] = ['EUC_2D', 'CEIL_2D', 'ATT', 'GEO', 'EXPLICIT'];

/** A symmetric TSP instance read from a `.tsp` file. Nodes are 0-based here (TSPLIB id = index + 1). */
export interface TspInstance {
  readonly name: string;
  readonly comment: string;
  readonly dimension: number;
  readonly edgeWeightType: EdgeWeightType;
  /** x of node i (NODE_COORD_SECTION), or null for EXPLICIT instances without coordinates. */
  readonly x: Float64Array | null;
  readonly y: Float64Array | null;
  /** Full symmetric n×n weights for EXPLICIT instances, row-major; null otherwise. */
  readonly weights: Float64Array | null;
}

/** A tour read from a `.opt.tour` / `.tour` file: TSPLIB node ids, 1-based, in tour order. */
export interface TsplibTour {
  readonly name: string;
  readonly dimension: number | null;
  readonly nodes: number[];
}

/** A malformed TSPLIB file: the message names the file, the line when there is one, and why. */
export class TsplibError extends Error {
  override readonly name = 'TsplibError';
}
