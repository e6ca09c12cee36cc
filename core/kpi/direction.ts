/**
 * Direction dashboard (Marc Duret): CA SAV per month and year over year, active contracts and their trend,
 * renewal rate (goal 90 %), NPS, interventions per month by category, the quote funnel, satisfaction by zone
 * (heat map) and the top 10 clients of the rolling year.
 *
 * CA SAV = invoiced interventions (montant_total: labour, parts, re-invoiced overtime) + maintenance contract
 * fees, invoiced when a contract period starts (montant_annuel on date_debut). With a technician filter,
 * only that technician's interventions.
 */
import type { Db } from '../warehouse/db.ts';
import { nps } from './quality.ts';
import { monthOfPeriod, previousPeriod, rollingYear, trailing, yearAgo } from './period.ts';
import { minDate, params, ratio, row, rows, whereScope, ymKey, type Filter, type KpiScope, type Range } from './sql.ts';
import type { Figure, Point } from './types.ts';

/** The zone filter of a contract (through its client), evaluated only when there is a zone. */
const contractInZone = (alias: string): string => `(@zone IS NULL OR ${alias}.client_id IN (SELECT client_id FROM dim_clients WHERE zone_id = @zone))`;

/** CA SAV of a range, €. */
export function caSav(db: Db, range: Range, f: Filter): number {
  const r = row<{ i: number; c: number }>(
    db,
    `SELECT
       (SELECT COALESCE(SUM(fi.montant_total), 0) FROM fact_interventions fi
         WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')}) AS i,
       (SELECT COALESCE(SUM(c.montant_annuel), 0) FROM fact_contrats c
         WHERE c.date_debut BETWEEN @from AND @to AND @tech IS NULL AND ${contractInZone('c')}) AS c`,
    params(range, f),
  );
  return Math.round((r.i + r.c) * 100) / 100;
}

/** CA SAV per month over a range of whole months, `YYYY-MM` → €. Sums per day first: in index order, no sort. */
export function caSavByMonth(db: Db, range: Range, f: Filter): Point[] {
  const list = rows<{ ym: string; v: number }>(
    db,
    `SELECT ym, SUM(v) AS v FROM (
       SELECT printf('%04d-%02d', d / 10000, (d / 100) % 100) AS ym, v FROM (
         SELECT fi.date_id AS d, SUM(fi.montant_total) AS v FROM fact_interventions fi
          WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')} GROUP BY fi.date_id)
       UNION ALL
       SELECT substr(d, 1, 7), v FROM (
         SELECT c.date_debut AS d, SUM(c.montant_annuel) AS v FROM fact_contrats c
          WHERE c.date_debut BETWEEN @from AND @to AND @tech IS NULL AND ${contractInZone('c')} GROUP BY c.date_debut)
     ) GROUP BY ym ORDER BY ym`,
    params(range, f),
  );
  return list.map((r) => ({ x: r.ym, y: Math.round(r.v * 100) / 100 }));
}

/**
 * Contract periods running on each day (started, not ended, not terminated before it). One pass over the
 * contracts that may run on one of the days, counted per (end, start, termination) in the order of the index on
 * date_fin (a few thousand groups, no sort), then each day's count from the groups.
 */
export function activeContracts(db: Db, days: readonly string[], f: Filter): Point[] {
  if (days.length === 0) return [];
  const sorted = [...new Set(days)].sort();
  const groups = rows<{ debut: string; fin: string; resil: string | null; n: number }>(
    db,
    `SELECT c.date_fin AS fin, c.date_debut AS debut, c.date_resiliation AS resil, COUNT(*) AS n FROM fact_contrats c
      WHERE c.date_fin >= @dmin AND c.date_debut <= @dmax AND ${contractInZone('c')}
      GROUP BY c.date_fin, c.date_debut, c.date_resiliation`,
    { zone: f.zoneId, dmin: sorted[0], dmax: sorted[sorted.length - 1] },
  );
  return sorted.map((d) => ({
    x: d,
    y: groups.reduce((sum, g) => (g.debut <= d && g.fin >= d && (g.resil === null || g.resil > d) ? sum + g.n : sum), 0),
  }));
}

/** Renewal rate: contract periods ending in the range that were renewed / those decided (renewed, terminated, lapsed). */
export function renewalRate(db: Db, range: Range, f: Filter): { rate: number | null; renewed: number; ended: number } {
  const r = row<{ renewed: number | null; ended: number | null }>(
    db,
    `SELECT SUM(c.statut = 'renouvele') AS renewed, SUM(c.statut IN ('renouvele', 'resilie', 'expire')) AS ended
       FROM fact_contrats c WHERE c.date_fin BETWEEN @from AND @to AND ${contractInZone('c')}`,
    params(range, f),
  );
  return { rate: ratio(r.renewed, r.ended), renewed: r.renewed ?? 0, ended: r.ended ?? 0 };
}

export const CATEGORIES = ['maintenance', 'depannage', 'installation', 'controle'] as const;
export type Categorie = (typeof CATEGORIES)[number];

/** Interventions per month and category over a range of months. */
export function interventionsByMonth(db: Db, range: Range, f: Filter): { month: string; categorie: Categorie; n: number }[] {
  return rows<{ ym: number; categorie: Categorie; n: number }>(
    db,
    `SELECT x.d / 100 AS ym, t.categorie AS categorie, SUM(x.n) AS n FROM (
       SELECT fi.date_id AS d, fi.type_intervention_id AS ty, COUNT(*) AS n FROM fact_interventions fi
        WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')} GROUP BY fi.date_id, fi.type_intervention_id
     ) x JOIN dim_types_intervention t ON t.type_intervention_id = x.ty
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params(range, f),
  ).map((r) => ({ month: ymKey(r.ym), categorie: r.categorie, n: r.n }));
}

export interface Funnel {
  /** quotes sent in the range */
  emis: number;
  /** of which answered (signed or refused) */
  repondus: number;
  signes: number;
  /** € HT of the signed ones */
  montantSigne: number;
}

/** The quote funnel of the quotes sent in the range: sent → answered → signed. */
export function quoteFunnel(db: Db, range: Range, f: Filter): Funnel {
  const r = row<{ emis: number; repondus: number | null; signes: number | null; montant: number | null }>(
    db,
    `SELECT COUNT(*) AS emis, SUM(d.statut IN ('signe', 'refuse')) AS repondus, SUM(d.statut = 'signe') AS signes,
            SUM(CASE WHEN d.statut = 'signe' THEN d.montant_ht ELSE 0 END) AS montant
       FROM fact_devis d JOIN dim_clients cl ON cl.client_id = d.client_id
      WHERE d.date_id BETWEEN @fromId AND @toId AND (@zone IS NULL OR cl.zone_id = @zone) AND (@tech IS NULL OR d.technicien_id = @tech)`,
    params(range, f),
  );
  return { emis: r.emis, repondus: r.repondus ?? 0, signes: r.signes ?? 0, montantSigne: Math.round((r.montant ?? 0) * 100) / 100 };
}

export interface HeatCell {
  zoneId: number;
  month: string;
  /** mean satisfaction note 1–5 */
  mean: number;
  n: number;
}

/** Mean satisfaction note (1–5) per zone and month: the heat map's cells (summed per day and zone first: index order, no sort). */
export function satisfactionHeatmap(db: Db, range: Range, f: Filter): HeatCell[] {
  return rows<{ zone_id: number; ym: number; mean: number; n: number }>(
    db,
    `SELECT zone_id, d / 100 AS ym, CAST(SUM(s) AS REAL) / SUM(n) AS mean, SUM(n) AS n FROM (
       SELECT fi.date_id AS d, fi.zone_id, SUM(fi.satisfaction_note) AS s, COUNT(*) AS n FROM fact_interventions fi
        WHERE fi.date_id BETWEEN @fromId AND @toId AND fi.satisfaction_note IS NOT NULL AND ${whereScope('fi')}
        GROUP BY fi.date_id, fi.zone_id)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params(range, f),
  ).map((r) => ({ zoneId: r.zone_id, month: ymKey(r.ym), mean: r.mean, n: r.n }));
}

export interface TopClient {
  clientId: number;
  name: string;
  revenue: number;
}

/**
 * The clients with the highest revenue (interventions + contract fees) over the range. The interventions are
 * summed in client order from IX_kpi_interventions_client (`+date_id` keeps SQLite off the date index, whose
 * rows would need sorting by client).
 */
export function topClients(db: Db, range: Range, f: Filter, limit = 10): TopClient[] {
  return rows<{ client_id: number; nom: string; prenom: string | null; v: number }>(
    db,
    `WITH r AS (
       SELECT fi.client_id, SUM(fi.montant_total) AS v FROM fact_interventions fi
        WHERE +fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')} GROUP BY fi.client_id
       UNION ALL
       SELECT c.client_id, SUM(c.montant_annuel) FROM fact_contrats c WHERE c.date_debut BETWEEN @from AND @to AND @tech IS NULL GROUP BY c.client_id
     )
     SELECT cl.client_id, cl.nom, cl.prenom, SUM(r.v) AS v FROM r JOIN dim_clients cl ON cl.client_id = r.client_id
      WHERE (@zone IS NULL OR cl.zone_id = @zone)
      GROUP BY cl.client_id ORDER BY v DESC, cl.client_id LIMIT @limit`,
    params(range, f, { limit }),
  ).map((r) => ({ clientId: r.client_id, name: r.prenom ? `${r.prenom} ${r.nom}` : r.nom, revenue: Math.round(r.v * 100) / 100 }));
}

export interface DirectionDashboard {
  ca: Figure & { yearAgo: number; yoy: number | null };
  caByMonth: Point[];
  caByMonthYearAgo: Point[];
  contracts: Figure;
  contractsTrend: Point[];
  renewal: Figure & { renewed: number; ended: number };
  nps: Figure & { answers: number };
  interventions: { month: string; categorie: Categorie; n: number }[];
  funnel: Funnel;
  heatmap: HeatCell[];
  heatmapMonths: string[];
  top: TopClient[];
}

/** The last day of a period that has happened (today for the running period). */
const asOf = (range: Range, today: string): string => minDate(range.to, today);

export function directionDashboard(db: Db, s: KpiScope): DirectionDashboard {
  const prev = previousPeriod(s.period);
  const ago = yearAgo(s.period);
  const ca = caSav(db, s.period, s);
  const caAgo = caSav(db, ago, s);
  const months = trailing(monthOfPeriod(s.period), 12);
  const year = rollingYear(s.period);
  const yearBefore = rollingYear(yearAgo(monthOfPeriod(s.period)));
  const contractDays = months.map((m) => asOf(m, s.today));
  const contractsTrend = activeContracts(db, contractDays, s);
  const [contractsNow, contractsPrev] = activeContracts(db, [asOf(s.period, s.today), asOf(prev, s.today)], s).map((p) => p.y);
  const renewal = renewalRate(db, s.period, s);
  const npsNow = nps(db, s.period, s);
  // the two rolling years in one pass: the year before ends where this one starts
  const caMonths = caSavByMonth(db, { from: yearBefore.from, to: year.to, fromId: yearBefore.fromId, toId: year.toId }, s);
  const firstMonth = year.from.slice(0, 7);
  const last6 = months.slice(-6);
  const range6 = { from: last6[0]!.from, to: last6[5]!.to, fromId: last6[0]!.fromId, toId: last6[5]!.toId };
  return {
    ca: { value: ca, previous: caSav(db, prev, s), yearAgo: caAgo, yoy: caAgo > 0 ? ca / caAgo - 1 : null },
    caByMonth: caMonths.filter((p) => p.x >= firstMonth),
    caByMonthYearAgo: caMonths.filter((p) => p.x < firstMonth),
    contracts: { value: contractsNow ?? 0, previous: contractsPrev ?? 0 },
    contractsTrend,
    renewal: { value: renewal.rate, previous: renewalRate(db, prev, s).rate, renewed: renewal.renewed, ended: renewal.ended },
    nps: { value: npsNow.nps, previous: nps(db, prev, s).nps, answers: npsNow.answers },
    interventions: interventionsByMonth(db, range6, s),
    funnel: quoteFunnel(db, s.period, s),
    heatmap: satisfactionHeatmap(db, range6, s),
    heatmapMonths: last6.map((m) => m.key),
    top: topClients(db, year, s),
  };
}
