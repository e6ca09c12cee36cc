/** The ROI card: built in core/kpi/roi-card.ts (issue 8 §3). */
export { roiCard } from '../roi-card.ts';
