/**
 * Persistence of the surveys the app runs: `survey_states` (the engine state as JSON, with an optimistic
 * `version`) joined to its `fact_satisfaction` row, and the answers written into `fact_satisfaction`.
 * Plain row access: the service (service.ts) wraps every change of one event in one transaction.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { dateId, parisDate } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import type { SURVEY_CHANNELS, SURVEY_STATUSES } from '../warehouse/columns.ts';
import type { QuestionId } from './answers.ts';
import type { SurveyState } from './engine.ts';
import type { Lang } from './questions.ts';

export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
export type SurveyFactStatus = (typeof SURVEY_STATUSES)[number];

/** A survey as stored: its fact row and its conversation state. */
export interface SurveyRecord {
  satisfactionId: number;
  interventionId: number;
  clientId: number;
  technicienId: number;
  statut: SurveyFactStatus;
  canal: SurveyChannel;
  lang: Lang;
  state: SurveyState;
  toNumber: string | null;
  tokenHash: string | null;
  tokenUsedAt: Date | null;
  sendAt: Date;
  remindAt: Date;
  closeAt: Date;
  deliveryFailed: boolean;
  version: number;
  envoyeAt: string | null;
  /** the intervention's day, YYYY-MM-DD */
  interventionDate: string;
}

const AnswerValueSchema = z.union([z.number(), z.boolean(), z.string(), z.null()]);
const QuestionIdSchema = z.enum(['q1', 'q2', 'q3', 'q4', 'q5']);
/** The engine state as persisted (checked when read back: a corrupt row is an error, never a silent restart). */
export const SurveyStateSchema = z.object({
  lang: z.enum(['fr', 'en']),
  status: z.enum(['pending', 'open', 'completed', 'closed']),
  current: QuestionIdSchema.nullable(),
  reasked: z.boolean(),
  awaitingComment: QuestionIdSchema.nullable(),
  answers: z.partialRecord(QuestionIdSchema, AnswerValueSchema),
  comments: z.partialRecord(QuestionIdSchema, z.string()),
  optedOut: z.boolean(),
  reminded: z.boolean(),
});

interface RecordRow {
  satisfaction_id: number;
  intervention_id: number;
  client_id: number;
  technicien_id: number;
  statut: SurveyFactStatus;
  canal: SurveyChannel;
  envoye_at: string | null;
  lang: Lang;
  state: string;
  to_number: string | null;
  token_hash: string | null;
  token_used_at: string | null;
  send_at: string;
  remind_at: string;
  close_at: string;
  delivery_failed: number;
  version: number;
  date_id: number;
}

const RECORD_SQL = `
  SELECT s.satisfaction_id, s.intervention_id, s.client_id, s.technicien_id, s.statut, st.canal, s.envoye_at,
         st.lang, st.state, st.to_number, st.token_hash, st.token_used_at, st.send_at, st.remind_at, st.close_at,
         st.delivery_failed, st.version, i.date_id
  FROM survey_states st
  JOIN fact_satisfaction s ON s.satisfaction_id = st.satisfaction_id
  JOIN fact_interventions i ON i.intervention_id = s.intervention_id`;

const isoOfDateId = (id: number): string => {
  const s = String(id);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

function toRecord(r: RecordRow): SurveyRecord {
  const parsed = SurveyStateSchema.safeParse(JSON.parse(r.state));
  if (!parsed.success) throw new Error(`survey ${r.satisfaction_id}: stored state is invalid (${parsed.error.issues[0]?.path.join('.')})`);
  return {
    satisfactionId: r.satisfaction_id,
    interventionId: r.intervention_id,
    clientId: r.client_id,
    technicienId: r.technicien_id,
    statut: r.statut,
    canal: r.canal,
    lang: r.lang,
    state: parsed.data as SurveyState,
    toNumber: r.to_number,
    tokenHash: r.token_hash,
    tokenUsedAt: r.token_used_at === null ? null : new Date(r.token_used_at),
    sendAt: new Date(r.send_at),
    remindAt: new Date(r.remind_at),
    closeAt: new Date(r.close_at),
    deliveryFailed: r.delivery_failed === 1,
    version: r.version,
    envoyeAt: r.envoye_at,
    interventionDate: isoOfDateId(r.date_id),
  };
}

export function loadSurvey(db: Db, satisfactionId: number): SurveyRecord | null {
  const row = db.prepare(`${RECORD_SQL} WHERE st.satisfaction_id = ?`).get(satisfactionId) as RecordRow | undefined;
  return row ? toRecord(row) : null;
}

export function loadSurveyByTokenHash(db: Db, hash: string): SurveyRecord | null {
  const row = db.prepare(`${RECORD_SQL} WHERE st.token_hash = ?`).get(hash) as RecordRow | undefined;
  return row ? toRecord(row) : null;
}

/** sha256 (hex) of a web-form token: only this is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface NewSurveyState {
  satisfactionId: number;
  state: SurveyState;
  canal: SurveyChannel;
  toNumber: string | null;
  sendAt: Date;
  remindAt: Date;
  closeAt: Date;
}

/** Creates the state row of a survey unless it exists; true when created. */
export function insertSurveyState(db: Db, s: NewSurveyState, now: Date): boolean {
  return (
    db
      .prepare(
        `INSERT INTO survey_states (satisfaction_id, state, lang, canal, to_number, send_at, remind_at, close_at, delivery_failed, version, updated_at)
         VALUES (@id, @state, @lang, @canal, @to, @send, @remind, @close, 0, 1, @now)
         ON CONFLICT (satisfaction_id) DO NOTHING`,
      )
      .run({
        id: s.satisfactionId,
        state: JSON.stringify(s.state),
        lang: s.state.lang,
        canal: s.canal,
        to: s.toNumber,
        send: s.sendAt.toISOString(),
        remind: s.remindAt.toISOString(),
        close: s.closeAt.toISOString(),
        now: now.toISOString(),
      }).changes === 1
  );
}

/** Another process changed the survey between its read and this write. */
export class SurveyConflictError extends Error {
  constructor(readonly satisfactionId: number, readonly version: number) {
    super(`survey ${satisfactionId} was changed concurrently (expected version ${version})`);
    this.name = 'SurveyConflictError';
  }
}

export interface StateChanges {
  canal?: SurveyChannel;
  toNumber?: string | null;
  tokenHash?: string | null;
  tokenUsedAt?: Date | null;
}

/**
 * Writes a new state if the row is still at `record.version` (optimistic concurrency), bumping the version;
 * returns the record as now stored. Throws SurveyConflictError otherwise (the caller's transaction rolls back).
 */
export function saveState(db: Db, record: SurveyRecord, state: SurveyState, now: Date, changes: StateChanges = {}): SurveyRecord {
  const info = db
    .prepare(
      `UPDATE survey_states SET state = @state, lang = @lang, canal = @canal, to_number = @to, token_hash = @hash,
              token_used_at = @used, version = version + 1, updated_at = @now
       WHERE satisfaction_id = @id AND version = @version`,
    )
    .run({
      id: record.satisfactionId,
      version: record.version,
      state: JSON.stringify(state),
      lang: state.lang,
      canal: changes.canal ?? record.canal,
      to: changes.toNumber !== undefined ? changes.toNumber : record.toNumber,
      hash: changes.tokenHash !== undefined ? changes.tokenHash : record.tokenHash,
      used: (changes.tokenUsedAt !== undefined ? changes.tokenUsedAt : record.tokenUsedAt)?.toISOString() ?? null,
      now: now.toISOString(),
    });
  if (info.changes !== 1) throw new SurveyConflictError(record.satisfactionId, record.version);
  const fresh = loadSurvey(db, record.satisfactionId);
  if (!fresh) throw new Error(`survey ${record.satisfactionId} vanished`);
  return fresh;
}

export function setDeliveryFailed(db: Db, satisfactionId: number, now: Date): boolean {
  return (
    db
      .prepare('UPDATE survey_states SET delivery_failed = 1, version = version + 1, updated_at = ? WHERE satisfaction_id = ? AND delivery_failed = 0')
      .run(now.toISOString(), satisfactionId).changes === 1
  );
}

// ─────────────────────────────── fact_satisfaction ───────────────────────────────

/** The fact_satisfaction columns of each question's answer and comment. */
export const FACT_COLUMNS: Record<QuestionId, { answer: string; comment: string | null }> = {
  q1: { answer: 'nps', comment: null },
  q2: { answer: 'professionnel', comment: 'professionnel_commentaire' },
  q3: { answer: 'delai_respecte', comment: 'delai_commentaire' },
  q4: { answer: 'probleme_resolu', comment: 'probleme_commentaire' },
  q5: { answer: 'suggestion', comment: null },
};

const cut500 = (s: string): string => [...s].slice(0, 500).join('');

/** Records one answer (and its comment) and marks the survey answered: statut en_cours, first repondu_at. */
export function recordAnswer(db: Db, satisfactionId: number, q: QuestionId, value: number | boolean | string | null, comment: string | null, now: Date): void {
  const cols = FACT_COLUMNS[q];
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' ? cut500(value) : value;
  const sets = [`${cols.answer} = @v`];
  if (cols.comment && comment) sets.push(`${cols.comment} = @comment`);
  if (value !== null) sets.push('repondu_at = COALESCE(repondu_at, @now)', "statut = CASE WHEN statut IN ('planifie', 'envoye') THEN 'en_cours' ELSE statut END");
  db.prepare(`UPDATE fact_satisfaction SET ${sets.join(', ')} WHERE satisfaction_id = @id`).run({ v, comment: comment ? cut500(comment) : null, now: now.toISOString(), id: satisfactionId });
}

/** Records a comment alone (the reply to "why?" after a "non"). */
export function recordComment(db: Db, satisfactionId: number, q: QuestionId, comment: string): void {
  const col = FACT_COLUMNS[q].comment ?? (q === 'q5' ? 'suggestion' : null);
  if (!col) return;
  db.prepare(`UPDATE fact_satisfaction SET ${col} = ? WHERE satisfaction_id = ?`).run(cut500(comment), satisfactionId);
}

export function setFactStatus(db: Db, satisfactionId: number, statut: SurveyFactStatus, onlyFrom?: readonly SurveyFactStatus[]): boolean {
  const guard = onlyFrom ? ` AND statut IN (${onlyFrom.map((s) => `'${s}'`).join(', ')})` : '';
  return db.prepare(`UPDATE fact_satisfaction SET statut = ? WHERE satisfaction_id = ?${guard}`).run(statut, satisfactionId).changes === 1;
}

/** The survey went out: statut envoye, envoye_at, channel and the day's date_id (when the calendar has it). */
export function markSent(db: Db, satisfactionId: number, canal: SurveyChannel, now: Date): void {
  const id = dateId(parisDate(now));
  const known = db.prepare('SELECT 1 FROM dim_temps WHERE date_id = ?').get(id) !== undefined;
  db.prepare("UPDATE fact_satisfaction SET statut = 'envoye', envoye_at = @now, canal = @canal, date_id = @dateId WHERE satisfaction_id = @id AND statut = 'planifie'").run({
    now: now.toISOString(),
    canal,
    dateId: known ? id : null,
    id: satisfactionId,
  });
}

/** The answer columns of fact_satisfaction (Q1–Q4 and their comments), as read from the warehouse. */
export interface SurveyAnswerColumns {
  nps: number | null;
  professionnel: number | null;
  professionnel_commentaire: string | null;
  delai_respecte: number | null;
  delai_commentaire: string | null;
  probleme_resolu: number | null;
  probleme_commentaire: string | null;
}

export interface FactRow extends SurveyAnswerColumns {
  satisfaction_id: number;
  intervention_id: number;
  client_id: number;
  technicien_id: number;
  canal: SurveyChannel;
  statut: SurveyFactStatus;
  envoye_at: string | null;
  relance_at: string | null;
  repondu_at: string | null;
  suggestion: string | null;
}

export function factRow(db: Db, satisfactionId: number): FactRow | null {
  return (db.prepare('SELECT * FROM fact_satisfaction WHERE satisfaction_id = ?').get(satisfactionId) as FactRow | undefined) ?? null;
}

// ─────────────────────────────── clients ───────────────────────────────

export interface ClientContact {
  client_id: number;
  telephone: string | null;
  langue: Lang;
  sms_opt_out: number;
  prenom: string | null;
  nom: string;
}

export function clientContact(db: Db, clientId: number): ClientContact | null {
  return (db.prepare('SELECT client_id, telephone, langue, sms_opt_out, prenom, nom FROM dim_clients WHERE client_id = ?').get(clientId) as ClientContact | undefined) ?? null;
}

/** The clients with this E.164 number (a household or a business may share one). */
export function clientsByPhone(db: Db, phone: string): ClientContact[] {
  return db.prepare('SELECT client_id, telephone, langue, sms_opt_out, prenom, nom FROM dim_clients WHERE telephone = ? ORDER BY client_id').all(phone) as ClientContact[];
}

/** The most recent survey (run by the app) of these clients in one of these statuses, newest sent first. */
export function latestSurveyOf(db: Db, clientIds: readonly number[], statuses: readonly SurveyFactStatus[] | null): SurveyRecord | null {
  if (clientIds.length === 0) return null;
  const inClients = clientIds.map(() => '?').join(', ');
  const inStatus = statuses ? ` AND s.statut IN (${statuses.map(() => '?').join(', ')})` : '';
  const row = db
    .prepare(`${RECORD_SQL} WHERE s.client_id IN (${inClients})${inStatus} ORDER BY COALESCE(s.envoye_at, st.send_at) DESC, s.satisfaction_id DESC LIMIT 1`)
    .get(...clientIds, ...(statuses ?? [])) as RecordRow | undefined;
  return row ? toRecord(row) : null;
}
