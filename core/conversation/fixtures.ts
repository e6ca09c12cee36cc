import type { Db } from '../warehouse/db.ts';

/**
 * A small, hand-made warehouse for the conversation, access and planning tests: 2 zones, the 5 technicians,
 * 4 clients, 3 intervention types, the 8 users and a few planned interventions around Tuesday 2026-12-01.
 * Plain SQL, so the tests do not depend on the demo generator.
 */
export const FIXTURE_NOW = new Date('2026-12-01T07:30:00+01:00'); // Tuesday, Europe/Paris

export const TECHS = [
  { id: 1, prenom: 'Gaëtan', nom: 'Morel', lat: 45.8992, lon: 6.1294 },
  { id: 2, prenom: 'Julien', nom: 'Favre', lat: 45.9237, lon: 6.8694 },
  { id: 3, prenom: 'Karim', nom: 'Benali', lat: 45.9000, lon: 6.1200 },
  { id: 4, prenom: 'Lucas', nom: 'Perrin', lat: 46.0660, lon: 6.3110 },
  { id: 5, prenom: 'Thomas', nom: 'Girard', lat: 45.7600, lon: 6.2200 },
] as const;

export const CLIENTS = [
  { id: 101, nom: 'Dupont', prenom: 'Jeanne', adresse: '12 rue Royale', cp: '74000', ville: 'Annecy', lat: 45.9000, lon: 6.1250, tel: '+33611111111' },
  { id: 102, nom: 'Boulangerie Lac', prenom: null, adresse: '3 avenue du Lac', cp: '74290', ville: 'Veyrier-du-Lac', lat: 45.8833, lon: 6.1750, tel: '+33622222222' },
  { id: 103, nom: 'Martin', prenom: 'Paul', adresse: '8 chemin des Prés', cp: '74370', ville: 'Pringy', lat: 45.9470, lon: 6.1260, tel: null },
  { id: 104, nom: "O'Brien", prenom: 'Sean', adresse: '1 place de la Mairie', cp: '74940', ville: 'Annecy-le-Vieux', lat: 45.9190, lon: 6.1420, tel: null },
] as const;

export const USERS = [
  { id: 1, email: 'clothilde.martin@duret-electricite.fr', name: 'Clothilde Martin', role: 'planning', tech: null, langue: 'fr' },
  { id: 2, email: 'marc.duret@duret-electricite.fr', name: 'Marc Duret', role: 'direction', tech: null, langue: 'fr' },
  { id: 3, email: 'philippe.rey@duret-electricite.fr', name: 'Philippe Rey', role: 'technical_director', tech: null, langue: 'fr' },
  { id: 4, email: 'gaetan.morel@duret-electricite.fr', name: 'Gaëtan Morel', role: 'technician', tech: 1, langue: 'fr' },
  { id: 5, email: 'julien.favre@duret-electricite.fr', name: 'Julien Favre', role: 'technician', tech: 2, langue: 'fr' },
  { id: 6, email: 'karim.benali@duret-electricite.fr', name: 'Karim Benali', role: 'technician', tech: 3, langue: 'fr' },
  { id: 7, email: 'lucas.perrin@duret-electricite.fr', name: 'Lucas Perrin', role: 'technician', tech: 4, langue: 'fr' },
  { id: 8, email: 'thomas.girard@duret-electricite.fr', name: 'Thomas Girard', role: 'technician', tech: 5, langue: 'fr' },
] as const;

/** Fills an empty, migrated database with the fixture. */
export function seedFixture(db: Db): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO dim_zones (zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km) VALUES (1, 'Annecy', 45.8992, 6.1294, 8), (2, 'Aravis', 45.9237, 6.8694, 15)`).run();
    const tech = db.prepare(
      `INSERT INTO dim_techniciens (technicien_id, nom, prenom, email, specialites, zone_principale, base_latitude, base_longitude)
       VALUES (?, ?, ?, ?, '["Tableau"]', 1, ?, ?)`,
    );
    for (const t of TECHS) tech.run(t.id, t.nom, t.prenom, `${t.prenom}.${t.nom}@example.test`.toLowerCase(), t.lat, t.lon);
    db.prepare(
      `INSERT INTO dim_types_intervention (type_intervention_id, code, libelle, specialite_requise, categorie, duree_standard_min, tarif_horaire, sous_contrat)
       VALUES (1, 'VMC_ENT', 'Entretien VMC', 'VMC', 'maintenance', 60, 55, 1),
              (2, 'TAB_DEP', 'Dépannage tableau', 'Tableau', 'depannage', 90, 65, 0),
              (3, 'IRVE_INST', 'Installation borne IRVE', 'IRVE', 'installation', 180, 70, 0)`,
    ).run();
    const client = db.prepare(
      `INSERT INTO dim_clients (client_id, nom, prenom, type, segment, adresse, code_postal, ville, latitude, longitude, zone_id, telephone)
       VALUES (?, ?, ?, ?, 'Or', ?, ?, ?, ?, ?, 1, ?)`,
    );
    for (const c of CLIENTS) client.run(c.id, c.nom, c.prenom, c.prenom ? 'Particulier' : 'Professionnel', c.adresse, c.cp, c.ville, c.lat, c.lon, c.tel);
    const user = db.prepare('INSERT INTO users (user_id, email, display_name, role, technicien_id, langue) VALUES (?, ?, ?, ?, ?, ?)');
    for (const u of USERS) user.run(u.id, u.email, u.name, u.role, u.tech, u.langue);
    const planned = db.prepare(
      `INSERT INTO planned_interventions (source_ref, client_id, type_intervention_id, zone_id, technicien_id, date_prevue, ordre,
         fenetre_debut, fenetre_fin, duree_prevue_min, date_demande, statut, origine)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, '2026-11-20', ?, 'erp')`,
    );
    // Karim (3), Tuesday 2026-12-01: inserted out of order; one cancelled and one done stop must not show.
    planned.run('P-1', 102, 2, 3, '2026-12-01', 2, '10:00', '12:00', 90, 'planifie');
    planned.run('P-2', 101, 1, 3, '2026-12-01', 1, '08:00', '09:30', 60, 'en_cours');
    planned.run('P-3', 103, 3, 3, '2026-12-01', 3, null, null, 180, 'planifie');
    planned.run('P-4', 104, 1, 3, '2026-12-01', 4, null, null, 60, 'annule');
    planned.run('P-5', 104, 1, 3, '2026-11-30', 1, null, null, 60, 'realise');
    // Julien (2): nothing on 12-01 and 12-02, two stops on Thursday 12-03.
    planned.run('P-6', 104, 1, 2, '2026-12-03', 1, '14:00', null, 60, 'planifie');
    planned.run('P-7', 101, 2, 2, '2026-12-03', 2, null, '17:00', 90, 'planifie');
    // Gaëtan (1), Wednesday 12-02: one stop.
    planned.run('P-8', 103, 1, 1, '2026-12-02', 1, '09:00', '10:00', 60, 'planifie');
    // To plan (no technician yet).
    db.prepare(
      `INSERT INTO planned_interventions (source_ref, client_id, type_intervention_id, zone_id, duree_prevue_min, date_demande, statut, origine)
       VALUES ('P-9', 101, 2, 1, 90, '2026-11-28', 'a_planifier', 'portail')`,
    ).run();
  })();
}
