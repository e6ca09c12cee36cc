/**
 * A tiny hand-made warehouse whose every KPI is computed by hand in the specs (period 2026-11, previous
 * 2026-10, today 2026-11-24). Test helper only.
 */
import { ensureCalendar } from '../warehouse/calendar.ts';
import { openDb, type Db } from '../warehouse/db.ts';

export const TODAY = '2026-11-24';

type Values = Record<string, unknown>;

function insert(db: Db, table: string, rows: readonly Values[]): void {
  for (const r of rows) {
    const cols = Object.keys(r);
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(r);
  }
}

const dateIdOf = (d: string): number => Number(d.replaceAll('-', ''));

export function smallWarehouse(path = ':memory:'): Db {
  const db = openDb(path);
  ensureCalendar(db, '2025-09-01', '2026-12-31');
  insert(db, 'dim_zones', [
    { zone_id: 1, nom_zone: 'Annecy Centre', latitude_centre: 45.9, longitude_centre: 6.12, rayon_km: 2 },
    { zone_id: 2, nom_zone: 'Seynod', latitude_centre: 45.88, longitude_centre: 6.09, rayon_km: 3 },
  ]);
  insert(db, 'dim_types_intervention', [
    { type_intervention_id: 1, code: 'TAB-MAINT', libelle: 'Contrôle tableau', specialite_requise: 'Tableau', categorie: 'maintenance', duree_standard_min: 60, tarif_horaire: 62, sous_contrat: 1 },
    { type_intervention_id: 2, code: 'CHAUF-DEP', libelle: 'Dépannage chauffage', specialite_requise: 'Chauffage', categorie: 'depannage', duree_standard_min: 90, tarif_horaire: 68, sous_contrat: 1 },
  ]);
  insert(db, 'dim_techniciens', [
    { technicien_id: 1, nom: 'Benali', prenom: 'Karim', email: 'k@x.fr', specialites: '["Tableau"]', zone_principale: 1, base_latitude: 45.9, base_longitude: 6.12 },
    { technicien_id: 2, nom: 'Morel', prenom: 'Julien', email: 'j@x.fr', specialites: '["Chauffage"]', zone_principale: 2, base_latitude: 45.88, base_longitude: 6.09 },
  ]);
  const client = (id: number, zone: number, nom: string) => ({
    client_id: id, nom, prenom: null, type: 'Particulier', segment: 'Argent', adresse: `${id} rue du Lac`, code_postal: '74000', ville: 'Annecy',
    latitude: 45.9, longitude: 6.12, zone_id: zone,
  });
  insert(db, 'dim_clients', [client(1, 1, 'Dupont'), client(2, 1, 'Martin'), client(3, 2, 'Bernard'), client(4, 2, 'Petit')]);
  const contract = (id: number, c: number, debut: string, fin: string, montant: number, statut: string, extra: Values = {}) => ({
    contrat_id: id, source_ref: `C${id}`, client_id: c, formule: 'Confort', date_debut: debut, date_fin: fin, montant_annuel: montant, statut, ...extra,
  });
  insert(db, 'fact_contrats', [
    contract(1, 1, '2025-11-15', '2026-11-14', 240, 'renouvele'),
    contract(2, 1, '2026-11-15', '2027-11-14', 240, 'actif', { contrat_precedent_id: 1, numero_renouvellement: 1 }),
    contract(3, 2, '2025-11-20', '2026-11-19', 300, 'resilie', { date_resiliation: '2026-10-01', motif_resiliation: 'Déménagement' }),
    contract(4, 3, '2026-01-01', '2026-12-20', 180, 'actif'),
    contract(5, 4, '2025-10-01', '2026-09-30', 100, 'expire'),
  ]);
  const iv = (id: number, day: string, c: number, t: number, z: number, type: number, v: Values) => ({
    intervention_id: id, source_ref: `I${id}`, date_id: dateIdOf(day), client_id: c, technicien_id: t, zone_id: z, type_intervention_id: type,
    duree_prevue_min: 60, ...v,
  });
  insert(db, 'fact_interventions', [
    iv(1, '2026-11-02', 1, 1, 1, 1, { montant_total: 100, km_parcourus: 10, km_plan_initial: 12, duree_min: 70, ecart_min: 10, satisfaction_note: 5, resolu_premiere_visite: 1, est_reclamation: 0, date_echeance: '2026-11-01', montant_depassement: 20, montant_refacture: 20 }),
    iv(2, '2026-11-03', 2, 1, 1, 2, { montant_total: 200, km_parcourus: 20, km_plan_initial: 25, duree_min: 80, duree_prevue_min: 90, ecart_min: -10, satisfaction_note: 2, resolu_premiere_visite: 0, est_reclamation: 1, motif_reclamation: 'Retard', date_echeance: '2026-10-20' }),
    iv(3, '2026-11-10', 3, 2, 2, 1, { montant_total: 50, km_parcourus: 30, duree_min: 60, ecart_min: 0, satisfaction_note: 4, resolu_premiere_visite: 1, est_reclamation: 1, motif_reclamation: 'Panne non résolue', date_echeance: '2026-11-09', montant_depassement: 10 }),
    iv(4, '2026-10-15', 1, 2, 1, 2, { montant_total: 300, km_parcourus: 15, km_plan_initial: 15, duree_min: 100, duree_prevue_min: 90, ecart_min: 10, satisfaction_note: 3, date_echeance: '2026-10-14', montant_depassement: 30, montant_refacture: 30 }),
    iv(5, '2025-11-05', 4, 1, 2, 1, { montant_total: 80, km_parcourus: 5, km_plan_initial: 6, duree_min: 60, ecart_min: 0, satisfaction_note: 5 }),
    iv(6, TODAY, 4, 2, 2, 1, { montant_total: 40, km_parcourus: 8, km_plan_initial: 10, duree_min: 50, ecart_min: -10 }),
  ]);
  const survey = (id: number, i: number, c: number, t: number, sent: string, v: Values) => ({
    satisfaction_id: id, intervention_id: i, client_id: c, technicien_id: t, date_id: dateIdOf(sent), canal: 'sms', statut: 'complete',
    envoye_at: `${sent}T18:00:00+01:00`, ...v,
  });
  insert(db, 'fact_satisfaction', [
    survey(1, 1, 1, 1, '2026-11-02', { nps: 10, repondu_at: '2026-11-03T10:00:00+01:00', professionnel_commentaire: 'Technicien très ponctuel' }),
    survey(2, 2, 2, 1, '2026-11-03', { nps: 3, repondu_at: '2026-11-04T09:00:00+01:00', probleme_commentaire: 'Panne pas résolue, retard' }),
    survey(3, 3, 3, 2, '2026-11-10', { nps: 8, repondu_at: '2026-11-11T12:00:00+01:00' }),
    survey(4, 4, 1, 2, '2026-10-15', { nps: 9, repondu_at: '2026-10-16T08:00:00+02:00' }),
    survey(5, 6, 4, 2, TODAY, { statut: 'envoye' }),
  ]);
  const devis = (id: number, emis: string, statut: string, ht: number, reponse: string | null) => ({
    devis_id: id, source_ref: `D${id}`, date_id: dateIdOf(emis), client_id: 1, technicien_id: 1, date_emission: emis, date_reponse: reponse, statut, montant_ht: ht, montant_ttc: ht * 1.2,
  });
  insert(db, 'fact_devis', [
    devis(1, '2026-11-05', 'signe', 1000, '2026-11-12'),
    devis(2, '2026-11-06', 'refuse', 800, '2026-11-20'),
    devis(3, '2026-11-20', 'envoye', 400, null),
    devis(4, '2026-10-10', 'signe', 500, '2026-11-02'),
  ]);
  const planned = (id: number, v: Values) => ({
    planned_id: id, source_ref: `P${id}`, client_id: 2, type_intervention_id: 1, zone_id: 1, duree_prevue_min: 45, date_demande: '2026-11-01', statut: 'planifie', origine: 'erp', ...v,
  });
  insert(db, 'planned_interventions', [
    planned(1, { technicien_id: 1, date_prevue: TODAY, date_echeance: '2026-11-30' }),
    planned(2, { technicien_id: 2, date_prevue: TODAY, statut: 'annule', zone_id: 2 }),
    planned(3, { statut: 'a_planifier', urgence: 'urgente', date_echeance: '2026-11-10' }),
    planned(4, { statut: 'a_planifier', urgence: 'critique', date_echeance: '2026-11-20', zone_id: 2, client_id: 3 }),
    planned(5, { technicien_id: 2, date_prevue: '2026-11-25', duree_prevue_min: 60, date_echeance: '2026-11-26', zone_id: 2, client_id: 3 }),
  ]);
  insert(db, 'portal_requests', [
    { request_id: 1, source_ref: 'W1', client_id: 1, date_demande: '2026-11-20T09:00:00+01:00', statut: 'a_valider' },
    { request_id: 2, source_ref: 'W2', client_id: 3, date_demande: '2026-11-17T21:00:00+01:00', statut: 'valide' },
    { request_id: 3, source_ref: 'W3', client_id: 1, date_demande: '2026-11-10T07:30:00+01:00', statut: 'annule' },
  ]);
  insert(db, 'users', [
    { user_id: 1, email: 'clothilde@x.fr', display_name: 'Clothilde Martin', role: 'planning' },
    { user_id: 2, email: 'marc@x.fr', display_name: 'Marc Duret', role: 'direction' },
    { user_id: 3, email: 'philippe@x.fr', display_name: 'Philippe Rey', role: 'technical_director' },
    { user_id: 4, email: 'karim@x.fr', display_name: 'Karim Benali', role: 'technician', technicien_id: 1 },
    { user_id: 5, email: 'julien@x.fr', display_name: 'Julien Morel', role: 'technician', technicien_id: 2, langue: 'en' },
  ]);
  return db;
}

/** 2026-11-24 09:00 in Paris. */
export const NOW = new Date('2026-11-24T09:00:00+01:00');
