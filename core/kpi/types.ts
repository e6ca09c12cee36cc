/** Shapes the dashboards share. */

/** A KPI over the period and the previous period (null: nothing to measure). */
export interface Figure {
  value: number | null;
  previous: number | null;
}

/** A point of a series: x is a month `YYYY-MM`, a week `YYYY-Www`, a day or a label. */
export interface Point {
  x: string;
  y: number;
}
