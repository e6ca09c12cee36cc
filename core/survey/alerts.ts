/**
 * The closed loop: alerts raised by the answers (NPS < 7, problem not solved, a reply after the close) and the
 * free re-intervention of an unsolved problem. Every new alert enqueues the job `survey.alert:<alertId>` (due
 * at once) in the same transaction, so the bot pushes its card at once and a restart cannot lose it.
 */
import { z } from 'zod';
import { enqueue } from '../jobs/queue.ts';
import { addDaysIso, parisDate } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import type { SURVEY_ALERT_KINDS, SURVEY_ALERT_STATUSES } from '../warehouse/tables/survey.ts';
import type { Lang } from './questions.ts';
import { factRow } from './store.ts';

export type SurveyAlertKind = (typeof SURVEY_ALERT_KINDS)[number];
export type SurveyAlertStatus = (typeof SURVEY_ALERT_STATUSES)[number];

/** Low scores: 0–6 are the NPS detractors; the planner calls them back within 24 h. */
export const NPS_ALERT_BELOW = 7;
/** The free re-intervention is due within this many days. */
export const REINTERVENTION_DUE_DAYS = 7;
/** planned_interventions.urgence of the free re-intervention (the schema has normale | urgente | critique). */
export const REINTERVENTION_URGENCE = 'urgente';

export const ALERT_JOB_KIND = 'survey.alert';
export const alertJobKey = (alertId: number): string => `survey.alert:${alertId}`;

export interface RaiseAlertInput {
  kind: SurveyAlertKind;
  satisfactionId: number | null;
  clientId: number;
  detail: Record<string, unknown>;
  plannedId?: number | null;
}

/** Inserts an alert and its push job (call inside the caller's transaction). Returns the alert id. */
export function raiseAlert(db: Db, input: RaiseAlertInput, now: Date): number {
  const info = db
    .prepare(
      `INSERT INTO survey_alerts (kind, satisfaction_id, client_id, detail, statut, created_at, planned_id)
       VALUES (@kind, @sat, @client, @detail, 'ouverte', @now, @planned)`,
    )
    .run({ kind: input.kind, sat: input.satisfactionId, client: input.clientId, detail: JSON.stringify(input.detail), now: now.toISOString(), planned: input.plannedId ?? null });
  const alertId = Number(info.lastInsertRowid);
  enqueue(db, { key: alertJobKey(alertId), kind: ALERT_JOB_KIND, payload: { alertId }, dueAt: now }, now);
  return alertId;
}

export function findAlertId(db: Db, satisfactionId: number, kind: SurveyAlertKind): number | null {
  const row = db.prepare('SELECT alert_id FROM survey_alerts WHERE satisfaction_id = ? AND kind = ? ORDER BY alert_id LIMIT 1').get(satisfactionId, kind) as { alert_id: number } | undefined;
  return row?.alert_id ?? null;
}

const cut = (s: string, n: number): string => [...s].slice(0, n).join('');

function reinterventionNotes(comment: string | null): string {
  const base = 'Reprise gratuite suite à l’enquête de satisfaction : problème non résolu.';
  return cut(comment ? `${base} Client : « ${comment} »` : base, 500);
}

/**
 * The free re-intervention of an unsolved problem: a planned_interventions row to plan (origine 'enquete',
 * gratuite 1), same client, type and zone, asked today, due within a week. Idempotent per survey.
 */
export function createReintervention(db: Db, satisfactionId: number, comment: string | null, now: Date): number {
  const sourceRef = `ENQ-REPRISE-${satisfactionId}`;
  const existing = db.prepare('SELECT planned_id FROM planned_interventions WHERE source_ref = ?').get(sourceRef) as { planned_id: number } | undefined;
  if (existing) return existing.planned_id;
  const i = db
    .prepare(
      `SELECT i.client_id, i.type_intervention_id, i.zone_id, COALESCE(t.duree_standard_min, i.duree_prevue_min) AS duree
       FROM fact_satisfaction s JOIN fact_interventions i ON i.intervention_id = s.intervention_id
       JOIN dim_types_intervention t ON t.type_intervention_id = i.type_intervention_id
       WHERE s.satisfaction_id = ?`,
    )
    .get(satisfactionId) as { client_id: number; type_intervention_id: number; zone_id: number; duree: number } | undefined;
  if (!i) throw new Error(`survey ${satisfactionId}: no intervention to re-do`);
  const today = parisDate(now);
  const info = db
    .prepare(
      `INSERT INTO planned_interventions (source_ref, client_id, type_intervention_id, zone_id, duree_prevue_min, date_demande, date_echeance,
                                          urgence, statut, origine, gratuite, notes)
       VALUES (@ref, @client, @type, @zone, @duree, @today, @due, @urgence, 'a_planifier', 'enquete', 1, @notes)`,
    )
    .run({
      ref: sourceRef,
      client: i.client_id,
      type: i.type_intervention_id,
      zone: i.zone_id,
      duree: i.duree,
      today,
      due: addDaysIso(today, REINTERVENTION_DUE_DAYS),
      urgence: REINTERVENTION_URGENCE,
      notes: reinterventionNotes(comment),
    });
  return Number(info.lastInsertRowid);
}

/**
 * The closed loop of a survey after its answers changed (SMS or web, same transaction as the answers):
 * NPS < 7 → 'nps_bas'; Q4 = non → 'non_resolu' with the free re-intervention. Each at most once per survey;
 * a comment arriving after the "non" is added to the re-intervention's notes. Returns the new alert ids.
 */
export function closeTheLoop(db: Db, satisfactionId: number, now: Date): number[] {
  const f = factRow(db, satisfactionId);
  if (!f) return [];
  const alerts: number[] = [];
  const detail = {
    nps: f.nps,
    canal: f.canal,
    interventionId: f.intervention_id,
    technicienId: f.technicien_id,
    professionnel: f.professionnel === null ? null : f.professionnel === 1,
    delaiRespecte: f.delai_respecte === null ? null : f.delai_respecte === 1,
    problemeResolu: f.probleme_resolu === null ? null : f.probleme_resolu === 1,
    comments: { q2: f.professionnel_commentaire, q3: f.delai_commentaire, q4: f.probleme_commentaire },
  };
  if (f.nps !== null && f.nps < NPS_ALERT_BELOW && findAlertId(db, satisfactionId, 'nps_bas') === null) {
    alerts.push(raiseAlert(db, { kind: 'nps_bas', satisfactionId, clientId: f.client_id, detail }, now));
  }
  if (f.probleme_resolu === 0) {
    const existing = findAlertId(db, satisfactionId, 'non_resolu');
    if (existing === null) {
      const plannedId = createReintervention(db, satisfactionId, f.probleme_commentaire, now);
      alerts.push(raiseAlert(db, { kind: 'non_resolu', satisfactionId, clientId: f.client_id, detail, plannedId }, now));
    } else if (f.probleme_commentaire) {
      // the comment came after the "non" (the answer to "why?"): keep the re-intervention and the alert informed
      db.prepare("UPDATE planned_interventions SET notes = ? WHERE source_ref = ? AND statut = 'a_planifier'").run(reinterventionNotes(f.probleme_commentaire), `ENQ-REPRISE-${satisfactionId}`);
      db.prepare('UPDATE survey_alerts SET detail = ? WHERE alert_id = ?').run(JSON.stringify(detail), existing);
    }
  }
  return alerts;
}

/** A reply that no open survey can take (after the close, or to a one-way link SMS): kept and forwarded. */
export function raiseLateReply(
  db: Db,
  input: { clientId: number; satisfactionId: number | null; text: string; messageSid: string; reason: 'closed' | 'completed' | 'no_survey' | 'web_survey' | 'opted_out' },
  now: Date,
): number {
  const existing = db
    .prepare("SELECT alert_id FROM survey_alerts WHERE kind = 'reponse_tardive' AND client_id = ? AND json_extract(detail, '$.messageSid') = ?")
    .get(input.clientId, input.messageSid) as { alert_id: number } | undefined;
  if (existing) return existing.alert_id;
  return raiseAlert(
    db,
    { kind: 'reponse_tardive', satisfactionId: input.satisfactionId, clientId: input.clientId, detail: { text: cut(input.text, 1600), messageSid: input.messageSid, reason: input.reason, receivedAt: now.toISOString() } },
    now,
  );
}

const AlertDoneSchema = z.object({ alertId: z.number().int().positive(), userId: z.number().int().positive() });

/** The planner called the client back: the alert is done (once; a second click says so). */
export function markAlertDone(db: Db, alertId: number, userId: number, now: Date): { ok: boolean; alreadyDone: boolean } {
  const v = AlertDoneSchema.safeParse({ alertId, userId });
  if (!v.success) return { ok: false, alreadyDone: false };
  return db.transaction(() => {
    const alert = db.prepare('SELECT statut FROM survey_alerts WHERE alert_id = ?').get(alertId) as { statut: SurveyAlertStatus } | undefined;
    if (!alert) return { ok: false, alreadyDone: false };
    if (alert.statut === 'traitee') return { ok: true, alreadyDone: true };
    if (db.prepare('SELECT 1 FROM users WHERE user_id = ?').get(userId) === undefined) return { ok: false, alreadyDone: false };
    const changed = db.prepare("UPDATE survey_alerts SET statut = 'traitee', traitee_at = ?, traitee_par = ? WHERE alert_id = ? AND statut = 'ouverte'").run(now.toISOString(), userId, alertId).changes;
    return { ok: true, alreadyDone: changed === 0 };
  }).immediate();
}

// ─────────────────────────────── reading one alert ───────────────────────────────

/**
 * One alert with everything its readers show (the Teams card of core/conversation/verbs/survey-alert.ts, and
 * `getAlert`): the alert, its client, the free re-intervention, and the answers of its survey (live from
 * fact_satisfaction). This is the only reader of an alert: every view derives from it.
 */
export interface SurveyAlertRow {
  alertId: number;
  kind: SurveyAlertKind;
  satisfactionId: number | null;
  clientId: number;
  clientName: string;
  telephone: string | null;
  /** the client's language (dim_clients.langue) */
  langue: Lang;
  detail: Record<string, unknown>;
  statut: SurveyAlertStatus;
  /** ISO instants as stored */
  createdAt: string;
  traiteeAt: string | null;
  /** who marked it done: display name and user id */
  traiteePar: string | null;
  traiteeParId: number | null;
  plannedId: number | null;
  planned: { statut: string; dateEcheance: string | null; urgence: string } | null;
  survey: {
    nps: number | null;
    professionnel: number | null;
    professionnelCommentaire: string | null;
    delaiRespecte: number | null;
    delaiCommentaire: string | null;
    problemeResolu: number | null;
    problemeCommentaire: string | null;
    suggestion: string | null;
    interventionId: number | null;
    /** YYYY-MM-DD */
    interventionDate: string | null;
    technicienId: number | null;
    typeLibelle: string | null;
    technicien: string | null;
  } | null;
}

const ALERT_SQL = `
SELECT a.alert_id AS alertId, a.kind, a.satisfaction_id AS satisfactionId, a.client_id AS clientId, a.detail, a.statut,
       a.created_at AS createdAt, a.traitee_at AS traiteeAt, a.traitee_par AS traiteeParId, u.display_name AS traiteePar,
       a.planned_id AS plannedId, c.nom, c.prenom, c.telephone, c.langue,
       p.statut AS pStatut, p.date_echeance AS pEcheance, p.urgence AS pUrgence,
       s.satisfaction_id AS sId, s.nps, s.professionnel, s.professionnel_commentaire AS professionnelCommentaire,
       s.delai_respecte AS delaiRespecte, s.delai_commentaire AS delaiCommentaire, s.probleme_resolu AS problemeResolu,
       s.probleme_commentaire AS problemeCommentaire, s.suggestion,
       i.intervention_id AS interventionId, i.date_id AS interventionDateId, i.technicien_id AS technicienId,
       ti.libelle AS typeLibelle, te.prenom || ' ' || te.nom AS technicien
FROM survey_alerts a
JOIN dim_clients c ON c.client_id = a.client_id
LEFT JOIN users u ON u.user_id = a.traitee_par
LEFT JOIN planned_interventions p ON p.planned_id = a.planned_id
LEFT JOIN fact_satisfaction s ON s.satisfaction_id = a.satisfaction_id
LEFT JOIN fact_interventions i ON i.intervention_id = s.intervention_id
LEFT JOIN dim_types_intervention ti ON ti.type_intervention_id = i.type_intervention_id
LEFT JOIN dim_techniciens te ON te.technicien_id = i.technicien_id
WHERE a.alert_id = ?`;

function parseDetail(raw: unknown): Record<string, unknown> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string') return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
/** 20261130 → "2026-11-30" */
const isoOfDateId = (v: unknown): string | null => {
  const d = num(v);
  if (d === null) return null;
  const s = String(d);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

/** The alert and what its readers need, or null when there is no such alert. */
export function loadSurveyAlert(db: Db, alertId: number): SurveyAlertRow | null {
  const r = db.prepare(ALERT_SQL).get(alertId) as Record<string, unknown> | undefined;
  if (!r) return null;
  const prenom = str(r.prenom);
  return {
    alertId: num(r.alertId)!,
    kind: r.kind as SurveyAlertKind,
    satisfactionId: num(r.satisfactionId),
    clientId: num(r.clientId)!,
    clientName: prenom ? `${prenom} ${String(r.nom)}` : String(r.nom),
    telephone: str(r.telephone),
    langue: r.langue === 'en' ? 'en' : 'fr',
    detail: parseDetail(r.detail),
    statut: r.statut === 'traitee' ? 'traitee' : 'ouverte',
    createdAt: String(r.createdAt),
    traiteeAt: str(r.traiteeAt),
    traiteePar: str(r.traiteePar),
    traiteeParId: num(r.traiteeParId),
    plannedId: num(r.plannedId),
    planned: r.pStatut == null ? null : { statut: String(r.pStatut), dateEcheance: str(r.pEcheance), urgence: String(r.pUrgence) },
    survey:
      r.sId == null
        ? null
        : {
            nps: num(r.nps),
            professionnel: num(r.professionnel),
            professionnelCommentaire: str(r.professionnelCommentaire),
            delaiRespecte: num(r.delaiRespecte),
            delaiCommentaire: str(r.delaiCommentaire),
            problemeResolu: num(r.problemeResolu),
            problemeCommentaire: str(r.problemeCommentaire),
            suggestion: str(r.suggestion),
            interventionId: num(r.interventionId),
            interventionDate: isoOfDateId(r.interventionDateId),
            technicienId: num(r.technicienId),
            typeLibelle: str(r.typeLibelle),
            technicien: str(r.technicien),
          },
  };
}

/** A client's words shown to the staff (card, text): no template marker or control character left, kept short. */
export function clientText(s: string, max = 500): string {
  const clean = s.replace(/\$\{/g, '$ {').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const tr = (lang: Lang, fr: string, en: string): string => (lang === 'fr' ? fr : en);

/** The label of the reason "problem not solved" (the card shows its comment apart from the other reasons). */
export const unsolvedLabel = (lang: Lang): string => tr(lang, 'Problème pas entièrement résolu', 'Problem not fully solved');

/**
 * The reasons of the dissatisfaction: the "no" answers to Q2–Q4, each with the client's comment, in the reader's
 * language — the wording of the Teams card ("Délais non respectés : « deux heures de retard »").
 */
export function alertReasons(a: SurveyAlertRow, lang: Lang): string[] {
  const s = a.survey;
  if (!s) return [];
  const out: string[] = [];
  const add = (answer: number | null, label: string, comment: string | null): void => {
    if (answer !== 0) return;
    out.push(comment ? tr(lang, `${label} : « ${clientText(comment, 300)} »`, `${label}: “${clientText(comment, 300)}”`) : label);
  };
  add(s.professionnel, tr(lang, 'Technicien jugé pas professionnel', 'Technician not found professional'), s.professionnelCommentaire);
  add(s.delaiRespecte, tr(lang, 'Délais non respectés', 'Deadlines not kept'), s.delaiCommentaire);
  add(s.problemeResolu, unsolvedLabel(lang), s.problemeCommentaire);
  return out;
}

/** The client's own text an alert carries (the late reply), if any. */
export function alertText(detail: Record<string, unknown>): string | null {
  for (const k of ['text', 'body', 'message', 'reply', 'comment']) {
    const v = detail[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

/** An alert as data (specs, the T-SQL scenario): the client, the score and the reasons, from `loadSurveyAlert`. */
export interface SurveyAlertView {
  alertId: number;
  kind: SurveyAlertKind;
  statut: SurveyAlertStatus;
  createdAt: Date;
  doneAt: Date | null;
  doneBy: { userId: number; name: string } | null;
  satisfactionId: number | null;
  client: { clientId: number; name: string; telephone: string | null; langue: 'fr' | 'en' };
  intervention: { interventionId: number; date: string; technicienId: number; technicien: string; type: string } | null;
  nps: number | null;
  answers: { professionnel: boolean | null; delaiRespecte: boolean | null; problemeResolu: boolean | null };
  comments: { q2: string | null; q3: string | null; q4: string | null; q5: string | null };
  /** The reasons of the dissatisfaction in French, from Q2–Q4, worded as on the card (`alertReasons`). */
  reasons: string[];
  /** The free re-intervention (non_resolu). */
  plannedId: number | null;
  /** The late reply's text (reponse_tardive). */
  text: string | null;
}

const bool = (v: number | null | undefined): boolean | null => (v === null || v === undefined ? null : v === 1);

/** `loadSurveyAlert` as a plain view; null when there is no such alert. */
export function getAlert(db: Db, alertId: number): SurveyAlertView | null {
  const a = loadSurveyAlert(db, alertId);
  if (!a) return null;
  const s = a.survey;
  return {
    alertId: a.alertId,
    kind: a.kind,
    statut: a.statut,
    createdAt: new Date(a.createdAt),
    doneAt: a.traiteeAt === null ? null : new Date(a.traiteeAt),
    doneBy: a.traiteeParId === null ? null : { userId: a.traiteeParId, name: a.traiteePar ?? '' },
    satisfactionId: a.satisfactionId,
    client: { clientId: a.clientId, name: a.clientName, telephone: a.telephone, langue: a.langue },
    intervention:
      s && s.interventionId !== null
        ? { interventionId: s.interventionId, date: s.interventionDate ?? '', technicienId: s.technicienId ?? 0, technicien: s.technicien ?? '', type: s.typeLibelle ?? '' }
        : null,
    nps: s?.nps ?? null,
    answers: { professionnel: bool(s?.professionnel), delaiRespecte: bool(s?.delaiRespecte), problemeResolu: bool(s?.problemeResolu) },
    comments: { q2: s?.professionnelCommentaire ?? null, q3: s?.delaiCommentaire ?? null, q4: s?.problemeCommentaire ?? null, q5: s?.suggestion ?? null },
    reasons: alertReasons(a, 'fr'),
    plannedId: a.plannedId,
    text: alertText(a.detail),
  };
}

/** Alerts, newest first, optionally of one status or kind. */
export function listAlerts(db: Db, filter: { statut?: SurveyAlertStatus; kind?: SurveyAlertKind } = {}): Array<{ alertId: number; kind: SurveyAlertKind; statut: SurveyAlertStatus; satisfactionId: number | null; clientId: number; plannedId: number | null; createdAt: Date }> {
  const rows = db
    .prepare('SELECT alert_id, kind, statut, satisfaction_id, client_id, planned_id, created_at FROM survey_alerts WHERE (@statut IS NULL OR statut = @statut) AND (@kind IS NULL OR kind = @kind) ORDER BY alert_id DESC')
    .all({ statut: filter.statut ?? null, kind: filter.kind ?? null }) as Array<{ alert_id: number; kind: SurveyAlertKind; statut: SurveyAlertStatus; satisfaction_id: number | null; client_id: number; planned_id: number | null; created_at: string }>;
  return rows.map((r) => ({ alertId: r.alert_id, kind: r.kind, statut: r.statut, satisfactionId: r.satisfaction_id, clientId: r.client_id, plannedId: r.planned_id, createdAt: new Date(r.created_at) }));
}
