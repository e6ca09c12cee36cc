/**
 * Data of the KPI cards (cards/dashboard-*.json, kpi.json, kpi-roi.json) and the Teams chart shapes they bind,
 * as in the Adaptive Cards chart elements of Teams (@microsoft/teams.cards 2.1: Chart.Line, Chart.VerticalBar,
 * Chart.VerticalBar.Grouped, Chart.HorizontalBar, Chart.Donut, Chart.Gauge). Every value is ready to display.
 */

/** The chart colours of Teams (a subset of `ChartColor`). */
export type ChartColor =
  | 'good' | 'warning' | 'attention' | 'neutral'
  | 'categoricalBlue' | 'categoricalLightBlue' | 'categoricalTeal' | 'categoricalGreen' | 'categoricalMarigold' | 'categoricalPurple' | 'categoricalRed' | 'categoricalLavender' | 'categoricalLime'
  | 'divergingGray';

export type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

/** A headline KPI: value in its goal colour, trend against the previous period, the goal. */
export interface Tile {
  label: string;
  value: string;
  color: TextColor;
  /** '' for none */
  trend: string;
  /** '' for none */
  goal: string;
}

export interface Section {
  show: boolean;
  title: string;
  /** '' for none */
  note: string;
}

export interface Series {
  legend: string;
  color?: ChartColor;
  values: { x: string; y: number }[];
}

/** Chart.Line and Chart.VerticalBar.Grouped: series of points. */
export interface SeriesSection extends Section {
  xAxisTitle: string;
  yAxisTitle: string;
  data: Series[];
}

/** Chart.VerticalBar: one bar per point. */
export interface BarSection extends Section {
  xAxisTitle: string;
  yAxisTitle: string;
  data: { x: string; y: number; color?: ChartColor }[];
}

/** Chart.HorizontalBar. */
export interface HorizontalBarSection extends Section {
  data: { x: string; y: number; color?: ChartColor }[];
}

/** Chart.Donut: `value` is written in the centre. */
export interface DonutSection extends Section {
  value: string;
  data: { legend: string; value: number; color?: ChartColor }[];
}

/** Chart.Gauge: segments laid from `min`, each `size` wide. */
export interface GaugeSection extends Section {
  min: number;
  max: number;
  value: number;
  valueFormat: 'Percentage' | 'Fraction';
  subLabel: string;
  segments: { size: number; legend: string; color: ChartColor }[];
}

/** An image drawn server-side (PNG data URI). */
export interface ImageSection extends Section {
  url: string;
  altText: string;
}

export interface FactsSection extends Section {
  facts: { title: string; value: string }[];
}

/** A word cloud as a RichTextBlock: one TextRun per word, sized by frequency. */
export interface WordsSection extends Section {
  inlines: { type: 'TextRun'; text: string; size: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge'; weight: 'Default' | 'Bolder'; color: TextColor }[];
}

/** The Action.Execute `kpi.period` buttons: previous / next period (same dashboard, same filters). */
export interface Nav {
  previousLabel: string;
  previous: Record<string, unknown>;
  nextLabel: string;
  next: Record<string, unknown>;
  hasNext: boolean;
}

export interface DashboardBase {
  title: string;
  subtitle: string;
  tileRows: { tiles: Tile[] }[];
  footnote: string;
  nav: Nav;
}

export interface DirectionCardData extends DashboardBase {
  ca: SeriesSection;
  contracts: SeriesSection;
  nps: GaugeSection;
  renewal: GaugeSection;
  interventions: SeriesSection;
  funnel: HorizontalBarSection;
  heatmap: ImageSection;
  top: HorizontalBarSection;
}

export interface PlanningCardData extends DashboardBase {
  toPlan: DonutSection;
  portal: SeriesSection;
  occupancy: HorizontalBarSection;
  contracts: FactsSection;
}

export interface TechniciansCardData extends DashboardBase {
  kmWeeks: SeriesSection;
  kmGauge: GaugeSection;
  durations: SeriesSection;
  satisfaction: SeriesSection;
}

export interface QualityCardData extends DashboardBase {
  nps: GaugeSection;
  byType: HorizontalBarSection;
  complaints: BarSection;
  reasons: HorizontalBarSection;
  words: WordsSection;
}

export interface FinanceCardData extends DashboardBase {
  reinvoiced: BarSection;
  conversion: GaugeSection;
  amounts: HorizontalBarSection;
  quotes: SeriesSection;
}

export interface RoiCardData extends DashboardBase {
  savings: HorizontalBarSection;
  targets: FactsSection;
}

/** One KPI asked alone ("NPS du mois"): its tile, a sentence, and one chart element (or an image). */
export interface KpiCardData extends DashboardBase {
  detail: string;
  chart: { show: boolean; title: string; items: Record<string, unknown>[] };
  nav: Nav & { dashboardLabel: string; dashboard: Record<string, unknown> };
}
