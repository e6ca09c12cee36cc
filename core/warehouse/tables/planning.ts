import type { Table } from '../columns.ts';

/** Tables of the planning module (created by its migration in migrations.ts). */
export const PLANNING_TABLES: readonly Table[] = [];
