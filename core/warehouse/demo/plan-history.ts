/**
 * The weekly plans of the demo's history, as the app's weekly job leaves them (bot/jobs/plan-weekly.ts, Monday
 * 07:00 for the next week; core/planning/plans.ts for the rows).
 *
 * For every week from the assistant's first day whose plan was computed and whose week is over before the current
 * one: the interventions of that week already requested when the plan was computed (the week before, Monday
 * 07:00; the urgent ones requested later were placed by hand) become planned_interventions rows — done, linked to
 * their fact row, with the technician, day and order they had — and the plan's lines place them. Clothilde
 * accepts most plans a few minutes to an hour after they arrive (now and then later in the day); about one in
 * ten is rejected, and then half the time she asks for a new one and accepts it.
 */
import { createHash } from 'node:crypto';
import { format } from 'date-fns';
import type { AssistantContext } from './assistant.ts';
import { dayNum, isoOf, parisInstant, weekday } from './days.ts';
import { round1, round2 } from './model.ts';
import type { Rng } from './rng.ts';
import { inserter } from './sql.ts';

const PLANNED_COLUMNS = [
  'planned_id', 'source_ref', 'client_id', 'type_intervention_id', 'zone_id', 'technicien_id', 'date_prevue', 'ordre', 'duree_prevue_min',
  'date_demande', 'date_echeance', 'urgence', 'statut', 'origine', 'gratuite', 'intervention_id',
] as const;
const PLAN_COLUMNS = [
  'plan_id', 'semaine', 'statut', 'version', 'fingerprint', 'created_at', 'created_by', 'decided_at', 'decided_by', 'decided_by_name', 'solver_status',
  'method', 'objective', 'bound', 'gap', 'solve_ms', 'costs', 'current_costs',
] as const;
const LINE_COLUMNS = ['plan_id', 'planned_id', 'technicien_id', 'date_prevue', 'ordre', 'km', 'raison'] as const;
/** The weekly job's hour (Monday 07:00, Paris), minutes. */
const JOB_MINUTE = 7 * 60;
const REJECTED = 0.1;
const URGENCY_WEIGHT = { normale: 1, urgente: 3, critique: 10 } as const;

interface Job {
  interventionId: number;
  ref: string;
  day: number;
  clientId: number;
  techId: number;
  zoneId: number;
  typeId: number;
  prevue: number;
  demande: string;
  echeance: string | null;
  km: number;
  categorie: string;
}

interface Placed {
  job: Job;
  plannedId: number;
  ordre: number;
}

export interface PlanHistoryCounts {
  readonly plans: number;
  readonly accepted: number;
  readonly planned: number;
}

const dayOfId = (dateId: number): string => `${String(dateId).slice(0, 4)}-${String(dateId).slice(4, 6)}-${String(dateId).slice(6, 8)}`;

/** ISO week label of a Monday, as the app writes `semaine`. */
const isoWeek = (monday: number): string => format(new Date(`${isoOf(monday + 3)}T12:00:00`), "RRRR-'W'II");

export function writePlanHistory(ctx: AssistantContext, rng: Rng): PlanHistoryCounts {
  const { db, from, today, planner } = ctx;
  const currentMonday = today - weekday(today);
  // the first plan computed on or after the assistant's first day: for the week after the Monday it ran
  const firstRun = from + ((7 - weekday(from)) % 7);
  const firstWeek = firstRun + 7;
  if (firstWeek >= currentMonday) return { plans: 0, accepted: 0, planned: 0 };
  const dateId = (day: number): number => Number(isoOf(day).replaceAll('-', ''));
  const rows = db
    .prepare(
      `SELECT i.intervention_id, i.source_ref, i.date_id, i.client_id, i.technicien_id, i.zone_id, i.type_intervention_id, i.duree_prevue_min,
              i.date_demande, i.date_echeance, i.km_parcourus, ty.categorie
         FROM fact_interventions i JOIN dim_types_intervention ty ON ty.type_intervention_id = i.type_intervention_id
        WHERE i.date_id BETWEEN ? AND ? ORDER BY i.date_id, i.technicien_id, i.heure_arrivee, i.intervention_id`,
    )
    .raw()
    .all(dateId(firstWeek), dateId(currentMonday - 1)) as [number, string, number, number, number, number, number, number, string, string | null, number | null, string][];

  // the weeks' jobs, in the order of the days (each technician's day in the order of arrival)
  const byWeek = new Map<number, Job[]>();
  let cachedId = -1;
  let cachedDay = 0;
  for (const r of rows) {
    if (r[2] !== cachedId) {
      cachedId = r[2];
      cachedDay = dayNum(dayOfId(r[2]));
    }
    const day = cachedDay;
    if (weekday(day) > 4) continue; // Saturday emergencies are never planned ahead
    const monday = day - weekday(day);
    const computedDay = isoOf(monday - 7);
    if (r[8] >= computedDay) continue; // requested after the plan was computed: placed by hand
    let list = byWeek.get(monday);
    if (!list) byWeek.set(monday, (list = []));
    list.push({
      interventionId: r[0], ref: r[1], day, clientId: r[3], techId: r[4], zoneId: r[5], typeId: r[6], prevue: r[7], demande: r[8], echeance: r[9],
      km: r[10] ?? 0, categorie: r[11],
    });
  }

  const insertPlanned = inserter(db, 'planned_interventions', PLANNED_COLUMNS);
  const insertPlan = inserter(db, 'plan_suggestions', PLAN_COLUMNS);
  const insertLine = inserter(db, 'plan_lines', LINE_COLUMNS);
  let plannedId = ((db.prepare('SELECT MAX(planned_id) AS m FROM planned_interventions').get() as { m: number | null }).m ?? 0) + 1;
  let planId = ((db.prepare('SELECT MAX(plan_id) AS m FROM plan_suggestions').get() as { m: number | null }).m ?? 0) + 1;
  let plans = 0;
  let accepted = 0;
  let planned = 0;

  for (let monday = firstWeek; monday < currentMonday; monday += 7) {
    const jobs = byWeek.get(monday);
    if (!jobs || jobs.length === 0) continue;
    // the planned rows: what the week was, once done
    const placed: Placed[] = [];
    let key = '';
    let ordre = 0;
    for (const job of jobs) {
      const k = `${job.techId}|${job.day}`;
      ordre = k === key ? ordre + 1 : 1;
      key = k;
      const sla = job.echeance === null ? 30 : dayNum(job.echeance) - dayNum(job.demande);
      const urgence = sla <= 2 ? 'urgente' : 'normale';
      const origine = job.categorie === 'maintenance' || job.categorie === 'controle' ? (rng.chance(0.8) ? 'contrat' : 'erp') : rng.chance(0.85) ? 'erp' : 'portail';
      insertPlanned([
        plannedId, `PLN-H${job.ref.slice(4)}`, job.clientId, job.typeId, job.zoneId, job.techId, isoOf(job.day), ordre, job.prevue, job.demande,
        job.echeance, urgence, 'realise', origine, 0, job.interventionId,
      ]);
      placed.push({ job, plannedId, ordre });
      plannedId++;
      planned++;
    }

    const week = isoWeek(monday);
    const lateness = placed.reduce((s, p) => {
      const late = p.job.echeance === null ? 0 : Math.max(0, p.job.day - dayNum(p.job.echeance));
      return s + late * URGENCY_WEIGHT.normale;
    }, 0);
    const km = round1(placed.reduce((s, p) => s + p.job.km, 0));
    const runDay = monday - 7;
    const run = (created: number, by: number | null, rejected: boolean): { decided: number } => {
      const imbalance = round1(rng.uniform(20, 240));
      const total = round2(km + 10 * lateness + 0.05 * imbalance + rng.uniform(2, 12));
      const gap = Math.round(rng.uniform(0, 0.001) * 1e6) / 1e6;
      const review = rng.chance(0.12) ? rng.int(90, 360) : rng.int(4, 60);
      const decided = created + (rejected ? rng.int(8, 45) : review);
      insertPlan([
        planId, week, rejected ? 'rejected' : 'accepted', 2,
        createHash('sha256').update(`demo:${ctx.seed}:${week}:${planId}`).digest('hex'),
        parisInstant(runDay, created), by, parisInstant(runDay, decided), planner.userId, planner.name, 'optimal', 'milp', total,
        round2(total * (1 - gap)), gap, rng.int(1_800, 14_000),
        JSON.stringify({ km, lateness, imbalanceMin: imbalance, unplanned: 0, total }),
        JSON.stringify({ km: 0, lateness: 0, imbalanceMin: 0, unplanned: placed.length, total: 1000 * placed.length }),
      ]);
      // a rejected plan put part of the jobs on other days than the ones the planner then chose
      const lines = placed.map((p) => ({ p, day: rejected && rng.chance(0.3) ? monday + rng.int(0, 4) : p.job.day }));
      const order = new Map<string, number>();
      for (const l of lines) {
        const k = `${l.p.job.techId}|${l.day}`;
        const n = (order.get(k) ?? 0) + 1;
        order.set(k, n);
        insertLine([planId, l.p.plannedId, l.p.job.techId, isoOf(l.day), rejected ? n : l.p.ordre, round2(l.p.job.km), null]);
      }
      planId++;
      plans++;
      if (!rejected) accepted++;
      return { decided };
    };
    const created = JOB_MINUTE + rng.int(1, 4);
    if (!rng.chance(REJECTED)) {
      run(created, planner.userId, false);
    } else {
      const first = run(created, planner.userId, true);
      // half the time she asks for another plan after changing a few things, and accepts it
      if (rng.chance(0.5)) run(first.decided + rng.int(10, 40), planner.userId, false);
    }
  }
  return { plans, accepted, planned };
}
