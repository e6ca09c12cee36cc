import type { VerbTable } from './types.ts';

/** Action.Execute verbs of the survey cards. */
export const SURVEY_VERBS: VerbTable = {};
