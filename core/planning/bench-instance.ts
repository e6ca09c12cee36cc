import { z } from 'zod';
import { ZONES } from '../warehouse/demo/reference.ts';
import { SPECIALITES } from '../warehouse/schema.ts';
import { DEFAULT_ROAD_FACTOR } from '../routing/distance.ts';
import type { PlanJob, PlanningInstance, PlanTechnicien, Urgency } from './model/types.ts';

export const benchOptionsSchema = z.object({
  technicians: z.number().int().min(1).max(200),
  jobs: z.number().int().min(0).max(5000),
  seed: z.number().int().min(0).default(1),
});
export type BenchOptions = z.input<typeof benchOptionsSchema>;

/** The generated week: Monday 2 to Friday 6 March 2026 (no public holiday). */
export const BENCH_WEEK = '2026-W10';
export const BENCH_DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generated weekly-planning instance, deterministic for a seed: the 7 Annecy zones, 6 skills, technicians
 * with 3–5 skills each (every skill held by at least two technicians when there are two), 480 min a day;
 * jobs of 30–180 min in steps of 15, due dates spread over the week (a few already late, a few next week),
 * urgency 60 % normale / 28 % urgente / 12 % critique.
 */
export function benchInstance(input: BenchOptions): PlanningInstance {
  const { technicians: nt, jobs: nj, seed } = benchOptionsSchema.parse(input);
  const rnd = mulberry32(seed * 7919 + 17);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const skills = [...SPECIALITES];
  const techs: PlanTechnicien[] = [];
  for (let i = 0; i < nt; i++) {
    const count = int(3, 5);
    const own = new Set<string>([skills[i % skills.length]!, skills[(i + 3) % skills.length]!]);
    while (own.size < count) own.add(skills[int(0, skills.length - 1)]!);
    techs.push({ id: i + 1, name: `Technicien ${i + 1}`, skills: skills.filter((s) => own.has(s)), homeZone: ZONES[i % ZONES.length]!.zone_id, capacityMin: 480, offDays: [] });
  }
  const urgencies: Urgency[] = ['normale', 'urgente', 'critique'];
  const dueDays = ['2026-02-27', ...BENCH_DAYS, '2026-03-09', '2026-03-10'];
  const jobs: PlanJob[] = [];
  for (let j = 0; j < nj; j++) {
    const r = rnd();
    const urgency = urgencies[r < 0.6 ? 0 : r < 0.88 ? 1 : 2]!;
    const zone = ZONES[int(0, ZONES.length - 1)]!;
    jobs.push({
      id: j + 1,
      label: `J${j + 1}`,
      durationMin: 30 + 15 * int(0, 10),
      skill: skills[int(0, skills.length - 1)]!,
      zone: zone.zone_id,
      due: dueDays[int(0, dueDays.length - 1)]!,
      urgency,
      fixedDate: null,
      current: null,
    });
  }
  return {
    week: BENCH_WEEK,
    days: [...BENCH_DAYS],
    technicians: techs,
    jobs,
    zones: ZONES.map((z) => ({ id: z.zone_id, name: z.nom_zone, lat: z.latitude_centre, lon: z.longitude_centre, radiusKm: z.rayon_km })),
    roadFactor: DEFAULT_ROAD_FACTOR,
  };
}

/** Total job minutes / total capacity of the week (> 1: overfull). */
export function instanceLoad(instance: PlanningInstance): number {
  const demand = instance.jobs.reduce((s, j) => s + j.durationMin, 0);
  const capacity = instance.technicians.reduce((s, t) => s + instance.days.filter((d) => !t.offDays.includes(d)).length * t.capacityMin, 0);
  return capacity > 0 ? Math.round((demand / capacity) * 1000) / 1000 : Infinity;
}
