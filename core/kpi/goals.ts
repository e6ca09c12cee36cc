/** The seed's goals and the traffic-light colour of a value against them. */

export type Status = 'good' | 'warning' | 'attention' | 'neutral';

export interface Goal {
  /** e.g. "objectif ≥ 90 %" */
  readonly label: { readonly fr: string; readonly en: string };
  readonly status: (value: number | null) => Status;
}

/** A rate to reach: green at or above `target`, orange within `tolerance` below, red under that. */
export function atLeast(target: number, tolerance: number): Goal {
  const pct = Math.round(target * 100);
  return {
    label: { fr: `objectif ≥ ${pct} %`, en: `goal ≥ ${pct}%` },
    status: (v) => (v === null ? 'neutral' : v >= target ? 'good' : v >= target - tolerance ? 'warning' : 'attention'),
  };
}

/** NPS (−100…+100): red below 0, orange from 0 to 30, green above 30. */
export const NPS_GOAL: Goal = {
  label: { fr: 'rouge < 0 · orange 0–30 · vert > 30', en: 'red < 0 · orange 0–30 · green > 30' },
  status: (v) => (v === null ? 'neutral' : v < 0 ? 'attention' : v <= 30 ? 'warning' : 'good'),
};

export const GOALS = {
  /** contract renewal rate */
  renewal: atLeast(0.9, 0.1),
  /** survey response rate */
  response: atLeast(0.4, 0.1),
  /** overtime re-invoiced / overtime to re-invoice */
  reinvoicing: atLeast(0.95, 0.1),
  /** quotes signed / quotes sent */
  conversion: atLeast(0.3, 0.1),
  /** km saved against the planned order (1 − km driven / km planned) */
  kmReduction: atLeast(0.2, 0.1),
  nps: NPS_GOAL,
} as const;
