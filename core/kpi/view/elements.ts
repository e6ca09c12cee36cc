/** A card section as one Adaptive Card element, for the single-KPI card (same shapes as the dashboard templates). */
import type { BarSection, DonutSection, GaugeSection, HorizontalBarSection, ImageSection, SeriesSection, WordsSection } from '../../../cards/charts/types.ts';

export type Element = Record<string, unknown>;

export const lineChart = (s: SeriesSection): Element => ({ type: 'Chart.Line', xAxisTitle: s.xAxisTitle, yAxisTitle: s.yAxisTitle, data: s.data });
export const groupedChart = (s: SeriesSection): Element => ({ type: 'Chart.VerticalBar.Grouped', xAxisTitle: s.xAxisTitle, yAxisTitle: s.yAxisTitle, showLegend: true, data: s.data });
export const barChart = (s: BarSection): Element => ({ type: 'Chart.VerticalBar', xAxisTitle: s.xAxisTitle, yAxisTitle: s.yAxisTitle, showBarValues: true, data: s.data });
export const hbarChart = (s: HorizontalBarSection): Element => ({ type: 'Chart.HorizontalBar', displayMode: 'AbsoluteWithAxis', data: s.data });
export const donutChart = (s: DonutSection): Element => ({ type: 'Chart.Donut', value: s.value, showLegend: true, data: s.data });
export const gaugeChart = (s: GaugeSection): Element => ({
  type: 'Chart.Gauge', min: s.min, max: s.max, value: s.value, valueFormat: s.valueFormat, subLabel: s.subLabel, showMinMax: true, showLegend: true, segments: s.segments,
});
export const image = (s: ImageSection): Element => ({ type: 'Image', url: s.url, altText: s.altText, size: 'Stretch' });
export const words = (s: WordsSection): Element => ({ type: 'RichTextBlock', inlines: s.inlines });
