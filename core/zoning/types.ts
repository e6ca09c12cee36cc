import type { LatLon } from './geo.ts';

/** A client to zone: where it is and the work it brings (planned minutes). */
export interface ZonePoint extends LatLon {
  id: number;
  /** planned minutes (last 12 months + planned work): what the balancing evens out */
  minutes: number;
  /** the client's town, to name a zone that matches no existing one */
  ville?: string;
}

export interface ZoningOptions {
  /** number of zones, 1 ≤ k ≤ number of points */
  k: number;
  /** K-means++ seed; the same seed and points give the same zones */
  seed?: number;
  /** K-means runs from different seeds (seed, seed+1, …): the one with the lowest inertia is kept */
  restarts?: number;
  /** move border clients from overloaded to less loaded neighbouring zones */
  balanced?: boolean;
  /** a zone is overloaded above mean × (1 + tolerance) (default 0.05) */
  tolerance?: number;
}

/** How even the planned minutes are across zones. */
export interface BalanceReport {
  /** planned minutes per zone, in zone order */
  minutes: number[];
  mean: number;
  min: number;
  max: number;
  /** max / min (Infinity when a zone has no work) */
  maxMinRatio: number;
  /** coefficient of variation: standard deviation / mean */
  cv: number;
}

export interface ZoneStats {
  /** 0-based cluster index */
  index: number;
  centre: LatLon;
  /** 90th percentile of the clients' distance to the centre, km (0.1 km) */
  radiusKm: number;
  clients: number;
  /** clients per km² within the radius (radius at least 0.5 km) */
  density: number;
  minutes: number;
  /** the most frequent town of its clients */
  mainTown: string | null;
}

export interface Zoning {
  k: number;
  seed: number;
  balanced: boolean;
  /** zone index (0..k−1) of each point, in the input order */
  assignment: number[];
  zones: ZoneStats[];
  /** after K-means */
  before: BalanceReport;
  /** after balancing (= before when not balanced) */
  after: BalanceReport;
  /** points moved by the balancing */
  moved: number;
  /** K-means inertia (sum of squared km to the centre) of the run kept */
  inertia: number;
}
