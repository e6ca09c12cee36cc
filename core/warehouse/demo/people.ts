/** Technicians (the five of the team, then generated ones) and the bot's users. */
import type { Db } from '../db.ts';
import { SPECIALITES } from '../schema.ts';
import type { TechSim } from './model.ts';
import { DEPOT, STAFF, TECHNICIENS, ZONES, companyEmail, type Specialite } from './reference.ts';
import type { Rng } from './rng.ts';
import { inserter } from './sql.ts';
import { NOMS, PRENOMS_F, PRENOMS_M } from './texts.ts';

export interface TechnicienRow {
  technicien_id: number;
  prenom: string;
  nom: string;
  email: string;
  telephone: string;
  anciennete_ans: number;
  specialites: Specialite[];
  zone_principale: number;
}

/** The first `n` technicians: the five of the team, then generated French names with unique emails. */
export function buildTechniciens(rng: Rng, n: number): TechnicienRow[] {
  const rows: TechnicienRow[] = TECHNICIENS.slice(0, n).map((t) => ({
    technicien_id: t.technicien_id,
    prenom: t.prenom,
    nom: t.nom,
    email: companyEmail(t),
    telephone: t.telephone,
    anciennete_ans: t.anciennete_ans,
    specialites: [...t.specialites],
    zone_principale: t.zone_principale,
  }));
  const emails = new Set([...rows.map((r) => r.email), ...STAFF.map((s) => companyEmail(s))]);
  const phones = new Set(rows.map((r) => r.telephone));
  const zoneWeights = ZONES.map((z) => z.poids);
  for (let id = rows.length + 1; id <= n; id++) {
    const prenom = rng.chance(0.85) ? rng.pick(PRENOMS_M) : rng.pick(PRENOMS_F);
    const nom = rng.pick(NOMS);
    let email = companyEmail({ prenom, nom });
    for (let k = 2; emails.has(email); k++) email = companyEmail({ prenom, nom }, String(k));
    emails.add(email);
    let telephone: string;
    do telephone = `+336${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    while (phones.has(telephone));
    phones.add(telephone);
    const count = rng.int(3, 5);
    const specialites = rng.shuffle(SPECIALITES).slice(0, count).sort((a, b) => SPECIALITES.indexOf(a) - SPECIALITES.indexOf(b));
    rows.push({
      technicien_id: id,
      prenom,
      nom,
      email,
      telephone,
      anciennete_ans: Math.round(rng.uniform(0.5, 20) * 10) / 10,
      specialites,
      zone_principale: ZONES[rng.weighted(zoneWeights)]!.zone_id,
    });
  }
  return rows;
}

const NAMED_QUALITE = [0.15, 0.05, -0.1, -0.2, 0.1];
const NAMED_DEPASSEMENT = [0.9, 1.0, 1.2, 1.35, 0.95];

export function insertTechniciens(db: Db, rng: Rng, rows: readonly TechnicienRow[]): TechSim[] {
  const insert = inserter(db, 'dim_techniciens', [
    'technicien_id', 'nom', 'prenom', 'email', 'telephone', 'anciennete_ans', 'specialites', 'zone_principale',
    'base_latitude', 'base_longitude', 'capacite_min_jour', 'actif',
  ]);
  return rows.map((t, i) => {
    insert([t.technicien_id, t.nom, t.prenom, t.email, t.telephone, t.anciennete_ans, JSON.stringify(t.specialites), t.zone_principale, DEPOT.latitude, DEPOT.longitude, 480, 1]);
    return {
      id: t.technicien_id,
      zoneId: t.zone_principale,
      specialites: t.specialites,
      qualite: NAMED_QUALITE[i] ?? Math.round(rng.normal(0, 0.12) * 100) / 100,
      depassement: NAMED_DEPASSEMENT[i] ?? Math.round(rng.uniform(0.85, 1.35) * 100) / 100,
      baseLat: DEPOT.latitude,
      baseLon: DEPOT.longitude,
    };
  });
}

/**
 * Users: the office staff (planning, direction, technical director) then every technician. Upserted on
 * the email so an existing row keeps its Teams id (aad_object_id).
 */
export function insertUsers(db: Db, techniciens: readonly TechnicienRow[]): number {
  const upsert = db.prepare(
    `INSERT INTO users (email, display_name, role, technicien_id, langue) VALUES (?, ?, ?, ?, 'fr')
     ON CONFLICT(email) DO UPDATE SET display_name = excluded.display_name, role = excluded.role, technicien_id = excluded.technicien_id`,
  );
  for (const s of STAFF) upsert.run(companyEmail(s), `${s.prenom} ${s.nom}`, s.role, null);
  for (const t of techniciens) upsert.run(t.email, `${t.prenom} ${t.nom}`, 'technician', t.technicien_id);
  return STAFF.length + techniciens.length;
}

