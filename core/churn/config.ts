/** The churn module's settings: risk thresholds, windows and horizons. */
import { addMonths, differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { CHURN_RISKS } from '../warehouse/schema.ts';

export type Risk = (typeof CHURN_RISKS)[number];

export interface RiskThresholds {
  /** score ≥ moyen → Moyen */
  readonly moyen: number;
  /** score > eleve → Élevé (and an alert) */
  readonly eleve: number;
}

export const RISK_THRESHOLDS: RiskThresholds = { moyen: 0.3, eleve: 0.6 };

export function riskOf(score: number, t: RiskThresholds = RISK_THRESHOLDS): Risk {
  if (score > t.eleve) return 'Élevé';
  if (score >= t.moyen) return 'Moyen';
  return 'Faible';
}

export const CHURN_CONFIG = {
  /** the target: the contract ends (terminated or not renewed) within this many months after the cut-off */
  horizonMonths: 3,
  /** features look back this many months (notes, complaints, late interventions, surveys) */
  windowMonths: 12,
  /** monthly training cut-offs before the validation ones */
  trainMonths: 12,
  /** the latest monthly cut-offs whose horizon is over, held out for validation */
  validationMonths: 3,
  /** reasons shown per client */
  reasons: 3,
} as const;

export const addMonthsIso = (iso: string, months: number): string => format(addMonths(parseISO(iso), months), 'yyyy-MM-dd');
export const daysBetween = (fromIso: string, toIso: string): number => differenceInCalendarDays(parseISO(toIso), parseISO(fromIso));
/** The first day of the month of `iso`. */
export const monthStart = (iso: string): string => `${iso.slice(0, 7)}-01`;
