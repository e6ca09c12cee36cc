import { roadKm } from '../../routing/distance.ts';
import type { PlanningConfig } from '../config.ts';
import type { PlanAssignment, PlanCosts, PlanJob, PlanningInstance, PlanTechnicien, PlanZone } from './types.ts';

const DAY_MS = 86_400_000;

/** Calendar days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The cost coefficients of one instance, computed once and shared by the model, the heuristic and the evaluation. */
export class CostModel {
  private readonly zones: Map<number, PlanZone>;
  readonly lastDay: string;

  constructor(
    readonly instance: PlanningInstance,
    readonly config: PlanningConfig,
  ) {
    this.zones = new Map(instance.zones.map((z) => [z.id, z]));
    this.lastDay = instance.days.at(-1) ?? instance.week;
  }

  /**
   * Estimated km for a technician to do a job: road km from the centre of the technician's home zone to the
   * centre of the job's zone, plus the zone's typical inner leg. Same zone → only the inner leg (zone priority).
   */
  km(tech: PlanTechnicien, job: PlanJob): number {
    const home = this.zones.get(tech.homeZone);
    const there = this.zones.get(job.zone);
    if (!home || !there) return 0;
    return roadKm(home, there, this.instance.roadFactor) + there.radiusKm;
  }

  urgency(job: PlanJob): number {
    return this.config.urgencyWeights[job.urgency];
  }

  /** Days late if done on `date` (0 when on time or without due date). */
  daysLate(job: PlanJob, date: string): number {
    return job.due === null ? 0 : Math.max(0, daysBetween(job.due, date));
  }

  /** Cost of doing the job on the `dayIndex`-th working day: lateness, and a small wait cost so urgent jobs come first. */
  dayCost(job: PlanJob, dayIndex: number): number {
    const date = this.instance.days[dayIndex]!;
    const u = this.urgency(job);
    return this.config.weightLateness * u * this.daysLate(job, date) + this.config.weightEarliness * u * dayIndex;
  }

  /** The whole cost of one assignment (travel + day). */
  assignCost(tech: PlanTechnicien, job: PlanJob, dayIndex: number): number {
    return this.config.weightKm * this.km(tech, job) + this.dayCost(job, dayIndex);
  }

  /** Whether the job falls due within the week (or is already late). */
  dueThisWeek(job: PlanJob): boolean {
    return job.due !== null && job.due <= this.lastDay;
  }

  /** The explicit penalty of leaving the job unplanned. */
  unplannedCost(job: PlanJob): number {
    const base = this.config.penaltyUnplanned * this.urgency(job) * (this.dueThisWeek(job) ? 1 : this.config.notDueFactor);
    return base + (job.current ? this.config.penaltyUnplanCurrent : 0);
  }

  /** Minutes a technician can work this week. */
  availableMin(tech: PlanTechnicien): number {
    return this.instance.days.filter((d) => !tech.offDays.includes(d)).length * tech.capacityMin;
  }

  /** Each technician's fair share of the planned load (proportional to their available minutes). */
  shares(): Map<number, number> {
    const total = this.instance.technicians.reduce((s, t) => s + this.availableMin(t), 0);
    return new Map(this.instance.technicians.map((t) => [t.id, total > 0 ? this.availableMin(t) / total : 0]));
  }
}

/** The objective terms of any plan (the solver's, the current one…), evaluated the same way as the model. */
export function evaluatePlan(instance: PlanningInstance, assignments: readonly PlanAssignment[], config: PlanningConfig): PlanCosts {
  const cm = new CostModel(instance, config);
  const jobs = new Map(instance.jobs.map((j) => [j.id, j]));
  const techs = new Map(instance.technicians.map((t) => [t.id, t]));
  const load = new Map<number, number>();
  const placed = new Set<number>();
  let km = 0;
  let lateness = 0;
  let dayTerms = 0;
  for (const a of assignments) {
    const job = jobs.get(a.jobId);
    const tech = techs.get(a.technicienId);
    const dayIndex = instance.days.indexOf(a.date);
    if (!job || !tech || dayIndex < 0) continue;
    placed.add(job.id);
    km += cm.km(tech, job);
    lateness += cm.urgency(job) * cm.daysLate(job, a.date);
    dayTerms += cm.dayCost(job, dayIndex);
    load.set(tech.id, (load.get(tech.id) ?? 0) + job.durationMin);
  }
  const totalLoad = [...load.values()].reduce((s, x) => s + x, 0);
  let imbalanceMin = 0;
  for (const [id, share] of cm.shares()) imbalanceMin += Math.abs((load.get(id) ?? 0) - share * totalLoad);
  const unplannedJobs = instance.jobs.filter((j) => !placed.has(j.id));
  const unplannedCost = unplannedJobs.reduce((s, j) => s + cm.unplannedCost(j), 0);
  const total = config.weightKm * km + dayTerms + config.weightBalance * imbalanceMin + unplannedCost;
  return { km: round(km, 1), lateness: round(lateness, 2), imbalanceMin: round(imbalanceMin, 1), unplanned: unplannedJobs.length, total: round(total, 4) };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
