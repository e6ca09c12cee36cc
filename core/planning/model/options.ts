import type { PlanJob, PlanningInstance, Unplanned } from './types.ts';

/** One way to do a job: technician (index in instance.technicians) on a working day (index in instance.days). */
export interface JobOption {
  tech: number;
  day: number;
}

export interface JobOptions {
  /** per job (same order as instance.jobs): the allowed (technician, day) pairs */
  options: JobOption[][];
  /** jobs with no option at all, and why */
  impossible: Unplanned[];
}

/**
 * Which technician may do which job on which day: the skill, the capacity (a job longer than a day never fits),
 * the technician's days off, and the appointment day when fixed. Jobs without any option are named with the reason.
 */
export function jobOptions(instance: PlanningInstance): JobOptions {
  const options: JobOption[][] = [];
  const impossible: Unplanned[] = [];
  for (const job of instance.jobs) {
    const list: JobOption[] = [];
    instance.technicians.forEach((tech, ti) => {
      if (!tech.skills.includes(job.skill) || job.durationMin > tech.capacityMin) return;
      instance.days.forEach((date, di) => {
        if (tech.offDays.includes(date)) return;
        if (job.fixedDate !== null && job.fixedDate !== date) return;
        list.push({ tech: ti, day: di });
      });
    });
    options.push(list);
    if (list.length === 0) impossible.push(whyImpossible(instance, job));
  }
  return { options, impossible };
}

function whyImpossible(instance: PlanningInstance, job: PlanJob): Unplanned {
  const skilled = instance.technicians.filter((t) => t.skills.includes(job.skill));
  if (skilled.length === 0) {
    return { jobId: job.id, reason: 'no_skilled_technician', detail: `aucun technicien n’a la compétence ${job.skill}` };
  }
  const fitting = skilled.filter((t) => job.durationMin <= t.capacityMin);
  if (fitting.length === 0) {
    return { jobId: job.id, reason: 'too_long', detail: `${job.durationMin} min dépasse la capacité d’une journée (${Math.max(...skilled.map((t) => t.capacityMin))} min)` };
  }
  if (job.fixedDate !== null) {
    return {
      jobId: job.id,
      reason: 'fixed_day_unavailable',
      detail: instance.days.includes(job.fixedDate)
        ? `aucun technicien ${job.skill} n’est disponible le ${job.fixedDate}, jour du rendez-vous`
        : `le rendez-vous du ${job.fixedDate} tombe un jour non travaillé`,
    };
  }
  return { jobId: job.id, reason: 'no_available_day', detail: `les techniciens ${job.skill} (${fitting.map((t) => t.name).join(', ')}) sont absents toute la semaine` };
}
