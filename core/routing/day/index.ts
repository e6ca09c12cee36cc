export { planDay, planTeamDay, EXACT_MAX_STOPS } from './plan-day.ts';
export { toHHMM, toMinutes } from './time.ts';
export { dayInputSchema, type DayInput, type DayPlan, type DayStop, type DayVisit, type LatLon, type StopId, type Unfitted, type UnfittedReason } from './types.ts';
