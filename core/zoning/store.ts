import { addDaysIso, dateId } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import { TABLES } from '../warehouse/schema.ts';
import { nameZones, type ExistingZone, type ZoneIdentity } from './naming.ts';
import type { ZonePoint, Zoning } from './types.ts';

/** Planned interventions still to do: they follow their client into the new zone. */
export const OPEN_PLANNED_STATUSES = ['a_planifier', 'planifie', 'en_cours'] as const;

/**
 * The clients to zone with their planned minutes: duree_prevue_min of their interventions over the 12
 * months ending `today`, plus the interventions still to do. In client_id order.
 */
export function loadZonePoints(db: Db, today: string): ZonePoint[] {
  return db
    .prepare(
      `WITH hist AS (
         SELECT client_id, SUM(duree_prevue_min) AS m FROM fact_interventions WHERE date_id > ? AND date_id <= ? GROUP BY client_id
       ), todo AS (
         SELECT client_id, SUM(duree_prevue_min) AS m FROM planned_interventions WHERE statut IN (${OPEN_PLANNED_STATUSES.map(() => '?').join(', ')}) GROUP BY client_id
       )
       SELECT c.client_id AS id, c.latitude AS lat, c.longitude AS lon, c.ville, COALESCE(hist.m, 0) + COALESCE(todo.m, 0) AS minutes
         FROM dim_clients c LEFT JOIN hist ON hist.client_id = c.client_id LEFT JOIN todo ON todo.client_id = c.client_id
        ORDER BY c.client_id`,
    )
    .all(dateId(addDaysIso(today, -365)), dateId(today), ...OPEN_PLANNED_STATUSES) as ZonePoint[];
}

/** The warehouse's own "today": the day of the last intervention recorded, else null. */
export function lastInterventionDay(db: Db): string | null {
  const row = db.prepare('SELECT t.date FROM fact_interventions f JOIN dim_temps t ON t.date_id = f.date_id ORDER BY f.date_id DESC LIMIT 1').get() as { date: string } | undefined;
  return row?.date ?? null;
}

export function loadExistingZones(db: Db): ExistingZone[] {
  return (
    db.prepare('SELECT zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km, technicien_affecte FROM dim_zones ORDER BY zone_id').all() as {
      zone_id: number; nom_zone: string; latitude_centre: number; longitude_centre: number; rayon_km: number; technicien_affecte: number | null;
    }[]
  ).map((r) => ({ zoneId: r.zone_id, name: r.nom_zone, centre: { lat: r.latitude_centre, lon: r.longitude_centre }, radiusKm: r.rayon_km, technicienAffecte: r.technicien_affecte }));
}

/** Every column of the schema that references dim_zones.zone_id (facts, planning, technicians, clients…). */
function zoneReferences(): { table: string; column: string }[] {
  return TABLES.flatMap((t) => t.columns.filter((c) => c.references === 'dim_zones.zone_id').map((c) => ({ table: t.name, column: c.name })));
}

/** An existing zone beyond k: deleted when nothing but clients points to it, else kept without clients. */
export interface RetiredZone {
  zoneId: number;
  name: string;
  /** kept (and renamed when its name went to a new zone) because rows still reference it */
  kept: boolean;
  /** rows that still reference it, by table, when kept */
  references: Record<string, number>;
  newName: string;
}

export interface ZoneWritePlan {
  zones: ZoneIdentity[];
  retired: RetiredZone[];
  /** clients whose zone_id changes */
  clientsMoved: number;
}

/** What `applyZoning` will write, without writing it (for --dry-run and the report). */
export function planZoneWrite(db: Db, zoning: Zoning, points: readonly ZonePoint[]): ZoneWritePlan {
  const existing = loadExistingZones(db);
  const beyond = existing.filter((e) => e.zoneId > zoning.k);
  const refs = zoneReferences().filter((r) => !(r.table === 'dim_clients' && r.column === 'zone_id'));
  const kept = beyond.map((e) => {
    const references: Record<string, number> = {};
    for (const r of refs) {
      const n = (db.prepare(`SELECT COUNT(*) AS n FROM ${r.table} WHERE ${r.column} = ?`).get(e.zoneId) as { n: number }).n;
      if (n > 0) references[`${r.table}.${r.column}`] = n;
    }
    return { e, references, kept: Object.keys(references).length > 0 };
  });
  // a kept zone keeps its name unless a new zone takes it over
  const zones = nameZones(zoning.zones, existing, new Set(kept.filter((x) => x.kept).map((x) => x.e.name)));
  const newNames = new Set(zones.map((z) => z.name));
  const retired = kept.map(({ e, references, kept: k }): RetiredZone => {
    let newName = e.name;
    for (let n = 1; k && newNames.has(newName); n++) newName = n === 1 ? `${e.name} (ancienne)` : `${e.name} (ancienne ${n})`;
    return { zoneId: e.zoneId, name: e.name, kept: k, references: k ? references : {}, newName };
  });
  const current = new Map((db.prepare('SELECT client_id, zone_id FROM dim_clients').all() as { client_id: number; zone_id: number }[]).map((r) => [r.client_id, r.zone_id]));
  const idOf = new Map(zones.map((z) => [z.index, z.zoneId]));
  const clientsMoved = points.filter((p, i) => current.get(p.id) !== idOf.get(zoning.assignment[i]!)).length;
  return { zones, retired, clientsMoved };
}

/**
 * Writes the zoning in one transaction: dim_zones 1..k (centre, radius, clients, density, name, technician),
 * dim_clients.zone_id, and the zone of the planned interventions still to do (they follow their client).
 * Done interventions (facts) keep the zone they were done in. Zones beyond k are deleted, or kept without
 * clients when rows still reference them.
 */
export function applyZoning(db: Db, zoning: Zoning, points: readonly ZonePoint[], plan: ZoneWritePlan = planZoneWrite(db, zoning, points)): void {
  db.transaction(() => {
    // free every name first: the new names may swap between ids (nom_zone is unique)
    db.prepare("UPDATE dim_zones SET nom_zone = '__zoning_' || zone_id").run();
    const upsert = db.prepare(
      `INSERT INTO dim_zones (zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km, nb_clients_zone, densite, technicien_affecte)
       VALUES (@id, @name, @lat, @lon, @radius, @clients, @density, @tech)
       ON CONFLICT (zone_id) DO UPDATE SET nom_zone = excluded.nom_zone, latitude_centre = excluded.latitude_centre,
         longitude_centre = excluded.longitude_centre, rayon_km = excluded.rayon_km, nb_clients_zone = excluded.nb_clients_zone,
         densite = excluded.densite, technicien_affecte = excluded.technicien_affecte`,
    );
    for (const z of plan.zones) {
      const s = zoning.zones[z.index]!;
      upsert.run({ id: z.zoneId, name: z.name, lat: s.centre.lat, lon: s.centre.lon, radius: s.radiusKm, clients: s.clients, density: s.density, tech: z.technicienAffecte });
    }
    const setClient = db.prepare('UPDATE dim_clients SET zone_id = ? WHERE client_id = ?');
    const idOf = new Map(plan.zones.map((z) => [z.index, z.zoneId]));
    points.forEach((p, i) => setClient.run(idOf.get(zoning.assignment[i]!)!, p.id));
    db.prepare(
      `UPDATE planned_interventions SET zone_id = (SELECT c.zone_id FROM dim_clients c WHERE c.client_id = planned_interventions.client_id)
        WHERE statut IN (${OPEN_PLANNED_STATUSES.map(() => '?').join(', ')})`,
    ).run(...OPEN_PLANNED_STATUSES);
    for (const r of plan.retired) {
      if (r.kept) db.prepare('UPDATE dim_zones SET nom_zone = ?, nb_clients_zone = 0, densite = 0 WHERE zone_id = ?').run(r.newName, r.zoneId);
      else db.prepare('DELETE FROM dim_zones WHERE zone_id = ?').run(r.zoneId);
    }
  })();
}
