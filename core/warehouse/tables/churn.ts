import type { Table } from '../columns.ts';

/** Tables of the churn module (created by its migration in migrations.ts). */
export const CHURN_TABLES: readonly Table[] = [];
