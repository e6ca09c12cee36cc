import { CHURN_VERBS } from './churn.ts';
import { CORE_VERBS } from './core.ts';
import { KPI_VERBS } from './kpi.ts';
import { PLANNING_VERBS } from './planning.ts';
import { SURVEY_VERBS } from './survey.ts';
import type { VerbTable } from './types.ts';

export { verb, type VerbHandler, type VerbTable } from './types.ts';

/** Every Action.Execute verb, one file per module; a verb name is `<module>.<action>` (core verbs excepted). */
export const VERBS: VerbTable = { ...CORE_VERBS, ...PLANNING_VERBS, ...SURVEY_VERBS, ...CHURN_VERBS, ...KPI_VERBS };
