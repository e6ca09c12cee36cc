export * from './types.ts';
export { ask, MAX_TEXT_LENGTH, type AskInput } from './ask.ts';
export { act, VERB_NAMES, type ActInput } from './act.ts';
export { verb, VERBS, type VerbHandler, type VerbTable } from './verbs/index.ts';
export { extractDates, todayIso, TIME_ZONE, type DateEntities } from './dates.ts';
export { extractEntities, findDashboard } from './entities.ts';
export { classify } from './intents.ts';
export { findTechnician, loadTechnicians } from './names.ts';
export { fold, tokenize, damerauLevenshtein } from './text.ts';
