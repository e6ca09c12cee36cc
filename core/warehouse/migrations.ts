import { addColumn, createIndex, createTable, createView, migrationsTable, type Dialect, type NamedIndex, type View } from './ddl.ts';
import { KPI_INDEXES, KPI_VIEWS } from './tables/kpi.ts';
import { CORE_TABLES, table } from './schema.ts';
import { MODULE_TABLES } from './tables/index.ts';
import type { Column } from './schema.ts';

/**
 * Versioned migrations. Each step is idempotent on its own (CREATE … IF NOT EXISTS, guarded ALTER), and
 * `schema_migrations` records which versions ran, so `sav db init` can run any number of times.
 *
 * Rule for later changes: add the column to `schema.ts` AND append a migration with
 * `{ kind: 'addColumn', table, column }` — a fresh database gets it from version 1, an old one from the
 * new version, and the guard skips it where it already exists.
 */
export type Step =
  | { kind: 'createTables'; tables: readonly string[] }
  | { kind: 'addColumn'; table: string; column: Column }
  | { kind: 'createViews'; views: readonly View[] }
  | { kind: 'createIndexes'; table: string; indexes: readonly NamedIndex[] };

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly steps: readonly Step[];
}

/** The table names of a module, for its createTables migration step. */
export const moduleTables = (module: string): string[] => (MODULE_TABLES.find((m) => m.module === module)?.tables ?? []).map((t) => t.name);

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'star schema and operational tables', steps: [{ kind: 'createTables', tables: CORE_TABLES.map((t) => t.name) }] },
  { version: 2, name: 'planning tables', steps: [{ kind: 'createTables', tables: moduleTables('planning') }] },
  // Each module's tables (core/warehouse/tables/<module>.ts) come with the module's own migration.
  // A new table of an existing module needs a new version: a database migrated earlier would not get it.
  { version: 3, name: 'jobs tables', steps: [{ kind: 'createTables', tables: moduleTables('jobs') }] },
  { version: 4, name: 'churn tables', steps: [{ kind: 'createTables', tables: moduleTables('churn') }] },
  { version: 5, name: 'kpi views (Power BI)', steps: [{ kind: 'createViews', views: KPI_VIEWS }] },
  { version: 6, name: 'kpi covering indexes', steps: KPI_INDEXES.map((i): Step => ({ kind: 'createIndexes', table: i.table, indexes: i.indexes })) },
  { version: 7, name: 'survey tables', steps: [{ kind: 'createTables', tables: moduleTables('survey') }] },
  { version: 8, name: 'churn alert index (ROI retention)', steps: [{ kind: 'createIndexes', table: 'churn_scores', indexes: [{ name: 'ix_churn_scores_risque_date', columns: ['risque', 'date', 'client_id'] }] }] },
  { version: 9, name: 'client phone index (SMS opt-out and inbound lookups)', steps: [{ kind: 'createIndexes', table: 'dim_clients', indexes: [{ name: 'ix_dim_clients_telephone', columns: ['telephone'] }] }] },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The SQL statements of one step (for SQLite `addColumn` the runner checks the column first). */
export function stepStatements(dialect: Dialect, step: Step): string[] {
  if (step.kind === 'createTables') return step.tables.flatMap((name) => createTable(dialect, table(name)));
  if (step.kind === 'createViews') return step.views.map((v) => createView(dialect, v));
  if (step.kind === 'createIndexes') return step.indexes.map((ix) => createIndex(dialect, table(step.table), ix));
  return [addColumn(dialect, table(step.table), step.column)];
}

/** The whole DDL script of a dialect, as `sav db ddl` prints it. */
export function ddlScript(dialect: Dialect): string {
  const sep = dialect === 'mssql' ? '\nGO\n' : '\n';
  const out = [migrationsTable(dialect)];
  for (const m of MIGRATIONS) {
    out.push(`-- migration ${m.version}: ${m.name}`);
    for (const s of m.steps) out.push(...stepStatements(dialect, s));
  }
  return out.join(sep) + (dialect === 'mssql' ? '\nGO\n' : '\n');
}
