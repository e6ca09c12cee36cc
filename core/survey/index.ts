export { parseAnswer, parseSeveral, detectCommand, QUESTION_IDS, MAX_SUGGESTION_CHARS, type ParseResult, type QuestionId, type FailureCode, type SeveralAnswer } from './answers.ts';
export { cleanReply, tokenize } from './text.ts';
export { QUESTIONS, SENDER, compose, isGsm7, type Lang } from './questions.ts';
export { newSurvey, step, type SurveyState, type SurveyEvent, type SurveyEffect, type StepResult, type SurveyStatus, type AnswerValue } from './engine.ts';
export { nextAllowedSlot, surveyTimeline, isSendDay, scheduleConfig, ScheduleConfigSchema, type ScheduleConfig, type ScheduleOptions, type SurveyTimeline } from './schedule.ts';
export { nps, responseRate, type NpsResult } from './nps.ts';
export { DEFAULT_SURVEY_SETTINGS, SurveySettingsSchema, surveySettings, type SurveySettings } from './settings.ts';
export { hashToken, loadSurvey, SurveyConflictError, type SurveyRecord, type SurveyChannel, type SurveyFactStatus } from './store.ts';
export { closeTheLoop, getAlert, listAlerts, markAlertDone, ALERT_JOB_KIND, alertJobKey, NPS_ALERT_BELOW, type SurveyAlertKind, type SurveyAlertStatus, type SurveyAlertView } from './alerts.ts';
export {
  planSurveys, sendSurvey, remindSurvey, closeSurvey, receiveSms, formByToken, submitForm, markOptedOut, markDeliveryFailed,
  SEND_JOB_KIND, REMIND_JOB_KIND, CLOSE_JOB_KIND, sendJobKey, remindJobKey, closeJobKey, FORM_PATH, FORM_ALREADY_ANSWERED, FORM_CLOSED, FORM_INVALID_LINK, InboundSmsSchema,
  type SurveyStepReport, type InboundReport, type InboundOutcome, type InboundSms, type PlanReport, type SurveyForm,
} from './service.ts';
export { monthlySurveyReport, reportMarkdown, commentReasons, surveyReasons, DISSATISFACTION_REASONS, REASON_EN, RESPONSE_GOAL, MonthSchema, type MonthlySurveyReport, type ReasonCount, type GroupFigures, type ReportOptions } from './report.ts';
