/**
 * The derived columns of the dimensions, recomputed from the facts in SQL (set operations, one UPDATE
 * per table). The ETL calls it after each load, the demo generator after generating.
 *
 * - dim_clients: nb_interventions_total, satisfaction_moyenne (mean satisfaction_note of all its
 *   interventions), date_premier_contrat (first period start), date_fin_contrat (end of its latest
 *   period), contrat_actif (a period 'actif' or 'renouvele' covers today).
 * - dim_techniciens, over the rolling 30 days ending today (today − 29 … today): nb_interventions_mois,
 *   satisfaction_moyenne, km_parcourus_mois, taux_depassement (share of interventions with ecart_min > 0).
 * - dim_zones: nb_clients_zone, densite (clients / (π · rayon_km²)), technicien_affecte (the active
 *   technician based in the zone with the lowest id, else the one with most interventions there over 90 days).
 */
import { addDaysIso, dateId } from './calendar.ts';
import type { Db } from './db.ts';

export const TECHNICIAN_WINDOW_DAYS = 30;

export function refreshAggregates(db: Db, today: string): void {
  const todayId = dateId(today);
  const monthFromId = dateId(addDaysIso(today, -(TECHNICIAN_WINDOW_DAYS - 1)));
  const zoneFromId = dateId(addDaysIso(today, -89));
  db.transaction(() => {
    db.prepare(
      `WITH i AS (
         SELECT client_id, COUNT(*) AS n, ROUND(AVG(satisfaction_note), 2) AS sat
         FROM fact_interventions GROUP BY client_id
       ), c AS (
         SELECT client_id, MIN(date_debut) AS premier, MAX(date_fin) AS fin,
                MAX(CASE WHEN statut IN ('actif', 'renouvele') AND date_debut <= @today AND date_fin >= @today THEN 1 ELSE 0 END) AS actif
         FROM fact_contrats GROUP BY client_id
       ), a AS (
         SELECT d.client_id, COALESCE(i.n, 0) AS n, i.sat, c.premier, c.fin, COALESCE(c.actif, 0) AS actif
         FROM dim_clients d LEFT JOIN i ON i.client_id = d.client_id LEFT JOIN c ON c.client_id = d.client_id
       )
       UPDATE dim_clients SET
         nb_interventions_total = a.n, satisfaction_moyenne = a.sat, date_premier_contrat = a.premier,
         date_fin_contrat = a.fin, contrat_actif = a.actif
       FROM a WHERE a.client_id = dim_clients.client_id`,
    ).run({ today });

    db.prepare(
      `WITH m AS (
         SELECT technicien_id, COUNT(*) AS n, ROUND(AVG(satisfaction_note), 2) AS sat, ROUND(SUM(km_parcourus), 1) AS km,
                ROUND(AVG(CASE WHEN ecart_min > 0 THEN 1.0 ELSE 0.0 END), 4) AS taux
         FROM fact_interventions WHERE date_id BETWEEN @from AND @to GROUP BY technicien_id
       ), a AS (
         SELECT t.technicien_id, COALESCE(m.n, 0) AS n, m.sat, COALESCE(m.km, 0) AS km, COALESCE(m.taux, 0) AS taux
         FROM dim_techniciens t LEFT JOIN m ON m.technicien_id = t.technicien_id
       )
       UPDATE dim_techniciens SET
         nb_interventions_mois = a.n, satisfaction_moyenne = a.sat, km_parcourus_mois = a.km, taux_depassement = a.taux
       FROM a WHERE a.technicien_id = dim_techniciens.technicien_id`,
    ).run({ from: monthFromId, to: todayId });

    db.prepare(
      `WITH n AS (
         SELECT zone_id, COUNT(*) AS n FROM dim_clients GROUP BY zone_id
       ), home AS (
         SELECT zone_principale AS zone_id, MIN(technicien_id) AS tech FROM dim_techniciens WHERE actif = 1 GROUP BY zone_principale
       ), busy AS (
         SELECT zone_id, technicien_id AS tech,
                ROW_NUMBER() OVER (PARTITION BY zone_id ORDER BY COUNT(*) DESC, technicien_id) AS rk
         FROM fact_interventions WHERE date_id BETWEEN @from AND @to GROUP BY zone_id, technicien_id
       ), a AS (
         SELECT z.zone_id, COALESCE(n.n, 0) AS n,
                CASE WHEN z.rayon_km > 0 THEN ROUND(COALESCE(n.n, 0) / (3.141592653589793 * z.rayon_km * z.rayon_km), 3) ELSE 0 END AS densite,
                COALESCE(home.tech, busy.tech) AS tech
         FROM dim_zones z LEFT JOIN n ON n.zone_id = z.zone_id LEFT JOIN home ON home.zone_id = z.zone_id
              LEFT JOIN busy ON busy.zone_id = z.zone_id AND busy.rk = 1
       )
       UPDATE dim_zones SET nb_clients_zone = a.n, densite = a.densite, technicien_affecte = a.tech
       FROM a WHERE a.zone_id = dim_zones.zone_id`,
    ).run({ from: zoneFromId, to: todayId });
  })();
}
