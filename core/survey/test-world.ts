/** A tiny hand-built warehouse for the survey specs: one zone, Gaëtan, one type, the users, clients on demand. */
import { ensureCalendar } from '../warehouse/calendar.ts';
import { openDb, type Db } from '../warehouse/db.ts';

export const WORLD_NOW = new Date('2026-12-01T07:30:00+01:00');

export interface World {
  db: Db;
  client(o?: { telephone?: string | null; langue?: 'fr' | 'en'; optOut?: boolean; prenom?: string }): number;
  /** a signed intervention (report signed at `signedAt`, ISO with offset) */
  intervention(clientId: number, signedAt: string): number;
  users: { planner: number; director: number; gaetan: number };
}

let phoneSeq = 0;

export function world(path = ':memory:'): World {
  const db = openDb(path);
  ensureCalendar(db, '2026-01-01', '2027-12-31');
  db.prepare("INSERT INTO dim_zones (zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km) VALUES (1, 'Annecy', 45.9, 6.12, 5)").run();
  db.prepare(
    `INSERT INTO dim_techniciens (technicien_id, nom, prenom, email, specialites, zone_principale, base_latitude, base_longitude)
     VALUES (1, 'Morel', 'Gaëtan', 'gaetan.morel@duret-electricite.fr', '["Tableau"]', 1, 45.9, 6.12)`,
  ).run();
  db.prepare(
    `INSERT INTO dim_types_intervention (type_intervention_id, code, libelle, specialite_requise, categorie, duree_standard_min, tarif_horaire, sous_contrat)
     VALUES (1, 'DEP-TAB', 'Dépannage tableau', 'Tableau', 'depannage', 90, 65, 0)`,
  ).run();
  const user = db.prepare('INSERT INTO users (email, display_name, role, technicien_id) VALUES (?, ?, ?, ?)');
  const users = {
    planner: Number(user.run('clothilde.martin@duret-electricite.fr', 'Clothilde Martin', 'planning', null).lastInsertRowid),
    director: Number(user.run('philippe.rey@duret-electricite.fr', 'Philippe Rey', 'technical_director', null).lastInsertRowid),
    gaetan: Number(user.run('gaetan.morel@duret-electricite.fr', 'Gaëtan Morel', 'technician', 1).lastInsertRowid),
  };
  let clientSeq = 0;
  let interventionSeq = 0;
  return {
    db,
    users,
    client(o = {}) {
      const id = ++clientSeq;
      const telephone = o.telephone === undefined ? `+336${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}` : o.telephone;
      db.prepare(
        `INSERT INTO dim_clients (client_id, nom, prenom, type, segment, adresse, code_postal, ville, latitude, longitude, zone_id, telephone, langue, sms_opt_out)
         VALUES (?, ?, ?, 'Particulier', 'Argent', '1 rue du Lac', '74000', 'Annecy', 45.9, 6.12, 1, ?, ?, ?)`,
      ).run(id, `Client${id}`, o.prenom ?? `Prénom${id}`, telephone, o.langue ?? 'fr', o.optOut ? 1 : 0);
      return id;
    },
    intervention(clientId, signedAt) {
      const id = ++interventionSeq;
      const day = signedAt.slice(0, 10);
      db.prepare(
        `INSERT INTO fact_interventions (intervention_id, source_ref, date_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min, rapport_signe_at)
         VALUES (?, ?, ?, ?, 1, 1, 1, 90, ?)`,
      ).run(id, `INT-T-${id}`, Number(day.replaceAll('-', '')), clientId, signedAt);
      return id;
    },
  };
}
