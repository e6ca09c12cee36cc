/**
 * Planning dashboard (Clothilde Martin): interventions to plan (by urgency, now), portal appointment requests
 * per week (to validate / validated / cancelled), contracts ending within 30 days, technician occupancy and
 * delays of more than 7 days.
 *
 * Occupancy = (minutes done + minutes planned and not yet done) / (capacite_min_jour × working days of the
 * period: not a weekend, not a public holiday), per active technician.
 * A delay > 7 days: an intervention done more than 7 days after its due date (date_echeance), or one still to
 * do whose due date is more than 7 days past.
 */
import type { Db } from '../warehouse/db.ts';
import { addDaysIso } from '../warehouse/calendar.ts';
import { periodOf, previousPeriod, trailing } from './period.ts';
import { params, ratio, row, rows, whereScope, type Filter, type KpiScope, type Range } from './sql.ts';
import type { Figure } from './types.ts';

export const URGENCY_ORDER = ['critique', 'urgente', 'normale'] as const;
export type Urgence = (typeof URGENCY_ORDER)[number];

/** Interventions waiting to be planned right now, by urgency. */
export function toPlan(db: Db, f: Filter): Record<Urgence, number> & { total: number } {
  const list = rows<{ urgence: Urgence; n: number }>(
    db,
    `SELECT p.urgence, COUNT(*) AS n FROM planned_interventions p WHERE p.statut = 'a_planifier' AND ${whereScope('p')} GROUP BY p.urgence`,
    { zone: f.zoneId, tech: f.technicienId },
  );
  const out = { critique: 0, urgente: 0, normale: 0, total: 0 };
  for (const r of list) {
    out[r.urgence] = r.n;
    out.total += r.n;
  }
  return out;
}

export interface PortalWeek {
  week: string;
  a_valider: number;
  valide: number;
  annule: number;
}

/** Portal appointment requests per ISO week of their request date, by status, over a range of weeks. */
export function portalRequestsByWeek(db: Db, weeks: readonly Range[], f: Filter): PortalWeek[] {
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return [];
  const list = rows<{ y: number; w: number; statut: 'a_valider' | 'valide' | 'annule'; n: number }>(
    db,
    `SELECT t.annee_iso AS y, t.semaine AS w, p.statut, COUNT(*) AS n
       FROM portal_requests p JOIN dim_temps t ON t.date = substr(p.date_demande, 1, 10) JOIN dim_clients cl ON cl.client_id = p.client_id
      WHERE substr(p.date_demande, 1, 10) BETWEEN @from AND @to AND (@zone IS NULL OR cl.zone_id = @zone)
      GROUP BY 1, 2, 3`,
    params({ from: first.from, to: last.to, fromId: first.fromId, toId: last.toId }, f),
  );
  const byWeek = new Map<string, PortalWeek>();
  for (const w of weeks) {
    const key = periodOf(w.from, 'week').key;
    byWeek.set(key, { week: key, a_valider: 0, valide: 0, annule: 0 });
  }
  for (const r of list) {
    const e = byWeek.get(`${r.y}-W${String(r.w).padStart(2, '0')}`);
    if (e) e[r.statut] += r.n;
  }
  return [...byWeek.values()];
}

/** Portal requests waiting for validation right now. */
export function portalToValidate(db: Db, f: Filter): number {
  return row<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM portal_requests p JOIN dim_clients cl ON cl.client_id = p.client_id WHERE p.statut = 'a_valider' AND (@zone IS NULL OR cl.zone_id = @zone)`,
    { zone: f.zoneId },
  ).n;
}

export interface ContractEnd {
  contratId: number;
  client: string;
  dateFin: string;
  formule: string;
  montant: number;
}

/** Running contracts that end within `days` days of today (J-30), soonest first. */
export function contractsEnding(db: Db, today: string, f: Filter, days = 30): { count: number; first: ContractEnd[] } {
  const p = { today, until: addDaysIso(today, days), zone: f.zoneId };
  const where = `c.statut = 'actif' AND c.date_fin BETWEEN @today AND @until AND (@zone IS NULL OR cl.zone_id = @zone)`;
  const count = row<{ n: number }>(db, `SELECT COUNT(*) AS n FROM fact_contrats c JOIN dim_clients cl ON cl.client_id = c.client_id WHERE ${where}`, p).n;
  const first = rows<{ id: number; nom: string; prenom: string | null; date_fin: string; formule: string; montant: number }>(
    db,
    `SELECT c.contrat_id AS id, cl.nom, cl.prenom, c.date_fin, c.formule, c.montant_annuel AS montant
       FROM fact_contrats c JOIN dim_clients cl ON cl.client_id = c.client_id WHERE ${where} ORDER BY c.date_fin, c.contrat_id LIMIT 5`,
    p,
  ).map((r) => ({ contratId: r.id, client: r.prenom ? `${r.prenom} ${r.nom}` : r.nom, dateFin: r.date_fin, formule: r.formule, montant: r.montant }));
  return { count, first };
}

export interface Occupancy {
  technicienId: number;
  name: string;
  /** minutes done or planned */
  used: number;
  /** minutes available */
  capacity: number;
  rate: number | null;
}

/** Occupancy of each active technician over the range (see the module doc). */
export function occupancy(db: Db, range: Range, f: Filter): Occupancy[] {
  return rows<{ id: number; prenom: string; nom: string; used: number; cap: number }>(
    db,
    `WITH days AS (SELECT COUNT(*) AS n FROM dim_temps WHERE date BETWEEN @from AND @to AND est_weekend = 0 AND est_ferie = 0),
     done AS (SELECT technicien_id, SUM(COALESCE(duree_min, duree_prevue_min)) AS m FROM fact_interventions
               WHERE date_id BETWEEN @fromId AND @toId GROUP BY technicien_id),
     planned AS (SELECT technicien_id, SUM(duree_prevue_min) AS m FROM planned_interventions
                  WHERE statut IN ('planifie', 'en_cours') AND technicien_id IS NOT NULL AND date_prevue BETWEEN @from AND @to GROUP BY technicien_id)
     SELECT t.technicien_id AS id, t.prenom, t.nom, COALESCE(done.m, 0) + COALESCE(planned.m, 0) AS used, t.capacite_min_jour * days.n AS cap
       FROM dim_techniciens t CROSS JOIN days LEFT JOIN done ON done.technicien_id = t.technicien_id LEFT JOIN planned ON planned.technicien_id = t.technicien_id
      WHERE t.actif = 1 AND (@zone IS NULL OR t.zone_principale = @zone) AND (@tech IS NULL OR t.technicien_id = @tech)
      ORDER BY t.technicien_id`,
    params(range, f),
  ).map((r) => ({ technicienId: r.id, name: `${r.prenom} ${r.nom}`, used: r.used, capacity: r.cap, rate: ratio(r.used, r.cap) }));
}

/** The team's occupancy: Σ used / Σ capacity. */
export const teamOccupancy = (list: readonly Occupancy[]): number | null =>
  ratio(list.reduce((s, o) => s + o.used, 0), list.reduce((s, o) => s + o.capacity, 0));

/** Interventions done in the range more than 7 days after their due date. */
export function lateDone(db: Db, range: Range, f: Filter, days = 7): number {
  return row<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM fact_interventions fi JOIN dim_temps t ON t.date_id = fi.date_id
      WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.date_echeance IS NOT NULL
        AND julianday(t.date) - julianday(fi.date_echeance) > @days AND ${whereScope('fi')}`,
    params(range, f, { days }),
  ).n;
}

/** Interventions still to do (to plan, planned, in progress) whose due date is more than 7 days before today. */
export function lateOpen(db: Db, today: string, f: Filter, days = 7): number {
  return row<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM planned_interventions p
      WHERE p.statut IN ('a_planifier', 'planifie', 'en_cours') AND p.date_echeance IS NOT NULL AND p.date_echeance < @limit AND ${whereScope('p')}`,
    { limit: addDaysIso(today, -days), zone: f.zoneId, tech: f.technicienId },
  ).n;
}

export interface PlanningDashboard {
  toPlan: ReturnType<typeof toPlan>;
  portalToValidate: number;
  portalWeeks: PortalWeek[];
  contractsEnding: { count: number; first: ContractEnd[] };
  occupancy: Figure;
  occupancyByTechnician: Occupancy[];
  lateDone: Figure;
  lateOpen: number;
}

export function planningDashboard(db: Db, s: KpiScope): PlanningDashboard {
  const prev = previousPeriod(s.period);
  const occ = occupancy(db, s.period, s);
  return {
    toPlan: toPlan(db, s),
    portalToValidate: portalToValidate(db, s),
    portalWeeks: portalRequestsByWeek(db, trailing(periodOf(s.period.to, 'week'), 8), s),
    contractsEnding: contractsEnding(db, s.today, s),
    occupancy: { value: teamOccupancy(occ), previous: teamOccupancy(occupancy(db, prev, s)) },
    occupancyByTechnician: occ,
    lateDone: { value: lateDone(db, s.period, s), previous: lateDone(db, prev, s) },
    lateOpen: lateOpen(db, s.today, s),
  };
}
