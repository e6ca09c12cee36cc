import type { VerbTable } from './types.ts';

/** Action.Execute verbs of the kpi cards. */
export const KPI_VERBS: VerbTable = {};
