import type { VerbTable } from './types.ts';

/** Action.Execute verbs of the planning cards. */
export const PLANNING_VERBS: VerbTable = {};
