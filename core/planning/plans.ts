import type { User } from '../access/types.ts';
import type { Db } from '../warehouse/db.ts';
import { DEFAULT_PLANNING_CONFIG, type PlanningConfig } from './config.ts';
import { CostModel, evaluatePlan, round } from './model/costs.ts';
import { loadWeek, type WeekData } from './model/from-warehouse.ts';
import type { PlanAssignment, PlanCosts, PlanningInstance, PlanResult } from './model/types.ts';
import { solveInWorker } from './solver/run.ts';
import { dayTour } from './tour.ts';

export type Solve = (instance: PlanningInstance, config: PlanningConfig) => Promise<PlanResult>;

export interface PlanRow {
  plan_id: number;
  semaine: string;
  statut: 'draft' | 'accepted' | 'rejected' | 'superseded';
  version: number;
  fingerprint: string;
  created_at: string;
  decided_at: string | null;
  decided_by_name: string | null;
  solver_status: string;
  method: string;
  objective: number;
  bound: number;
  gap: number;
  solve_ms: number;
  costs: string;
  current_costs: string;
}

/** The plan the interventions of the week are in today (a re-plan compares against it). */
export function currentAssignments(instance: PlanningInstance): PlanAssignment[] {
  return instance.jobs.flatMap((j) => (j.current && instance.days.includes(j.current.date) ? [{ jobId: j.id, technicienId: j.current.technicienId, date: j.current.date }] : []));
}

/** Stores a solved plan as a draft suggestion (older drafts of the week superseded); returns its id. */
export function savePlan(db: Db, data: WeekData, result: PlanResult, config: PlanningConfig, user: User | null, now: Date): number {
  const { instance, fingerprint } = data;
  const costs = new CostModel(instance, config);
  const jobs = new Map(instance.jobs.map((j) => [j.id, j]));
  const techs = new Map(instance.technicians.map((t) => [t.id, t]));
  const current = evaluatePlan(instance, currentAssignments(instance), config);
  return db.transaction(() => {
    db.prepare("UPDATE plan_suggestions SET statut = 'superseded', version = version + 1 WHERE semaine = ? AND statut = 'draft'").run(instance.week);
    const info = db
      .prepare(
        `INSERT INTO plan_suggestions (semaine, statut, version, fingerprint, created_at, created_by, solver_status, method, objective, bound, gap, solve_ms, costs, current_costs)
         VALUES (?, 'draft', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(instance.week, fingerprint, now.toISOString(), user?.userId ?? null, result.status, result.method, result.objective, result.bound, result.gap, result.ms, JSON.stringify(result.costs), JSON.stringify(current));
    const planId = Number(info.lastInsertRowid);
    const insert = db.prepare('INSERT INTO plan_lines (plan_id, planned_id, technicien_id, date_prevue, ordre, km, raison) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const groups = new Map<string, PlanAssignment[]>();
    for (const a of result.assignments) groups.set(`${a.technicienId}|${a.date}`, [...(groups.get(`${a.technicienId}|${a.date}`) ?? []), a]);
    for (const list of groups.values()) {
      const tech = techs.get(list[0]!.technicienId)!;
      const { order, km } = dayTour(tech, list.map((a) => jobs.get(a.jobId)!), instance.roadFactor, (j) => costs.km(tech, j));
      const share = order.length > 0 ? km / order.length : 0;
      order.forEach((job, k) => insert.run(planId, job.id, tech.id, list[0]!.date, k + 1, round(share, 2), null));
    }
    for (const u of result.unassigned) insert.run(planId, u.jobId, null, null, null, null, u.detail);
    return planId;
  })();
}

/** Computes the week's plan in a worker and stores it as a draft suggestion. */
export async function suggestPlan(
  db: Db,
  input: { week: string; user: User | null; now: Date; config?: PlanningConfig; solve?: Solve; replan?: boolean },
): Promise<{ planId: number; result: PlanResult }> {
  const config = input.config ?? DEFAULT_PLANNING_CONFIG;
  const data = loadWeek(db, input.week, { replan: input.replan ?? true });
  const result = await (input.solve ?? solveInWorker)(data.instance, config);
  return { planId: savePlan(db, data, result, config, input.user, input.now), result };
}

export function getPlan(db: Db, planId: number): PlanRow | null {
  return (db.prepare('SELECT * FROM plan_suggestions WHERE plan_id = ?').get(planId) as PlanRow | undefined) ?? null;
}

export interface PlanLineView {
  plannedId: number;
  technicienId: number | null;
  technicien: string | null;
  date: string | null;
  ordre: number | null;
  km: number;
  label: string;
  durationMin: number;
  urgence: string;
  raison: string | null;
}

export interface PlanView {
  plan: PlanRow;
  costs: PlanCosts;
  currentCosts: PlanCosts;
  lines: PlanLineView[];
}

export function planView(db: Db, planId: number): PlanView | null {
  const plan = getPlan(db, planId);
  if (!plan) return null;
  const lines = db
    .prepare(
      `SELECT l.planned_id AS plannedId, l.technicien_id AS technicienId, CASE WHEN te.technicien_id IS NULL THEN NULL ELSE te.prenom || ' ' || te.nom END AS technicien,
              l.date_prevue AS date, l.ordre, COALESCE(l.km, 0) AS km, COALESCE(c.prenom || ' ', '') || c.nom || ' — ' || ty.libelle AS label,
              p.duree_prevue_min AS durationMin, p.urgence, l.raison
         FROM plan_lines l
         JOIN planned_interventions p ON p.planned_id = l.planned_id
         JOIN dim_clients c ON c.client_id = p.client_id
         JOIN dim_types_intervention ty ON ty.type_intervention_id = p.type_intervention_id
         LEFT JOIN dim_techniciens te ON te.technicien_id = l.technicien_id
        WHERE l.plan_id = ?
        ORDER BY l.technicien_id IS NULL, l.technicien_id, l.date_prevue, l.ordre, l.planned_id`,
    )
    .all(planId) as PlanLineView[];
  return { plan, costs: JSON.parse(plan.costs) as PlanCosts, currentCosts: JSON.parse(plan.current_costs) as PlanCosts, lines };
}

export type DecideOutcome =
  | { ok: true; plan: PlanRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_decided' | 'stale_version' | 'data_changed'; plan: PlanRow };

/**
 * Accepts or rejects a draft plan, once: the card's `version` must be the plan's, the plan still a draft,
 * and (to accept) the week's data unchanged since the solve — else nothing is written. Accepting writes the
 * plan into planned_interventions (technician, day, order, statut 'planifie'; re-planned jobs left out go back
 * to 'a_planifier') in one transaction.
 */
export function decidePlan(db: Db, input: { planId: number; version: number; decision: 'accepted' | 'rejected'; user: User; now: Date }): DecideOutcome {
  return db.transaction((): DecideOutcome => {
    const plan = getPlan(db, input.planId);
    if (!plan) return { ok: false, reason: 'not_found' };
    if (plan.statut !== 'draft') return { ok: false, reason: 'already_decided', plan };
    if (plan.version !== input.version) return { ok: false, reason: 'stale_version', plan };
    if (input.decision === 'accepted' && loadWeek(db, plan.semaine).fingerprint !== plan.fingerprint) {
      db.prepare("UPDATE plan_suggestions SET statut = 'superseded', version = version + 1 WHERE plan_id = ?").run(plan.plan_id);
      return { ok: false, reason: 'data_changed', plan: getPlan(db, plan.plan_id)! };
    }
    if (input.decision === 'accepted') {
      const lines = db.prepare('SELECT planned_id, technicien_id, date_prevue, ordre FROM plan_lines WHERE plan_id = ?').all(plan.plan_id) as {
        planned_id: number;
        technicien_id: number | null;
        date_prevue: string | null;
        ordre: number | null;
      }[];
      const place = db.prepare("UPDATE planned_interventions SET technicien_id = ?, date_prevue = ?, ordre = ?, statut = 'planifie' WHERE planned_id = ?");
      const unplace = db.prepare("UPDATE planned_interventions SET technicien_id = NULL, date_prevue = NULL, ordre = NULL, statut = 'a_planifier' WHERE planned_id = ? AND statut = 'planifie'");
      for (const l of lines) {
        if (l.technicien_id !== null) place.run(l.technicien_id, l.date_prevue, l.ordre, l.planned_id);
        else unplace.run(l.planned_id);
      }
    }
    db.prepare('UPDATE plan_suggestions SET statut = ?, version = version + 1, decided_at = ?, decided_by = ?, decided_by_name = ? WHERE plan_id = ?').run(
      input.decision,
      input.now.toISOString(),
      input.user.userId,
      input.user.displayName,
      plan.plan_id,
    );
    return { ok: true, plan: getPlan(db, plan.plan_id)! };
  })();
}
