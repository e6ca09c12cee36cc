/** The weekly planning problem and its answer: plain data, no solver types (they cross a worker boundary). */

export const URGENCY_LEVELS = ['normale', 'urgente', 'critique'] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];

export interface PlanZone {
  id: number;
  name: string;
  lat: number;
  lon: number;
  /** typical leg inside the zone, km */
  radiusKm: number;
}

export interface PlanTechnicien {
  id: number;
  name: string;
  skills: string[];
  homeZone: number;
  /** minutes of work per day (480 by default) */
  capacityMin: number;
  /** dates of the week this technician does not work (sick, leave…), beyond weekends and public holidays */
  offDays: string[];
  /** depot / home base, when known (for tour km) */
  base?: { lat: number; lon: number };
}

export interface PlanJob {
  /** planned_id in the warehouse, or a generated number */
  id: number;
  label: string;
  durationMin: number;
  skill: string;
  zone: number;
  /** due date YYYY-MM-DD; null = no due date */
  due: string | null;
  urgency: Urgency;
  /** appointment day agreed with the client: the job must be done that day or not at all */
  fixedDate: string | null;
  /** where the current plan has it (already planned jobs being re-planned) */
  current: { technicienId: number; date: string } | null;
  /** client location, when known (for tour km and order) */
  location?: { lat: number; lon: number };
  /** appointment window start HH:MM, when the client gave one (orders the day) */
  windowStart?: string | null;
}

export interface PlanningInstance {
  /** ISO week YYYY-Www */
  week: string;
  /** the working days of the week (weekends and public holidays removed), in order */
  days: string[];
  technicians: PlanTechnicien[];
  jobs: PlanJob[];
  zones: PlanZone[];
  /** road distance ≈ crow distance × factor */
  roadFactor: number;
}

export interface PlanAssignment {
  jobId: number;
  technicienId: number;
  date: string;
}

export type UnplannedReason = 'no_skilled_technician' | 'too_long' | 'no_available_day' | 'fixed_day_unavailable' | 'no_capacity';

export interface Unplanned {
  jobId: number;
  reason: UnplannedReason;
  /** why, in French, for the planner */
  detail: string;
}

/** The terms of the objective, in their own units. */
export interface PlanCosts {
  km: number;
  /** Σ days late × urgency weight */
  lateness: number;
  /** Σ |load − fair share| over technicians, minutes */
  imbalanceMin: number;
  unplanned: number;
  /** the weighted objective */
  total: number;
}

export type PlanStatus = 'optimal' | 'feasible' | 'infeasible';
export type PlanMethod = 'milp' | 'milp-restricted' | 'greedy';

export interface PlanResult {
  status: PlanStatus;
  /** weighted objective of the plan returned */
  objective: number;
  /** proven lower bound (MIP dual bound, or the LP relaxation of the full model for a restricted solve) */
  bound: number;
  /** (objective − bound) / |objective| */
  gap: number;
  ms: number;
  method: PlanMethod;
  assignments: PlanAssignment[];
  unassigned: Unplanned[];
  costs: PlanCosts;
  /** model size */
  columns: number;
  rows: number;
}
