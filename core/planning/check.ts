import type { PlanAssignment, PlanningInstance } from './model/types.ts';

export interface PlanCheck {
  feasible: boolean;
  problems: string[];
}

/**
 * Independent feasibility check of a plan, from the instance only (no solver code): every assignment names a
 * known job, technician and working day; each job at most once; the technician has the skill, works that day
 * (weekends/holidays are not in `days`, days off are listed), the appointment day is kept; and no
 * technician-day holds more minutes than the technician's capacity.
 */
export function checkPlan(instance: PlanningInstance, assignments: readonly PlanAssignment[]): PlanCheck {
  const problems: string[] = [];
  const jobs = new Map(instance.jobs.map((j) => [j.id, j]));
  const techs = new Map(instance.technicians.map((t) => [t.id, t]));
  const seen = new Set<number>();
  const minutes = new Map<string, number>();
  for (const a of assignments) {
    const job = jobs.get(a.jobId);
    const tech = techs.get(a.technicienId);
    if (!job) problems.push(`intervention ${a.jobId} inconnue`);
    if (!tech) problems.push(`technicien ${a.technicienId} inconnu`);
    if (!job || !tech) continue;
    if (seen.has(job.id)) problems.push(`intervention ${job.id} planifiée deux fois`);
    seen.add(job.id);
    if (!instance.days.includes(a.date)) problems.push(`intervention ${job.id} le ${a.date}, jour non travaillé`);
    if (tech.offDays.includes(a.date)) problems.push(`intervention ${job.id} le ${a.date} : ${tech.name} est absent`);
    if (!tech.skills.includes(job.skill)) problems.push(`intervention ${job.id} (${job.skill}) donnée à ${tech.name} qui n’a pas la compétence`);
    if (job.fixedDate !== null && job.fixedDate !== a.date) problems.push(`intervention ${job.id} déplacée du ${job.fixedDate} (rendez-vous) au ${a.date}`);
    const key = `${tech.id}|${a.date}`;
    minutes.set(key, (minutes.get(key) ?? 0) + job.durationMin);
  }
  for (const [key, min] of minutes) {
    const [id, date] = key.split('|');
    const tech = techs.get(Number(id))!;
    if (min > tech.capacityMin) problems.push(`${tech.name} le ${date} : ${min} min > ${tech.capacityMin} min`);
  }
  return { feasible: problems.length === 0, problems };
}
