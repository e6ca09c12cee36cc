import type { Db } from '../warehouse/db.ts';
import { roadFactorFromEnv, roadKm, type LatLon } from '../routing/distance.ts';

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
  const tech = db
    .prepare('SELECT technicien_id, prenom, nom, base_latitude, base_longitude FROM dim_techniciens WHERE technicien_id = ?')
    .get(technicienId) as TechRow | undefined;
  if (!tech) throw new Error(`unknown technicien_id ${technicienId}`);
  const rows = db
    .prepare(
      `SELECT p.planned_id, p.ordre, p.fenetre_debut, p.fenetre_fin, p.duree_prevue_min,
              c.client_id, c.nom AS client_nom, c.prenom AS client_prenom, c.adresse, c.code_postal, c.ville, c.latitude, c.longitude,
              t.code, t.libelle
         FROM planned_interventions p
         JOIN dim_clients c ON c.client_id = p.client_id
         JOIN dim_types_intervention t ON t.type_intervention_id = p.type_intervention_id
        WHERE p.technicien_id = ? AND p.date_prevue = ? AND p.statut IN (${ROUTE_STATUSES.map(() => '?').join(', ')})
        ORDER BY p.ordre IS NULL, p.ordre, p.fenetre_debut IS NULL, p.fenetre_debut, p.planned_id`,
    )
    .all(technicienId, date, ...ROUTE_STATUSES) as StopRow[];
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
  return db
    .prepare(
      `SELECT f.intervention_id AS planned_id, ROW_NUMBER() OVER (ORDER BY f.heure_arrivee, f.intervention_id) AS ordre,
              NULL AS fenetre_debut, NULL AS fenetre_fin, COALESCE(f.duree_min, f.duree_prevue_min) AS duree_prevue_min,
              c.client_id, c.nom AS client_nom, c.prenom AS client_prenom, c.adresse, c.code_postal, c.ville, c.latitude, c.longitude,
              t.code, t.libelle
         FROM fact_interventions f
         JOIN dim_clients c ON c.client_id = f.client_id
         JOIN dim_types_intervention t ON t.type_intervention_id = f.type_intervention_id
        WHERE f.technicien_id = ? AND f.date_id = ?
        ORDER BY f.heure_arrivee, f.intervention_id`,
    )
    .all(technicienId, Number(date.replaceAll('-', ''))) as StopRow[];
}

/** The first date after `date` on which the technician has stops, with their count; null when none. */
export function nextRouteDay(db: Db, technicienId: number, date: string): { date: string; stops: number } | null {
  const row = db
    .prepare(
      `SELECT date_prevue AS date, COUNT(*) AS stops FROM planned_interventions
        WHERE technicien_id = ? AND date_prevue > ? AND statut IN (${ROUTE_STATUSES.map(() => '?').join(', ')})
        GROUP BY date_prevue ORDER BY date_prevue LIMIT 1`,
    )
    .get(technicienId, date, ...ROUTE_STATUSES) as { date: string; stops: number } | undefined;
  return row ?? null;
}
