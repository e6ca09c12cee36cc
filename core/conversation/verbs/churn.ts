import type { VerbTable } from './types.ts';

/** Action.Execute verbs of the churn cards. */
export const CHURN_VERBS: VerbTable = {};
