/**
 * The past, day by day from the window start to yesterday: each technician's working day (4–6 jobs on
 * Mon–Fri, rare Saturday emergencies, never on public holidays, some weeks off), the interventions with
 * times, km, amounts and notes, their surveys and quotes, and the contract renewals as periods end.
 */
import type { Db } from '../db.ts';
import { decideRenewal } from './churn.ts';
import type { ContractBook } from './contracts.ts';
import { monthOf, weekIndex } from './days.ts';
import { InterventionWriter } from './interventions.ts';
import { roadKm, type ClientSim, type DayInfo, type TechSim, type TypeRef } from './model.ts';
import { TYPES_INTERVENTION, ZONES, type Specialite } from './reference.ts';
import type { Rng } from './rng.ts';

/** share of technicians on holiday in a week, by month */
const WEEK_OFF = [0.05, 0.08, 0.05, 0.06, 0.06, 0.05, 0.22, 0.25, 0.04, 0.06, 0.05, 0.12];

export interface ActivityInput {
  readonly db: Db;
  readonly rng: Rng;
  readonly days: ReadonlyMap<number, DayInfo>;
  readonly from: number;
  readonly today: number;
  /** first day of the SMS survey */
  readonly surveyStart: number;
  readonly clients: readonly ClientSim[];
  readonly techs: readonly TechSim[];
  readonly book: ContractBook;
  /**
   * Called at the start of every day, after the renewals of the periods that ended the day before and before the
   * day's work: it may read the clients' state but must draw from its own random stream (the history must not move).
   */
  readonly onDay?: (day: number) => void;
}

export interface ActivityCounts {
  readonly interventions: number;
  readonly surveys: number;
  readonly devis: number;
}

interface Job {
  readonly client: ClientSim;
  readonly type: TypeRef;
  readonly prevue: number;
}

interface TypeChoice {
  readonly types: readonly TypeRef[];
  readonly weights: readonly number[];
}

export function simulateActivity(input: ActivityInput): ActivityCounts {
  const { db, rng, days, from, today, surveyStart, clients, techs, book } = input;
  const writer = new InterventionWriter(db, rng, today, surveyStart);
  const picker = new ClientPicker(rng, clients);
  const typeChoices = techs.map((t) => monthlyTypeChoices(t.specialites));
  const emergencies = techs.map((t) => emergencyTypes(t.specialites));
  const weekOff = techs.map(() => ({ week: -1, off: false }));

  for (let d = from; d <= today; d++) {
    for (const c of book.endingOn(d - 1)) decideRenewal(rng, book, c, d - 1);
    input.onDay?.(d);
    if (d === today) break;
    const info = days.get(d);
    if (!info || info.ferie || info.weekday === 6) continue;
    const saturday = info.weekday === 5;
    const month = monthOf(d);
    for (let ti = 0; ti < techs.length; ti++) {
      const tech = techs[ti]!;
      let jobs: Job[];
      if (saturday) {
        if (!rng.chance(0.04)) continue;
        const client = picker.pick(tech, d);
        if (!client) continue;
        const type = rng.pick(emergencies[ti]!);
        jobs = [{ client, type, prevue: type.duree_standard_min }];
      } else {
        const w = weekOff[ti]!;
        if (w.week !== weekIndex(d)) {
          w.week = weekIndex(d);
          w.off = rng.chance(WEEK_OFF[month - 1]!);
        }
        if (w.off) continue;
        jobs = drawJobs(rng, picker, tech, typeChoices[ti]![month - 1]!, d);
      }
      // the day: from the depot, nearest stop first, lunch after noon, back to the depot
      const planFactor = rng.uniform(1.15, 1.3);
      let t = saturday ? rng.int(510, 600) : rng.int(465, 495);
      let lunch = saturday;
      let lat = tech.baseLat;
      let lon = tech.baseLon;
      const ordered = nearestNeighbourOrder(tech, jobs);
      for (let j = 0; j < ordered.length; j++) {
        const job = ordered[j]!;
        let km = roadKm(lat, lon, job.client.lat, job.client.lon);
        t += Math.round(4 + (km / (km > 12 ? 55 : 30)) * 60);
        if (!lunch && t >= 720) {
          t += rng.int(40, 60);
          lunch = true;
        }
        lat = job.client.lat;
        lon = job.client.lon;
        if (j === ordered.length - 1) km += roadKm(lat, lon, tech.baseLat, tech.baseLon);
        const kmPlan = km * planFactor * rng.uniform(0.97, 1.03);
        const depart = writer.write({ tech, client: job.client, type: job.type, prevue: job.prevue, day: d, info, arrivee: t, km, kmPlan, emergency: saturday });
        t = depart + rng.int(3, 10);
      }
    }
  }
  return writer.counts;
}

/** A weekday's jobs: 4–6 clients, types the technician can do (seasonal mix), about 7 h of work at most. */
function drawJobs(rng: Rng, picker: ClientPicker, tech: TechSim, choice: TypeChoice, day: number): Job[] {
  const jobs: Job[] = [];
  const n = 4 + rng.weighted([30, 45, 25]);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const client = picker.pick(tech, day);
    if (!client) break;
    const type = choice.types[rng.weighted(choice.weights)]!;
    const prevue = type.duree_standard_min + (client.pro && rng.chance(0.3) ? 15 : 0);
    if (jobs.length >= 4 && total + prevue > 420) break;
    jobs.push({ client, type, prevue });
    total += prevue;
  }
  return jobs;
}

/** The optimised order of the day: nearest neighbour from the depot. */
function nearestNeighbourOrder(tech: TechSim, jobs: readonly Job[]): Job[] {
  const left = jobs.slice();
  const out: Job[] = [];
  let lat = tech.baseLat;
  let lon = tech.baseLon;
  while (left.length > 0) {
    let best = 0;
    let bestKm = Infinity;
    for (let i = 0; i < left.length; i++) {
      const km = roadKm(lat, lon, left[i]!.client.lat, left[i]!.client.lon);
      if (km < bestKm) {
        bestKm = km;
        best = i;
      }
    }
    const job = left.splice(best, 1)[0]!;
    out.push(job);
    lat = job.client.lat;
    lon = job.client.lon;
  }
  return out;
}

/** Per month (index 0 = January), the types a technician can do and their seasonal weights. */
export function monthlyTypeChoices(specialites: readonly Specialite[]): TypeChoice[] {
  const types = TYPES_INTERVENTION.filter((t) => specialites.includes(t.specialite_requise));
  return Array.from({ length: 12 }, (_, m) => ({ types, weights: types.map((t) => t.poids * (t.saison?.[m] ?? 1)) }));
}

function emergencyTypes(specialites: readonly Specialite[]): TypeRef[] {
  const own = TYPES_INTERVENTION.filter((t) => specialites.includes(t.specialite_requise));
  const dep = own.filter((t) => t.categorie === 'depannage');
  return dep.length > 0 ? dep : own;
}

/**
 * Draws the client of a job: mostly in the technician's home zone, else anywhere (weighted by clients);
 * only clients that exist that day; clients under contract far more often than former or contract-less ones.
 */
export class ClientPicker {
  private readonly byZone: ClientSim[][];
  private readonly zoneWeights: number[];
  private readonly zoneIndex = new Map(ZONES.map((z, i) => [z.zone_id, i]));

  constructor(
    private readonly rng: Rng,
    private readonly clients: readonly ClientSim[],
  ) {
    this.byZone = ZONES.map((z) => clients.filter((c) => c.zoneId === z.zone_id));
    this.zoneWeights = this.byZone.map((l) => l.length);
  }

  /** A client for a technician (home zone first); `null` = anywhere. */
  pick(tech: TechSim | null, day: number): ClientSim | null {
    const { rng } = this;
    const home = tech ? (this.zoneIndex.get(tech.zoneId) ?? -1) : -1;
    for (let attempt = 0; attempt < 40; attempt++) {
      const zi = home >= 0 && rng.chance(0.72) ? home : rng.weighted(this.zoneWeights);
      const list = this.byZone[zi];
      if (!list || list.length === 0) continue;
      const c = list[Math.floor(rng.next() * list.length)]!;
      if (c.since > day) continue;
      const accept = c.period ? (c.pro ? 1 : 0.75) : c.churned ? 0.1 : 0.3;
      if (rng.chance(accept)) return c;
    }
    const start = Math.floor(rng.next() * this.clients.length);
    for (let i = 0; i < this.clients.length; i++) {
      const c = this.clients[(start + i) % this.clients.length]!;
      if (c.since <= day) return c;
    }
    return null;
  }
}
