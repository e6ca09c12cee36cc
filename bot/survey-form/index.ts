export { FORM_MAX_BYTES, parseFormBody, registerSurveyForm, SECURITY_HEADERS, TokenSchema, type RouteAdapter, type SurveyFormDeps } from './route.ts';
export { alreadyAnsweredPage, closedPage, esc, FORM_FIELDS, formPage, notFoundPage, thanksPage, type FormValues, type FormView } from './html.ts';
