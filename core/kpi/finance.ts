/**
 * Finance dashboard (direction and planning only): overtime re-invoiced per month and the re-invoicing rate
 * (goal 95 %), mean amount per intervention type, signed quote revenue per month and quote conversion (goal 30 %).
 *
 * Re-invoicing rate = Σ montant_refacture / Σ montant_depassement (overtime beyond the contract, to re-invoice).
 * Quote conversion = quotes signed / quotes sent, over the quotes sent in the period.
 * Quote revenue counts a signed quote (montant_ht) in the month it was signed (date_reponse).
 */
import type { Db } from '../warehouse/db.ts';
import { quoteFunnel } from './direction.ts';
import { monthOfPeriod, previousPeriod, trailing } from './period.ts';
import { params, ratio, row, rows, whereScope, type Filter, type KpiScope, type Range } from './sql.ts';
import type { Figure, Point } from './types.ts';

export function reinvoicing(db: Db, range: Range, f: Filter): { rate: number | null; refacture: number; depassement: number } {
  const r = row<{ refact: number | null; dep: number | null }>(
    db,
    `SELECT SUM(fi.montant_refacture) AS refact, SUM(fi.montant_depassement) AS dep FROM fact_interventions fi
      WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')}`,
    params(range, f),
  );
  return { rate: ratio(r.refact, r.dep), refacture: r.refact ?? 0, depassement: r.dep ?? 0 };
}

/** Overtime re-invoiced (€) per month, zero months included. */
export function reinvoicedByMonth(db: Db, months: readonly Range[], f: Filter): Point[] {
  return months.map((m) => ({ x: m.from.slice(0, 7), y: Math.round(reinvoicing(db, m, f).refacture * 100) / 100 }));
}

/** Mean invoiced amount (montant_total) per intervention type in the range. */
export function meanAmountByType(db: Db, range: Range, f: Filter): { code: string; libelle: string; mean: number; n: number }[] {
  return rows<{ code: string; libelle: string; mean: number; n: number }>(
    db,
    `SELECT t.code, t.libelle, AVG(fi.montant_total) AS mean, COUNT(*) AS n
       FROM fact_interventions fi JOIN dim_types_intervention t ON t.type_intervention_id = fi.type_intervention_id
      WHERE fi.date_id BETWEEN @fromId AND @toId AND ${whereScope('fi')} GROUP BY t.type_intervention_id ORDER BY t.type_intervention_id`,
    params(range, f),
  );
}

/** Signed quote revenue (€ HT) per month of signature over a range of months, zero months included. */
export function quoteRevenueByMonth(db: Db, months: readonly Range[], f: Filter): Point[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return [];
  const by = new Map(
    rows<{ ym: string; v: number }>(
      db,
      `SELECT substr(d.date_reponse, 1, 7) AS ym, SUM(d.montant_ht) AS v FROM fact_devis d JOIN dim_clients cl ON cl.client_id = d.client_id
        WHERE d.statut = 'signe' AND d.date_reponse BETWEEN @from AND @to AND (@zone IS NULL OR cl.zone_id = @zone) AND (@tech IS NULL OR d.technicien_id = @tech)
        GROUP BY 1`,
      params({ from: first.from, to: last.to, fromId: first.fromId, toId: last.toId }, f),
    ).map((r) => [r.ym, Math.round(r.v * 100) / 100]),
  );
  return months.map((m) => ({ x: m.from.slice(0, 7), y: by.get(m.from.slice(0, 7)) ?? 0 }));
}

/** Signed quote revenue (€ HT) of the quotes signed in the range. */
export function quoteRevenue(db: Db, range: Range, f: Filter): number {
  const v = row<{ v: number | null }>(
    db,
    `SELECT SUM(d.montant_ht) AS v FROM fact_devis d JOIN dim_clients cl ON cl.client_id = d.client_id
      WHERE d.statut = 'signe' AND d.date_reponse BETWEEN @from AND @to AND (@zone IS NULL OR cl.zone_id = @zone) AND (@tech IS NULL OR d.technicien_id = @tech)`,
    params(range, f),
  ).v;
  return Math.round((v ?? 0) * 100) / 100;
}

/** Quotes signed / quotes sent, over the quotes sent in the range. */
export function quoteConversion(db: Db, range: Range, f: Filter): { rate: number | null; sent: number; signed: number } {
  const q = quoteFunnel(db, range, f);
  return { rate: ratio(q.signes, q.emis), sent: q.emis, signed: q.signes };
}

export interface FinanceDashboard {
  reinvoicing: Figure & { refacture: number; depassement: number };
  reinvoicedByMonth: Point[];
  meanAmountByType: { code: string; libelle: string; mean: number; n: number }[];
  quoteRevenue: Figure;
  quoteRevenueByMonth: Point[];
  conversion: Figure & { sent: number; signed: number };
}

export function financeDashboard(db: Db, s: KpiScope): FinanceDashboard {
  const prev = previousPeriod(s.period);
  const months = trailing(monthOfPeriod(s.period), 12);
  const r = reinvoicing(db, s.period, s);
  const c = quoteConversion(db, s.period, s);
  return {
    reinvoicing: { value: r.rate, previous: reinvoicing(db, prev, s).rate, refacture: r.refacture, depassement: r.depassement },
    reinvoicedByMonth: reinvoicedByMonth(db, months, s),
    meanAmountByType: meanAmountByType(db, s.period, s),
    quoteRevenue: { value: quoteRevenue(db, s.period, s), previous: quoteRevenue(db, prev, s) },
    quoteRevenueByMonth: quoteRevenueByMonth(db, months, s),
    conversion: { value: c.rate, previous: quoteConversion(db, prev, s).rate, sent: c.sent, signed: c.signed },
  };
}
