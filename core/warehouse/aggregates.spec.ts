import { describe, expect, it } from 'vitest';
import { refreshAggregates } from './aggregates.ts';
import { dateId, ensureCalendar } from './calendar.ts';
import { openDb, type Db } from './db.ts';

const TODAY = '2026-12-01';

function tinyWarehouse(): Db {
  const db = openDb(':memory:');
  ensureCalendar(db, '2025-01-01', '2026-12-31');
  db.exec(`
    INSERT INTO dim_zones (zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km) VALUES (1, 'A', 45.9, 6.1, 2), (2, 'B', 45.8, 6.2, 5);
    INSERT INTO dim_types_intervention VALUES (1, 'T', 'Type', 'Tableau', 'maintenance', 60, 60, 1);
    INSERT INTO dim_techniciens (technicien_id, nom, prenom, email, specialites, zone_principale, base_latitude, base_longitude, actif) VALUES
      (1, 'Un', 'T', 't1@x.fr', '["Tableau"]', 1, 45.9, 6.1, 1),
      (2, 'Deux', 'T', 't2@x.fr', '["Tableau"]', 1, 45.9, 6.1, 1),
      (3, 'Trois', 'T', 't3@x.fr', '["Tableau"]', 2, 45.9, 6.1, 0);
    INSERT INTO dim_clients (client_id, nom, type, segment, adresse, code_postal, ville, latitude, longitude, zone_id, nb_interventions_total, contrat_actif) VALUES
      (1, 'C1', 'Particulier', 'Or', '1 rue', '74000', 'Annecy', 45.9, 6.1, 1, 0, 0),
      (2, 'C2', 'Particulier', 'Bronze', '2 rue', '74000', 'Annecy', 45.9, 6.1, 1, 0, 1),
      (3, 'C3', 'Professionnel', 'Argent', '3 rue', '74320', 'Sevrier', 45.8, 6.2, 2, 99, 1);
    INSERT INTO fact_contrats (contrat_id, source_ref, client_id, formule, date_debut, date_fin, montant_annuel, statut, numero_renouvellement, contrat_precedent_id, date_resiliation) VALUES
      (1, 'K1', 1, 'Premium', '2025-01-10', '2026-01-09', 400, 'renouvele', 0, NULL, NULL),
      (2, 'K2', 1, 'Premium', '2026-01-10', '2027-01-09', 412, 'actif', 1, 1, NULL),
      (3, 'K3', 2, 'Essentiel', '2025-03-01', '2026-02-28', 159, 'resilie', 0, NULL, '2026-01-15');
  `);
  const insert = db.prepare(
    `INSERT INTO fact_interventions (source_ref, date_id, client_id, technicien_id, zone_id, type_intervention_id, duree_prevue_min, ecart_min, km_parcourus, satisfaction_note)
     VALUES (?, ?, ?, ?, ?, 1, 60, ?, ?, ?)`,
  );
  const rows: [string, string, number, number, number, number, number, number | null][] = [
    ['I1', '2026-11-20', 1, 1, 1, 10, 10, 5],
    ['I2', '2026-11-25', 1, 1, 1, -5, 20, 3],
    ['I3', '2026-10-15', 2, 1, 1, 30, 50, 2], // before the 30-day window
    ['I4', '2026-11-30', 3, 2, 2, 0, 7.5, null],
    ['I5', '2026-11-02', 3, 2, 2, 15, 2.5, 4], // first day of the window
    ['I6', '2026-11-01', 3, 2, 2, 20, 100, 1], // the day before it
  ];
  for (const [ref, date, client, tech, zone, ecart, km, note] of rows) insert.run(ref, dateId(date), client, tech, zone, ecart, km, note);
  return db;
}

describe('refreshAggregates', () => {
  it('recomputes the clients’ totals, satisfaction and contract state', () => {
    const db = tinyWarehouse();
    refreshAggregates(db, TODAY);
    expect(
      db.prepare('SELECT client_id, nb_interventions_total, satisfaction_moyenne, contrat_actif, date_premier_contrat, date_fin_contrat FROM dim_clients ORDER BY client_id').all(),
    ).toEqual([
      { client_id: 1, nb_interventions_total: 2, satisfaction_moyenne: 4, contrat_actif: 1, date_premier_contrat: '2025-01-10', date_fin_contrat: '2027-01-09' },
      { client_id: 2, nb_interventions_total: 1, satisfaction_moyenne: 2, contrat_actif: 0, date_premier_contrat: '2025-03-01', date_fin_contrat: '2026-02-28' },
      { client_id: 3, nb_interventions_total: 3, satisfaction_moyenne: 2.5, contrat_actif: 0, date_premier_contrat: null, date_fin_contrat: null },
    ]);
  });

  it('recomputes the technicians over the 30 days ending today', () => {
    const db = tinyWarehouse();
    refreshAggregates(db, TODAY);
    expect(
      db.prepare('SELECT technicien_id, nb_interventions_mois, satisfaction_moyenne, km_parcourus_mois, taux_depassement FROM dim_techniciens ORDER BY technicien_id').all(),
    ).toEqual([
      { technicien_id: 1, nb_interventions_mois: 2, satisfaction_moyenne: 4, km_parcourus_mois: 30, taux_depassement: 0.5 },
      { technicien_id: 2, nb_interventions_mois: 2, satisfaction_moyenne: 4, km_parcourus_mois: 10, taux_depassement: 0.5 },
      { technicien_id: 3, nb_interventions_mois: 0, satisfaction_moyenne: null, km_parcourus_mois: 0, taux_depassement: 0 },
    ]);
  });

  it('recomputes the zones: clients, density and assigned technician', () => {
    const db = tinyWarehouse();
    refreshAggregates(db, TODAY);
    const zones = db.prepare('SELECT zone_id, nb_clients_zone, densite, technicien_affecte FROM dim_zones ORDER BY zone_id').all() as {
      zone_id: number;
      nb_clients_zone: number;
      densite: number;
      technicien_affecte: number | null;
    }[];
    expect(zones[0]).toMatchObject({ zone_id: 1, nb_clients_zone: 2, technicien_affecte: 1 });
    expect(zones[0]!.densite).toBeCloseTo(2 / (Math.PI * 4), 3);
    // zone 2's only home technician is inactive: the busiest one there over 90 days
    expect(zones[1]).toMatchObject({ zone_id: 2, nb_clients_zone: 1, technicien_affecte: 2 });
    expect(zones[1]!.densite).toBeCloseTo(1 / (Math.PI * 25), 3);
  });

  it('is idempotent and follows the facts when they change', () => {
    const db = tinyWarehouse();
    refreshAggregates(db, TODAY);
    const before = db.prepare('SELECT * FROM dim_clients ORDER BY client_id').all();
    refreshAggregates(db, TODAY);
    expect(db.prepare('SELECT * FROM dim_clients ORDER BY client_id').all()).toEqual(before);
    db.exec("UPDATE fact_contrats SET statut = 'resilie', date_resiliation = '2026-11-15' WHERE contrat_id = 2");
    db.exec('DELETE FROM fact_interventions WHERE client_id = 3');
    refreshAggregates(db, TODAY);
    expect(db.prepare('SELECT contrat_actif FROM dim_clients WHERE client_id = 1').get()).toEqual({ contrat_actif: 0 });
    expect(db.prepare('SELECT nb_interventions_total, satisfaction_moyenne FROM dim_clients WHERE client_id = 3').get()).toEqual({
      nb_interventions_total: 0,
      satisfaction_moyenne: null,
    });
  });

  it('slides the technicians’ window with today', () => {
    const db = tinyWarehouse();
    refreshAggregates(db, '2026-12-02'); // 2026-11-03 … 2026-12-02: I5 (2026-11-02) leaves
    expect(db.prepare('SELECT nb_interventions_mois, satisfaction_moyenne, km_parcourus_mois, taux_depassement FROM dim_techniciens WHERE technicien_id = 2').get()).toEqual({
      nb_interventions_mois: 1,
      satisfaction_moyenne: null,
      km_parcourus_mois: 7.5,
      taux_depassement: 0,
    });
  });
});
