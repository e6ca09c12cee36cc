import { createHash } from 'node:crypto';
import { parse, format, addDays } from 'date-fns';
import { roadFactorFromEnv } from '../../routing/distance.ts';
import { ensureCalendar } from '../../warehouse/calendar.ts';
import type { Db } from '../../warehouse/db.ts';
import { URGENCY_LEVELS, type PlanJob, type PlanningInstance, type PlanTechnicien, type Urgency } from './types.ts';

export const ISO_WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

/** Monday…Friday of an ISO week (YYYY-Www). */
export function weekDates(week: string): string[] {
  if (!ISO_WEEK.test(week)) throw new Error(`not an ISO week (YYYY-Www): "${week}"`);
  const monday = parse(week, "RRRR-'W'II", new Date());
  return [0, 1, 2, 3, 4].map((k) => format(addDays(monday, k), 'yyyy-MM-dd'));
}

interface JobRow {
  planned_id: number;
  statut: string;
  technicien_id: number | null;
  date_prevue: string | null;
  fenetre_debut: string | null;
  duree_prevue_min: number;
  date_echeance: string | null;
  urgence: string;
  zone_id: number;
  specialite_requise: string;
  libelle: string;
  client: string;
  latitude: number;
  longitude: number;
}

export interface WeekData {
  instance: PlanningInstance;
  /** sha-256 of everything the plan depends on: a plan computed on other data is stale */
  fingerprint: string;
}

/**
 * The week to plan, from the warehouse: the interventions waiting (statut 'a_planifier') and, when `replan`,
 * those already planned that week (their appointment day kept when the client has a window); the active
 * technicians with skills, home zone, capacity and absences (technicien_absences); weekends and public
 * holidays (dim_temps.est_ferie) removed.
 */
export function loadWeek(db: Db, week: string, options: { replan?: boolean } = {}): WeekData {
  const replan = options.replan ?? true;
  const all = weekDates(week);
  ensureCalendar(db, all[0]!, all[4]!);
  const holidays = new Set((db.prepare('SELECT date FROM dim_temps WHERE date BETWEEN ? AND ? AND (est_ferie = 1 OR est_weekend = 1)').all(all[0], all[4]) as { date: string }[]).map((r) => r.date));
  const days = all.filter((d) => !holidays.has(d));

  const techRows = db
    .prepare('SELECT technicien_id, prenom, nom, specialites, zone_principale, capacite_min_jour, base_latitude, base_longitude FROM dim_techniciens WHERE actif = 1 ORDER BY technicien_id')
    .all() as { technicien_id: number; prenom: string; nom: string; specialites: string; zone_principale: number; capacite_min_jour: number; base_latitude: number; base_longitude: number }[];
  const absences = db
    .prepare('SELECT technicien_id, date_debut, date_fin FROM technicien_absences WHERE date_fin >= ? AND date_debut <= ? ORDER BY absence_id')
    .all(all[0], all[4]) as { technicien_id: number; date_debut: string; date_fin: string }[];
  const technicians: PlanTechnicien[] = techRows.map((t) => ({
    id: t.technicien_id,
    name: `${t.prenom} ${t.nom}`,
    skills: parseSkills(t.specialites),
    homeZone: t.zone_principale,
    capacityMin: t.capacite_min_jour,
    offDays: days.filter((d) => absences.some((a) => a.technicien_id === t.technicien_id && a.date_debut <= d && d <= a.date_fin)),
    base: { lat: t.base_latitude, lon: t.base_longitude },
  }));

  const rows = db
    .prepare(
      `SELECT p.planned_id, p.statut, p.technicien_id, p.date_prevue, p.fenetre_debut, p.duree_prevue_min, p.date_echeance, p.urgence, p.zone_id,
              t.specialite_requise, t.libelle, COALESCE(c.prenom || ' ', '') || c.nom AS client, c.latitude, c.longitude
         FROM planned_interventions p
         JOIN dim_types_intervention t ON t.type_intervention_id = p.type_intervention_id
         JOIN dim_clients c ON c.client_id = p.client_id
        WHERE p.statut = 'a_planifier' OR (? = 1 AND p.statut = 'planifie' AND p.date_prevue BETWEEN ? AND ?)
        ORDER BY p.planned_id`,
    )
    .all(replan ? 1 : 0, all[0], all[4]) as JobRow[];
  const jobs: PlanJob[] = rows.map((r) => ({
    id: r.planned_id,
    label: `${r.client} — ${r.libelle}`,
    durationMin: r.duree_prevue_min,
    skill: r.specialite_requise,
    zone: r.zone_id,
    due: r.date_echeance,
    urgency: (URGENCY_LEVELS as readonly string[]).includes(r.urgence) ? (r.urgence as Urgency) : 'normale',
    fixedDate: r.statut === 'planifie' && r.fenetre_debut !== null ? r.date_prevue : null,
    current: r.statut === 'planifie' && r.technicien_id !== null && r.date_prevue !== null ? { technicienId: r.technicien_id, date: r.date_prevue } : null,
    location: { lat: r.latitude, lon: r.longitude },
    windowStart: r.fenetre_debut,
  }));
  const zones = (db.prepare('SELECT zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km FROM dim_zones ORDER BY zone_id').all() as {
    zone_id: number;
    nom_zone: string;
    latitude_centre: number;
    longitude_centre: number;
    rayon_km: number;
  }[]).map((z) => ({ id: z.zone_id, name: z.nom_zone, lat: z.latitude_centre, lon: z.longitude_centre, radiusKm: z.rayon_km }));

  const instance: PlanningInstance = { week, days, technicians, jobs, zones, roadFactor: roadFactorFromEnv() };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ replan, days, technicians, jobs: rows.map((r) => [r.planned_id, r.statut, r.technicien_id, r.date_prevue, r.fenetre_debut, r.duree_prevue_min, r.date_echeance, r.urgence, r.zone_id]) }))
    .digest('hex');
  return { instance, fingerprint };
}

function parseSkills(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
