export { parseAnswer, detectCommand, QUESTION_IDS, MAX_SUGGESTION_CHARS, type ParseResult, type QuestionId, type FailureCode } from './answers.ts';
export { cleanReply, tokenize } from './text.ts';
export { QUESTIONS, SENDER, compose, isGsm7, type Lang } from './questions.ts';
export { newSurvey, step, type SurveyState, type SurveyEvent, type SurveyEffect, type StepResult, type SurveyStatus, type AnswerValue } from './engine.ts';
export { nextAllowedSlot, surveyTimeline, isSendDay, scheduleConfig, ScheduleConfigSchema, type ScheduleConfig, type ScheduleOptions, type SurveyTimeline } from './schedule.ts';
export { nps, responseRate, type NpsResult } from './nps.ts';
