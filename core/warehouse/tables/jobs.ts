import type { Table } from '../columns.ts';

/** Tables of the jobs module (created by its migration in migrations.ts). */
export const JOBS_TABLES: readonly Table[] = [];
