import { z } from 'zod';
import type { Db } from '../warehouse/db.ts';
import { stmt } from '../warehouse/statements.ts';
import { roadFactorFromEnv, roadKm, type LatLon } from '../routing/distance.ts';
import { roadDistancesFromEnv } from '../routing/osrm.ts';
import { planDay, toHHMM, toMinutes, type DayInput, type DayPlan, type StopId, type UnfittedReason } from '../routing/day/index.ts';

/** One stop of a technician's day. */
export interface TourneeStop {
  plannedId: number;
  ordre: number | null;
  client: { id: number; name: string; adresse: string; codePostal: string; ville: string; lat: number; lon: number };
  type: { code: string; libelle: string };
  /** appointment window (HH:MM), null when the client gave none */
  fenetre: { debut: string | null; fin: string | null } | null;
  dureeMin: number;
  /** road km from the previous stop (from the technician's base for the first), 0.1 km precision */
  kmFromPrevious: number;
}

/** A technician's planned day: stops in order, km legs, return to base, totals. */
export interface DayRoute {
  technicien: { id: number; name: string; base: LatLon };
  date: string;
  stops: TourneeStop[];
  /** last stop → base (0 without stops) */
  kmReturn: number;
  /** sum of the legs and the return, as displayed (each leg rounded to 0.1 km) */
  kmTotal: number;
  /** planned work minutes (sum of the stops' durations, travel excluded; actual minutes for a done day) */
  workMin: number;
  /** true when the day has no planned stops left and the stops are the interventions done that day */
  done: boolean;
}

export interface DayRouteOptions {
  /** default: ROAD_FACTOR from the environment, else 1.3 */
  roadFactor?: number;
}

/** The statuses that belong on a day's route. */
export const ROUTE_STATUSES = ['planifie', 'en_cours'] as const;

interface TechRow {
  technicien_id: number;
  prenom: string;
  nom: string;
  base_latitude: number;
  base_longitude: number;
}

interface StopRow {
  planned_id: number;
  ordre: number | null;
  fenetre_debut: string | null;
  fenetre_fin: string | null;
  duree_prevue_min: number;
  client_id: number;
  client_nom: string;
  client_prenom: string | null;
  adresse: string;
  code_postal: string;
  ville: string;
  latitude: number;
  longitude: number;
  code: string;
  libelle: string;
}

const round1 = (km: number): number => Math.round(km * 10) / 10;

/** The client's display name: "Prénom Nom" for a household, the company name otherwise. */
export function clientName(prenom: string | null, nom: string): string {
  return prenom && prenom.trim() !== '' ? `${prenom} ${nom}` : nom;
}

/**
 * The planned route of a technician on a day (Europe/Paris date `YYYY-MM-DD`): planned and in-progress
 * interventions ordered by `ordre`, km legs from the technician's base and back. A day with none of those
 * but with interventions done (a past day) gives the done ones in arrival order, with `done: true`.
 * Throws when the technician does not exist.
 */
export function dayRoute(db: Db, technicienId: number, date: string, options: DayRouteOptions = {}): DayRoute {
  const factor = options.roadFactor ?? roadFactorFromEnv();
  const tech = stmt(db, 'SELECT technicien_id, prenom, nom, base_latitude, base_longitude FROM dim_techniciens WHERE technicien_id = ?').get(technicienId) as TechRow | undefined;
  if (!tech) throw new Error(`unknown technicien_id ${technicienId}`);
  const rows = stmt(
    db,
    `SELECT p.planned_id, p.ordre, p.fenetre_debut, p.fenetre_fin, p.duree_prevue_min,
              c.client_id, c.nom AS client_nom, c.prenom AS client_prenom, c.adresse, c.code_postal, c.ville, c.latitude, c.longitude,
              t.code, t.libelle
         FROM planned_interventions p
         JOIN dim_clients c ON c.client_id = p.client_id
         JOIN dim_types_intervention t ON t.type_intervention_id = p.type_intervention_id
        WHERE p.technicien_id = ? AND p.date_prevue = ? AND p.statut IN (${ROUTE_STATUSES.map(() => '?').join(', ')})
        ORDER BY p.ordre IS NULL, p.ordre, p.fenetre_debut IS NULL, p.fenetre_debut, p.planned_id`,
  ).all(technicienId, date, ...ROUTE_STATUSES) as StopRow[];
  // A day with nothing left to do (typically a past day): the interventions done, in the order of arrival.
  const done = rows.length === 0 ? doneStops(db, technicienId, date) : [];
  if (done.length > 0) rows.push(...done);

  const base: LatLon = { lat: tech.base_latitude, lon: tech.base_longitude };
  let previous = base;
  const stops = rows.map((r): TourneeStop => {
    const here = { lat: r.latitude, lon: r.longitude };
    const kmFromPrevious = round1(roadKm(previous, here, factor));
    previous = here;
    return {
      plannedId: r.planned_id,
      ordre: r.ordre,
      client: { id: r.client_id, name: clientName(r.client_prenom, r.client_nom), adresse: r.adresse, codePostal: r.code_postal, ville: r.ville, lat: r.latitude, lon: r.longitude },
      type: { code: r.code, libelle: r.libelle },
      fenetre: r.fenetre_debut || r.fenetre_fin ? { debut: r.fenetre_debut, fin: r.fenetre_fin } : null,
      dureeMin: r.duree_prevue_min,
      kmFromPrevious,
    };
  });
  const kmReturn = stops.length === 0 ? 0 : round1(roadKm(previous, base, factor));
  const kmTotal = round1(stops.reduce((s, x) => s + x.kmFromPrevious, 0) + kmReturn);
  return {
    technicien: { id: tech.technicien_id, name: `${tech.prenom} ${tech.nom}`, base },
    date,
    stops,
    kmReturn,
    kmTotal,
    workMin: stops.reduce((s, x) => s + x.dureeMin, 0),
    done: done.length > 0,
  };
}

function doneStops(db: Db, technicienId: number, date: string): StopRow[] {
  return stmt(
    db,
    `SELECT f.intervention_id AS planned_id, ROW_NUMBER() OVER (ORDER BY f.heure_arrivee, f.intervention_id) AS ordre,
              NULL AS fenetre_debut, NULL AS fenetre_fin, COALESCE(f.duree_min, f.duree_prevue_min) AS duree_prevue_min,
              c.client_id, c.nom AS client_nom, c.prenom AS client_prenom, c.adresse, c.code_postal, c.ville, c.latitude, c.longitude,
              t.code, t.libelle
         FROM fact_interventions f
         JOIN dim_clients c ON c.client_id = f.client_id
         JOIN dim_types_intervention t ON t.type_intervention_id = f.type_intervention_id
        WHERE f.technicien_id = ? AND f.date_id = ?
        ORDER BY f.heure_arrivee, f.intervention_id`,
  ).all(technicienId, Number(date.replaceAll('-', ''))) as StopRow[];
}

/** The first date after `date` on which the technician has stops, with their count; null when none. */
export function nextRouteDay(db: Db, technicienId: number, date: string): { date: string; stops: number } | null {
  const row = stmt(
    db,
    `SELECT date_prevue AS date, COUNT(*) AS stops FROM planned_interventions
        WHERE technicien_id = ? AND date_prevue > ? AND statut IN (${ROUTE_STATUSES.map(() => '?').join(', ')})
        GROUP BY date_prevue ORDER BY date_prevue LIMIT 1`,
  ).get(technicienId, date, ...ROUTE_STATUSES) as { date: string; stops: number } | undefined;
  return row ?? null;
}

// ───────────────────────────── the optimised tour ─────────────────────────────

/** How a day is driven: road factor, average speed, and the working day (a planned day that runs later extends it). */
export interface RouteSettings {
  roadFactor: number;
  speedKmh: number;
  /** HH:MM, leaving the base */
  dayStart: string;
  /** HH:MM, back at the base at the latest */
  dayEnd: string;
  /** road km between two points (default haversine × roadFactor; OSRM when OSRM_URL is set) */
  distanceKm?: (a: LatLon, b: LatLon) => number;
}

/** The settings' road distance. */
const distanceOf = (settings: RouteSettings): ((a: LatLon, b: LatLon) => number) => settings.distanceKm ?? ((a, b) => roadKm(a, b, settings.roadFactor));

const HHMM_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const settingsEnvSchema = z.object({
  ROUTE_SPEED_KMH: z.coerce.number().min(5).max(130).default(40),
  ROUTE_DAY_START: z.string().regex(HHMM_RE, 'attendu HH:MM').default('08:00'),
  ROUTE_DAY_END: z.string().regex(HHMM_RE, 'attendu HH:MM').default('18:00'),
});

/**
 * Settings from the environment: ROAD_FACTOR (1.3), ROUTE_SPEED_KMH (40, 5–130), ROUTE_DAY_START (08:00),
 * ROUTE_DAY_END (18:00), and OSRM_URL for road distances (core/routing/osrm.ts). A bad value is an error
 * naming the variable.
 */
export function routeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RouteSettings {
  // asked on every route answer: the same settings while the variables are the same
  const signature = SETTINGS_VARS.map((k) => env[k] ?? '\u0000').join('\u0001');
  const known = settingsMemo.get(signature);
  if (known) return known;
  const settings = readRouteSettings(env);
  if (settingsMemo.size >= 16) settingsMemo.clear();
  settingsMemo.set(signature, settings);
  return settings;
}

const ROUTE_VARS = ['ROUTE_SPEED_KMH', 'ROUTE_DAY_START', 'ROUTE_DAY_END'] as const;
/** every variable the settings read (here, in roadFactorFromEnv and in roadDistancesFromEnv) */
const SETTINGS_VARS = [...ROUTE_VARS, 'ROAD_FACTOR', 'OSRM_URL', 'OSRM_PROFILE', 'OSRM_TIMEOUT_MS'] as const;
const settingsMemo = new Map<string, RouteSettings>();

function readRouteSettings(env: NodeJS.ProcessEnv): RouteSettings {
  const present = Object.fromEntries(ROUTE_VARS.flatMap((k) => (env[k] !== undefined && env[k].trim() !== '' ? [[k, env[k]]] : [])));
  const parsed = settingsEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new Error(`${name} invalide ("${env[name] ?? ''}") : ${issue.message}`);
  }
  const p = parsed.data;
  if (p.ROUTE_DAY_END <= p.ROUTE_DAY_START) throw new Error(`ROUTE_DAY_END (${p.ROUTE_DAY_END}) doit suivre ROUTE_DAY_START (${p.ROUTE_DAY_START})`);
  const roadFactor = roadFactorFromEnv(env);
  return { roadFactor, speedKmh: p.ROUTE_SPEED_KMH, dayStart: p.ROUTE_DAY_START, dayEnd: p.ROUTE_DAY_END, distanceKm: roadDistancesFromEnv(roadFactor, env).km };
}

/** A stop in the order shown, with its times. */
export interface TourneeVisit extends TourneeStop {
  /** arrival, service start (after waiting for the window) and departure, HH:MM; null on a day already done */
  arrival: string | null;
  start: string | null;
  departure: string | null;
}

/** A planned stop the day cannot serve, with the reason (in French, for the planner). */
export interface TourneeUnfitted extends TourneeStop {
  reason: UnfittedReason;
  message: string;
}

/** A technician's day in the best order found, compared with the planned order. */
export interface OptimisedRoute {
  /** the day as planned (stops in the planned `ordre`), or as done */
  planned: DayRoute;
  /** 'exact' / 'engine': planDay's order; 'planned': the planned order was already the shortest; 'done': a past day, as done */
  method: DayPlan['method'] | 'planned' | 'done';
  /** in the order to drive (`kmFromPrevious` along that order) */
  stops: TourneeVisit[];
  unfitted: TourneeUnfitted[];
  leave: string | null;
  back: string | null;
  /** last stop → base; total = the displayed legs (0.1 km each) and the return */
  kmReturn: number;
  kmTotal: number;
  driveMin: number;
  /** the planned order over the same stops, legs measured the same way (kmTotal on a done day) */
  kmPlanned: number;
  /** kmPlanned − kmTotal (negative only when the planned order breaks a window or the day) */
  kmSaved: number;
  /** the planned order keeps every window and ends within the day */
  plannedFeasible: boolean;
  /** what was planned and the plan shown, for the independent check (core/routing/check checkDay); null on a done day */
  input: DayInput | null;
  plan: DayPlan | null;
}

/** The window of a stop for the planner; a missing end is the end of the day (23:59), a missing start the morning. */
function windowOf(fenetre: TourneeStop['fenetre']): { from: string; to: string } | undefined {
  if (!fenetre) return undefined;
  const from = fenetre.debut && HHMM_RE.test(fenetre.debut) ? fenetre.debut : '00:00';
  const to = fenetre.fin && HHMM_RE.test(fenetre.fin) ? fenetre.fin : '23:59';
  if (from === '00:00' && to === '23:59') return undefined;
  return from <= to ? { from, to } : undefined;
}

/** The `planDay` input of a planned day (stop ids = planned_id). */
export function tourneeDayInput(route: DayRoute, settings: RouteSettings, maxWorkMin?: number): DayInput {
  return {
    base: route.technicien.base,
    start: settings.dayStart,
    maxWorkMin: maxWorkMin ?? toMinutes(settings.dayEnd) - toMinutes(settings.dayStart),
    speedKmh: settings.speedKmh,
    distanceKm: distanceOf(settings),
    seed: 1,
    stops: route.stops.map((s) => {
      const window = windowOf(s.fenetre);
      return { id: s.plannedId, lat: s.client.lat, lon: s.client.lon, serviceMin: s.dureeMin, ...(window ? { window } : {}) };
    }),
  };
}

/**
 * Times and km of a given order (the same arithmetic as planDay): leave at `start`, wait for windows.
 * `feasible` is false when a service starts after its window or the day ends after `maxWorkMin`.
 */
export function scheduleOrder(input: DayInput, order: readonly StopId[]): DayPlan & { feasible: boolean } {
  const byId = new Map(input.stops.map((s) => [s.id, s]));
  const speed = input.speedKmh ?? 40;
  const leave = toMinutes(input.start ?? '08:00');
  const end = leave + (input.maxWorkMin ?? 480);
  let feasible = true;
  let t = leave;
  let here: LatLon = input.base;
  let km = 0;
  let drive = 0;
  const visits = order.map((id) => {
    const stop = byId.get(id);
    if (!stop) throw new Error(`scheduleOrder: unknown stop ${id}`);
    const leg = input.distanceKm(here, stop);
    km += leg;
    drive += (leg / speed) * 60;
    const arrival = t + (leg / speed) * 60;
    const start = Math.max(arrival, stop.window ? toMinutes(stop.window.from) : arrival);
    if (stop.window && start > toMinutes(stop.window.to) + 1e-9) feasible = false;
    t = start + stop.serviceMin;
    here = stop;
    return { id, arrival: toHHMM(arrival), start: toHHMM(start), departure: toHHMM(t) };
  });
  if (order.length > 0) {
    const leg = input.distanceKm(here, input.base);
    km += leg;
    drive += (leg / speed) * 60;
    t += (leg / speed) * 60;
  }
  if (t > end + 1e-9) feasible = false;
  return {
    order: [...order],
    visits,
    leave: toHHMM(leave),
    back: toHHMM(t),
    km: Math.round(km * 1000) / 1000,
    driveMin: Math.round(drive * 10) / 10,
    workMin: Math.round((t - leave) * 10) / 10,
    unfitted: [],
    method: 'exact',
    feasible,
  };
}

/**
 * The day in the shortest order that keeps every appointment window (core/routing/day planDay), compared with
 * the planned order over the same stops. The working day runs from `dayStart` to `dayEnd`, or longer when the
 * planned order already ends later (the planner accepted it). The planned order is kept when nothing is
 * shorter, so the order shown is never longer than a planned order that keeps its windows. A done day is
 * returned as done, not optimised.
 */
export function optimiseRoute(route: DayRoute, settings: RouteSettings): OptimisedRoute {
  const distance = distanceOf(settings);
  if (route.done || route.stops.length === 0) {
    return {
      planned: route, method: 'done', stops: route.stops.map((s) => ({ ...s, arrival: null, start: null, departure: null })), unfitted: [],
      leave: null, back: null, kmReturn: route.kmReturn, kmTotal: route.kmTotal, driveMin: Math.round((route.kmTotal / settings.speedKmh) * 600) / 10,
      kmPlanned: route.kmTotal, kmSaved: 0, plannedFeasible: true, input: null, plan: null,
    };
  }
  const plannedIds = route.stops.map((s) => s.plannedId);
  const dayMin = toMinutes(settings.dayEnd) - toMinutes(settings.dayStart);
  const plannedSpan = scheduleOrder(tourneeDayInput(route, settings, 24 * 60), plannedIds).workMin;
  const input = tourneeDayInput(route, settings, Math.max(dayMin, Math.ceil(plannedSpan)));
  const asPlanned = scheduleOrder(input, plannedIds);
  const optimised = planDay(input);
  const fitted = new Set(optimised.order);
  const sameStops = plannedIds.filter((id) => fitted.has(id));
  const plannedSame = sameStops.length === plannedIds.length ? asPlanned : scheduleOrder(input, sameStops);

  // keep the planned order when it serves as many stops for no more km
  let plan: DayPlan;
  let method: OptimisedRoute['method'];
  if (asPlanned.feasible && (asPlanned.order.length > optimised.order.length || asPlanned.km <= optimised.km + 1e-9)) {
    const { feasible: _, ...p } = asPlanned;
    plan = p;
    method = 'planned';
  } else if (plannedSame.feasible && plannedSame.km <= optimised.km + 1e-9) {
    const { feasible: _, ...p } = plannedSame;
    plan = { ...p, unfitted: optimised.unfitted };
    method = 'planned';
  } else {
    plan = optimised;
    method = optimised.method;
  }

  const byId = new Map(route.stops.map((s) => [s.plannedId, s]));
  const legs = (ids: readonly StopId[]) => {
    let prev: LatLon = route.technicien.base;
    const out = ids.map((id) => {
      const here = byId.get(id as number)!.client;
      const km = round1(distance(prev, here));
      prev = here;
      return km;
    });
    const back = ids.length === 0 ? 0 : round1(distance(prev, route.technicien.base));
    return { out, back, total: round1(out.reduce((a, b) => a + b, 0) + back) };
  };
  const shown = legs(plan.order);
  const before = legs(plan.order.length === plannedIds.length ? plannedIds : plannedIds.filter((id) => plan.order.includes(id)));
  const stops = plan.order.map((id, k): TourneeVisit => {
    const visit = plan.visits[k]!;
    return { ...byId.get(id as number)!, kmFromPrevious: shown.out[k]!, arrival: visit.arrival, start: visit.start, departure: visit.departure };
  });
  const unfitted = plan.unfitted.map((u): TourneeUnfitted => ({ ...byId.get(u.id as number)!, reason: u.reason, message: u.message }));
  return {
    planned: route,
    method,
    stops,
    unfitted,
    leave: plan.leave,
    back: plan.back,
    kmReturn: shown.back,
    kmTotal: shown.total,
    driveMin: plan.driveMin,
    kmPlanned: before.total,
    kmSaved: round1(before.total - shown.total),
    plannedFeasible: asPlanned.feasible,
    input,
    plan,
  };
}

/** `dayRoute` then `optimiseRoute`, with the settings from the environment unless given. */
export function optimisedDayRoute(db: Db, technicienId: number, date: string, settings: RouteSettings = routeSettingsFromEnv()): OptimisedRoute {
  return optimiseRoute(dayRoute(db, technicienId, date, { roadFactor: settings.roadFactor }), settings);
}
