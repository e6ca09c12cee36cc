import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { EtlError, parseEtlSource, runEtl } from '../core/etl/index.ts';
import type { Db } from '../core/warehouse/db.ts';
import type { Logger } from './logger.ts';
import { readBody } from './http-body.ts';

/** The largest body POST /api/etl/:source accepts. */
export const ETL_MAX_BYTES = 10 * 1024 * 1024;

export interface EtlRouteDeps {
  db: Db;
  /** null: the endpoint answers 503 */
  token: string | null;
  log: Logger;
  now: () => Date;
  maxBytes?: number;
}

const QuerySchema = z.object({
  file: z.string().trim().min(1).max(260).optional(),
  entity: z.string().trim().min(1).max(32).optional(),
});

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time check of `Authorization: Bearer <token>`. */
export function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  // Compare digests: equal length whatever was sent, so the time says nothing about the token.
  const ok = timingSafeEqual(digest(m?.[1] ?? ''), digest(token));
  return ok && m !== null;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const complete = req.complete;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    ...(complete ? {} : { Connection: 'close' }),
    ...extra,
  });
  res.end(JSON.stringify(body));
  // Whatever the client still sends is read and dropped, so it gets the answer instead of a reset.
  if (!complete) req.resume();
}


function formatOf(contentType: string | undefined, fileName: string | undefined): 'csv' | 'json' | undefined {
  const ct = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ct === 'text/csv' || ct === 'application/csv') return 'csv';
  if (ct === 'application/json' || ct.endsWith('+json')) return 'json';
  const ext = /\.(csv|json)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'json' ? ext : undefined;
}

const tooLargeBody = (max: number) => ({
  error: `body too large: the limit is ${Math.round(max / 1024 / 1024)} MB (${max} bytes); nothing was loaded — split the file`,
});

/**
 * The database refusing the load as a whole — locked by another writer beyond the busy timeout, or read-only —
 * is the service being unavailable, not a bad file: 503, the batch rolled back (nothing loaded), retry later.
 */
function unavailable(e: unknown): { error: string; retryAfterS: number } | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return { error: 'the warehouse is busy (another process is writing to it): nothing was loaded — send the file again in a moment', retryAfterS: 5 };
  if (/^SQLITE_READONLY/.test(code)) return { error: 'the warehouse is read-only: nothing was loaded — send the file again once it is writable', retryAfterS: 60 };
  return null;
}

/** POST /api/etl/:source — loads a CSV or JSON body through core/etl and answers the EtlSummary. */
export async function handleEtlRequest(deps: EtlRouteDeps, req: IncomingMessage, res: ServerResponse, rawSource: string): Promise<void> {
  const requestId = randomUUID();
  const max = deps.maxBytes ?? ETL_MAX_BYTES;
  const log = deps.log.child({ requestId, route: 'etl' });
  try {
    if (deps.token === null) return send(req, res, 503, { error: 'ETL endpoint disabled: set ETL_TOKEN' });
    if (!bearerMatches(req.headers.authorization, deps.token)) {
      log.warn('etl: missing or wrong bearer token');
      return send(req, res, 401, { error: 'missing or wrong bearer token (Authorization: Bearer <ETL_TOKEN>)' }, { 'WWW-Authenticate': 'Bearer' });
    }
    let source;
    try {
      source = parseEtlSource(rawSource);
    } catch (e) {
      return send(req, res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = QuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      const issue = query.error.issues[0];
      return send(req, res, 400, { error: `invalid query parameter ${issue?.path.join('.')}: ${issue?.message}` });
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > max) return send(req, res, 413, tooLargeBody(max));
    const body = await readBody(req, max);
    if (!body.ok) return send(req, res, 413, tooLargeBody(max));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
    } catch {
      return send(req, res, 422, { error: 'the body is not valid UTF-8 text' });
    }
    if (text.trim() === '') return send(req, res, 422, { error: 'the body is empty: send the CSV or JSON file as the request body' });
    const format = formatOf(req.headers['content-type'], query.data.file);
    const fileName = query.data.file ?? `${source}-upload.${format ?? 'txt'}`;
    const summary = await runEtl(
      deps.db,
      source,
      { fileName, text, ...(format ? { format } : {}), ...(query.data.entity ? { entity: query.data.entity } : {}) },
      { now: deps.now() },
    );
    log.info({ source, batchId: summary.batchId, read: summary.read, loaded: summary.loaded, rejected: summary.rejected }, 'etl: batch loaded');
    return send(req, res, 200, summary);
  } catch (e) {
    if (e instanceof EtlError) {
      log.info({ batchId: e.batchId }, 'etl: input refused');
      return send(req, res, 422, { error: e.message, batchId: e.batchId });
    }
    const down = unavailable(e);
    if (down) {
      log.warn({ code: (e as { code: string }).code }, 'etl: database unavailable, nothing loaded');
      return send(req, res, 503, { error: `${down.error} (request ${requestId})` }, { 'Retry-After': String(down.retryAfterS) });
    }
    log.error({ err: e }, 'etl: unexpected error');
    return send(req, res, 500, { error: `internal error (request ${requestId})` });
  }
}
