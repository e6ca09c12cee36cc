import type { Table } from '../columns.ts';
import { CHURN_TABLES } from './churn.ts';
import { JOBS_TABLES } from './jobs.ts';
import { PLANNING_TABLES } from './planning.ts';
import { SURVEY_TABLES } from './survey.ts';

/**
 * Tables owned by a module, one file each, so modules can grow their tables side by side. Each module's
 * tables are created by its own migration (migrations.ts), in this order.
 */
export interface ModuleTables {
  readonly module: string;
  readonly tables: readonly Table[];
}

export const MODULE_TABLES: readonly ModuleTables[] = [
  { module: 'planning', tables: PLANNING_TABLES },
  { module: 'jobs', tables: JOBS_TABLES },
  { module: 'churn', tables: CHURN_TABLES },
  { module: 'survey', tables: SURVEY_TABLES },
];
