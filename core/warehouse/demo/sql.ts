/** Prepared INSERT helpers and the FK-safe clearing of the demo's tables. */
import type { Db } from '../db.ts';
import { bulkWriter } from '../mssql/bulk.ts';

export type Row = readonly unknown[];

/**
 * Adds rows to `table`, values in `columns` order: on SQLite a prepared INSERT per row; on Azure SQL the rows are
 * queued and sent by the driver's bulk load in batches, before any other statement (core/warehouse/mssql/bulk.ts).
 */
export function inserter(db: Db, table: string, columns: readonly string[]): (values: Row) => void {
  const writer = bulkWriter(db, table, columns);
  return (values) => writer.add(values);
}

/** Tables the demo fills, children first (FK-safe delete order). `users` is handled apart. */
export const DEMO_TABLES_DELETE_ORDER = [
  'plan_lines',
  'plan_suggestions',
  'technicien_absences',
  'churn_actions',
  'churn_scores',
  'churn_models',
  'survey_alerts',
  'sms_messages',
  'survey_states',
  'portal_requests',
  'planned_interventions',
  'mobile_events',
  'fact_satisfaction',
  'fact_devis',
  'fact_interventions',
  'fact_contrats',
  'dim_clients',
  'dim_techniciens',
  'dim_types_intervention',
  'dim_zones',
] as const;

/**
 * Empties the domain tables. Users linked to a technician or on the company domain go too (the demo
 * re-creates them); other users, dim_temps, the ETL journal and conversation references are kept.
 */
export function clearDemoTables(db: Db, companyDomain: string): void {
  // survey jobs point at surveys about to be deleted
  db.exec("DELETE FROM jobs WHERE kind LIKE 'survey.%'");
  for (const t of DEMO_TABLES_DELETE_ORDER) {
    if (t === 'dim_techniciens') db.prepare('DELETE FROM users WHERE technicien_id IS NOT NULL OR email LIKE ?').run(`%@${companyDomain}`);
    db.exec(`DELETE FROM ${t}`);
  }
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/**
 * Bulk load: drops the (explicitly created) indexes of empty tables, runs `load`, then re-creates them
 * from their stored SQL — building an index once on the loaded rows is much faster than growing it row by
 * row. A unique index re-created over duplicates fails, so nothing is loosened. Call inside a transaction.
 */
export function withIndexesDeferred<T>(db: Db, tables: readonly string[], load: () => T): T {
  const placeholders = tables.map(() => '?').join(', ');
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders}) ORDER BY name`)
    .all(...tables) as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  const result = load();
  for (const ix of indexes) db.exec(ix.sql);
  return result;
}
