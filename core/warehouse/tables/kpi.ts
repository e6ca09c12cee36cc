/**
 * Views of the KPI module, named after the dashboards, for Power BI or any BI tool (core/kpi/README.md): one
 * row per fact, with the dimensions' labels joined and the KPI flags computed the way the Teams cards compute
 * them (NPS category, overrun, delay in days, signed quote…). Created by migration 5; the same names exist in
 * the SQLite file and in Azure SQL.
 */
import type { Dialect, NamedIndex, View } from '../ddl.ts';

/** `YYYY-MM-DD` of a datetime with offset (its local date). */
const day = (d: Dialect, col: string): string => (d === 'sqlite' ? `substr(${col}, 1, 10)` : `CAST(${col} AS DATE)`);
/** Whole days from `a` to `b`. */
const daysBetween = (d: Dialect, a: string, b: string): string => (d === 'sqlite' ? `CAST(julianday(${b}) - julianday(${a}) AS INTEGER)` : `DATEDIFF(day, ${a}, ${b})`);

const both = (f: (d: Dialect) => string): Record<Dialect, string> => ({ sqlite: f('sqlite'), mssql: f('mssql') });

export const KPI_VIEWS: readonly View[] = [
  {
    name: 'v_kpi_direction',
    doc: 'CA SAV lines: every invoiced intervention (montant_total) and every contract period fee (montant_annuel, on its start date).',
    select: both(
      (d) => `SELECT 'intervention' AS source, t.date AS date, t.annee, t.mois, fi.zone_id, z.nom_zone, fi.client_id, fi.technicien_id, ti.categorie, fi.montant_total AS montant
FROM fact_interventions fi JOIN dim_temps t ON t.date_id = fi.date_id JOIN dim_zones z ON z.zone_id = fi.zone_id
JOIN dim_types_intervention ti ON ti.type_intervention_id = fi.type_intervention_id
UNION ALL
SELECT 'contrat', c.date_debut, ${d === 'sqlite' ? "CAST(substr(c.date_debut, 1, 4) AS INTEGER), CAST(substr(c.date_debut, 6, 2) AS INTEGER)" : 'YEAR(c.date_debut), MONTH(c.date_debut)'}, cl.zone_id, z.nom_zone, c.client_id, NULL, NULL, c.montant_annuel
FROM fact_contrats c JOIN dim_clients cl ON cl.client_id = c.client_id JOIN dim_zones z ON z.zone_id = cl.zone_id`,
    ),
  },
  {
    name: 'v_kpi_planning',
    doc: 'Interventions to do (to plan, planned, in progress, done, cancelled) with zone, technician and urgency.',
    select: both(
      () => `SELECT p.planned_id, p.statut, p.urgence, p.origine, p.date_demande, p.date_echeance, p.date_prevue, p.duree_prevue_min, p.zone_id, z.nom_zone,
  p.technicien_id, te.prenom AS technicien_prenom, te.nom AS technicien_nom, ti.libelle AS type_intervention
FROM planned_interventions p JOIN dim_zones z ON z.zone_id = p.zone_id JOIN dim_types_intervention ti ON ti.type_intervention_id = p.type_intervention_id
LEFT JOIN dim_techniciens te ON te.technicien_id = p.technicien_id`,
    ),
  },
  {
    name: 'v_kpi_techniciens',
    doc: 'Interventions done: km driven and of the planned order, durations, overrun (ecart_min > 0), delay in days after the due date, satisfaction.',
    select: both(
      (d) => `SELECT fi.intervention_id, t.date AS date, t.annee, t.mois, t.annee_iso, t.semaine, fi.technicien_id, te.prenom AS technicien_prenom, te.nom AS technicien_nom,
  fi.zone_id, z.nom_zone, ti.code AS type_code, ti.libelle AS type_intervention, ti.categorie, fi.km_parcourus, fi.km_plan_initial, fi.duree_min, fi.duree_prevue_min, fi.ecart_min,
  CASE WHEN fi.ecart_min > 0 THEN 1 ELSE 0 END AS depasse,
  CASE WHEN fi.date_echeance IS NULL THEN NULL ELSE ${daysBetween(d, 'fi.date_echeance', 't.date')} END AS retard_jours,
  fi.satisfaction_note, fi.resolu_premiere_visite, fi.est_reclamation, fi.motif_reclamation
FROM fact_interventions fi JOIN dim_temps t ON t.date_id = fi.date_id JOIN dim_techniciens te ON te.technicien_id = fi.technicien_id
JOIN dim_zones z ON z.zone_id = fi.zone_id JOIN dim_types_intervention ti ON ti.type_intervention_id = fi.type_intervention_id`,
    ),
  },
  {
    name: 'v_kpi_qualite',
    doc: 'Satisfaction surveys: sent and answer dates, NPS category (promoteur 9–10, passif 7–8, detracteur 0–6), the answers and comments.',
    select: both(
      (d) => `SELECT s.satisfaction_id, s.intervention_id, s.canal, s.statut, ${day(d, 's.envoye_at')} AS date_envoi, ${day(d, 's.repondu_at')} AS date_reponse,
  CASE WHEN s.repondu_at IS NULL THEN 0 ELSE 1 END AS repondu, s.nps,
  CASE WHEN s.nps >= 9 THEN 'promoteur' WHEN s.nps >= 7 THEN 'passif' WHEN s.nps >= 0 THEN 'detracteur' END AS categorie_nps,
  s.professionnel, s.delai_respecte, s.probleme_resolu, s.professionnel_commentaire, s.delai_commentaire, s.probleme_commentaire, s.suggestion,
  fi.zone_id, z.nom_zone, fi.technicien_id, ti.libelle AS type_intervention, fi.satisfaction_note
FROM fact_satisfaction s JOIN fact_interventions fi ON fi.intervention_id = s.intervention_id JOIN dim_zones z ON z.zone_id = fi.zone_id
JOIN dim_types_intervention ti ON ti.type_intervention_id = fi.type_intervention_id`,
    ),
  },
  {
    name: 'v_kpi_finance',
    doc: 'Quotes (sent, answered, signed) and the overtime of interventions to re-invoice and re-invoiced, one row each, with zone and type.',
    select: both(
      () => `SELECT 'devis' AS source, dv.devis_id AS id, dv.date_emission AS date, dv.date_reponse, dv.statut, CASE WHEN dv.statut = 'signe' THEN 1 ELSE 0 END AS signe,
  dv.montant_ht, NULL AS montant_depassement, NULL AS montant_refacture, cl.zone_id, dv.type_intervention_id
FROM fact_devis dv JOIN dim_clients cl ON cl.client_id = dv.client_id
UNION ALL
SELECT 'intervention', fi.intervention_id, t.date, NULL, NULL, NULL, fi.montant_total, fi.montant_depassement, fi.montant_refacture, fi.zone_id, fi.type_intervention_id
FROM fact_interventions fi JOIN dim_temps t ON t.date_id = fi.date_id`,
    ),
  },
];

/**
 * Covering indexes of the KPI queries (migration 6): a dashboard reads a year of facts by date; with every column
 * it needs in the index, SQLite reads the index in date order and never the table rows (first Direction card after a
 * data change on 50 000 clients: ~1.8 s → ~0.24 s, scripts/bench-kpi.ts).
 */
export const KPI_INDEXES: readonly { table: string; indexes: readonly NamedIndex[] }[] = [
  {
    table: 'fact_interventions',
    indexes: [
      {
        name: 'IX_kpi_interventions_date',
        columns: ['date_id'],
        include: [
          'zone_id', 'technicien_id', 'type_intervention_id', 'montant_total', 'montant_depassement', 'montant_refacture', 'satisfaction_note',
          'est_reclamation', 'resolu_premiere_visite', 'km_parcourus', 'km_plan_initial', 'duree_min', 'duree_prevue_min', 'ecart_min',
          'date_echeance', 'motif_reclamation',
        ],
      },
      // top clients: read in client order, so the sums per client need no sort
      { name: 'IX_kpi_interventions_client', columns: ['client_id'], include: ['date_id', 'zone_id', 'technicien_id', 'montant_total'] },
    ],
  },
  {
    table: 'fact_contrats',
    indexes: [
      { name: 'IX_kpi_contrats_debut', columns: ['date_debut'], include: ['client_id', 'montant_annuel'] },
      { name: 'IX_kpi_contrats_fin', columns: ['date_fin'], include: ['date_debut', 'date_resiliation', 'statut', 'client_id'] },
    ],
  },
  { table: 'fact_satisfaction', indexes: [{ name: 'IX_kpi_satisfaction_date', columns: ['date_id'], include: ['repondu_at', 'envoye_at', 'nps', 'intervention_id'] }] },
  {
    table: 'fact_devis',
    indexes: [
      { name: 'IX_kpi_devis_date', columns: ['date_id'], include: ['client_id', 'technicien_id', 'statut', 'montant_ht'] },
      { name: 'IX_kpi_devis_reponse', columns: ['statut', 'date_reponse'], include: ['client_id', 'technicien_id', 'montant_ht'] },
    ],
  },
];
