/**
 * The survey web form (the 'web' channel: one SMS with a personal link): GET /s/:token shows the five questions,
 * POST /s/:token records the answers once through the survey service, then thanks; the form comes back with the
 * errors and the values kept when something is wrong. An unknown link gets a polite page that says nothing
 * about why; a used one says it was already answered. Pages are plain HTML (no JavaScript, no external asset),
 * sent with a strict Content-Security-Policy and never cached. Logs carry the survey id only, never the token.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { FORM_ALREADY_ANSWERED, FORM_CLOSED, FORM_INVALID_LINK, formByToken, MAX_SUGGESTION_CHARS, submitForm, type Lang } from '../../core/survey/index.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import { alreadyAnsweredPage, badRequestPage, closedPage, FORM_FIELDS, formPage, notFoundPage, thanksPage, type FormValues } from './html.ts';
import { readBody } from '../http-body.ts';

/** The largest form body accepted: five answers and four texts of 500 characters, percent-encoded, with room. */
export const FORM_MAX_BYTES = 16 * 1024;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

/** A token as the service issues it (URL-safe): anything else is not looked up. */
export const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);

export interface SurveyFormDeps {
  db: Db;
  log?: Logger;
  now?: () => Date;
  maxBytes?: number;
}

/** What the adapter must offer (the Teams SDK's ExpressAdapter does). */
export interface RouteAdapter {
  get(path: string, handler: (req: IncomingMessage & { params: Record<string, string> }, res: ServerResponse) => void): unknown;
  post(path: string, handler: (req: IncomingMessage & { params: Record<string, string> }, res: ServerResponse) => void): unknown;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const complete = req.complete;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html, 'utf8')),
    ...SECURITY_HEADERS,
    ...(complete ? {} : { Connection: 'close' }),
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : html);
  // whatever the client still sends is read and dropped, so it gets the answer instead of a reset
  if (!complete) req.resume();
}


/** The posted fields we know, first value each; anything else is ignored. */
export function parseFormBody(text: string): FormValues {
  const params = new URLSearchParams(text);
  const values: FormValues = {};
  for (const f of FORM_FIELDS) {
    const v = params.get(f);
    if (v !== null) values[f] = v.replace(/\r\n?/g, '\n');
  }
  return values;
}

type Lookup =
  | { kind: 'unknown' }
  | { kind: 'used' | 'closed'; lang: Lang; satisfactionId: number }
  | { kind: 'open'; lang: Lang; satisfactionId: number; clientFirstName: string | null; interventionDate: string | null };

function lookup(db: Db, rawToken: string): Lookup {
  const token = TokenSchema.safeParse(rawToken);
  if (!token.success) return { kind: 'unknown' };
  const form = formByToken(db, token.data);
  if (!form) return { kind: 'unknown' };
  const base = { lang: form.lang, satisfactionId: form.satisfactionId };
  if (form.used || form.state.status === 'completed') return { kind: 'used', ...base };
  if (form.closed || form.state.status === 'closed') return { kind: 'closed', ...base };
  return { kind: 'open', ...base, clientFirstName: form.clientFirstName ?? null, interventionDate: form.interventionDate ?? null };
}

const CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** GET and POST /s/:token on the bot's HTTP adapter. */
export function registerSurveyForm(adapter: RouteAdapter, deps: SurveyFormDeps): void {
  const now = deps.now ?? (() => new Date());
  const max = deps.maxBytes ?? FORM_MAX_BYTES;

  const refuse = (req: IncomingMessage, res: ServerResponse, found: Exclude<Lookup, { kind: 'open' }>): void => {
    if (found.kind === 'unknown') return send(req, res, 404, notFoundPage());
    send(req, res, 410, found.kind === 'used' ? alreadyAnsweredPage(found.lang) : closedPage(found.lang));
  };

  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown, requestId: string): void => {
    deps.log?.error({ err, requestId, route: 'survey-form' }, 'survey form: failed');
    send(req, res, 500, badRequestPage('fr', { fr: `Une erreur est survenue, réessayez dans un instant (référence ${requestId}).`, en: '' }));
  };

  adapter.get('/s/:token', (req, res) => {
    const requestId = randomUUID();
    try {
      const found = lookup(deps.db, req.params.token ?? '');
      deps.log?.info({ requestId, route: 'survey-form', method: 'GET', outcome: found.kind, ...('satisfactionId' in found ? { satisfactionId: found.satisfactionId } : {}) }, 'survey form');
      if (found.kind !== 'open') return refuse(req, res, found);
      send(req, res, 200, formPage({ lang: found.lang, action: `/s/${req.params.token}`, clientFirstName: found.clientFirstName, interventionDate: found.interventionDate }));
    } catch (err) {
      fail(req, res, err, requestId);
    }
  });

  adapter.post('/s/:token', (req, res) => {
    const requestId = randomUUID();
    void (async () => {
      const token = req.params.token ?? '';
      const found = lookup(deps.db, token);
      const log = (outcome: string): void =>
        deps.log?.info({ requestId, route: 'survey-form', method: 'POST', outcome, ...('satisfactionId' in found ? { satisfactionId: found.satisfactionId } : {}) }, 'survey form');
      if (found.kind !== 'open') {
        log(found.kind);
        return refuse(req, res, found);
      }
      const lang = found.lang;
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== CONTENT_TYPE) {
        log('bad_content_type');
        return send(req, res, 415, badRequestPage(lang, { fr: 'Le formulaire doit être envoyé depuis la page de l’enquête.', en: 'The form must be sent from the survey page.' }));
      }
      const declared = Number(req.headers['content-length'] ?? NaN);
      const tooLarge = (): void => {
        log('too_large');
        send(req, res, 413, badRequestPage(lang, { fr: 'Vos réponses sont trop longues : raccourcissez vos commentaires.', en: 'Your answers are too long: please shorten your comments.' }));
      };
      if (Number.isFinite(declared) && declared > max) return tooLarge();
      const body = await readBody(req, max);
      if (!body.ok) return tooLarge();
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
      } catch {
        log('bad_encoding');
        return send(req, res, 400, badRequestPage(lang, { fr: 'Le formulaire reçu est illisible.', en: 'The form received could not be read.' }));
      }
      const values = parseFormBody(text);
      const result = submitForm(deps.db, token, values, now());
      if (result.ok) {
        log('answered');
        return send(req, res, 200, thanksPage(lang, [...(values.q5 ?? '').trim()].length > MAX_SUGGESTION_CHARS));
      }
      // answered meanwhile (another tab, another request), closed since the page was shown, gone
      const problem = result.errors.form;
      const ids = { lang, satisfactionId: found.satisfactionId };
      if (problem === FORM_ALREADY_ANSWERED || problem === FORM_CLOSED || problem === FORM_INVALID_LINK) {
        const gone: Exclude<Lookup, { kind: 'open' }> = problem === FORM_INVALID_LINK ? { kind: 'unknown' } : { kind: problem === FORM_CLOSED ? 'closed' : 'used', ...ids };
        log(gone.kind);
        return refuse(req, res, gone);
      }
      log('invalid');
      send(req, res, 422, formPage({ lang, action: `/s/${token}`, clientFirstName: found.clientFirstName, interventionDate: found.interventionDate }, values, result.errors));
    })().catch((err: unknown) => fail(req, res, err, requestId));
  });
}
