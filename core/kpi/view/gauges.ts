/** Chart.Gauge sections with the goal's colours as segments. */
import type { GaugeSection } from '../../../cards/charts/types.ts';
import type { Lang } from '../../conversation/types.ts';
import { t } from './format.ts';

type Gauge = Omit<GaugeSection, 'title' | 'note'>;

/** NPS on −100…+100: red below 0, orange 0–30, green above 30. */
export function gaugeNps(value: number | null, lang: Lang): Gauge {
  return {
    show: value !== null, min: -100, max: 100, value: value === null ? 0 : Math.round(value), valueFormat: 'Fraction', subLabel: 'NPS',
    segments: [
      { size: 100, legend: t(lang, '< 0', '< 0'), color: 'attention' },
      { size: 30, legend: '0–30', color: 'warning' },
      { size: 70, legend: '> 30', color: 'good' },
    ],
  };
}

/** A rate in % on 0–100 with its goal: red below goal − tolerance, orange up to the goal, green above. */
export function gaugeRate(value: number | null, goal: number, tolerance: number, lang: Lang, max = 1): Gauge {
  const g = Math.round(goal * 100);
  const low = Math.round((goal - tolerance) * 100);
  return {
    show: value !== null, min: 0, max: Math.round(max * 100), value: value === null ? 0 : Math.round(value * 1000) / 10, valueFormat: 'Percentage',
    subLabel: t(lang, `objectif ${g} %`, `goal ${g}%`),
    segments: [
      { size: low, legend: `< ${low} %`, color: 'attention' },
      { size: g - low, legend: `${low}–${g} %`, color: 'warning' },
      { size: Math.round(max * 100) - g, legend: `≥ ${g} %`, color: 'good' },
    ],
  };
}
