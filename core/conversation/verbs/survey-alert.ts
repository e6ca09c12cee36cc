/**
 * The survey's closed-loop alert as a card (cards/survey-alert.json) and a line of text, read from
 * `survey_alerts` and the answers in `fact_satisfaction`, in the reader's language:
 * - nps_bas: "Client X mécontent (note N/10)", the reasons from Q2–Q4 and their comments, "appel sous 24 h",
 *   the button 'survey.callDone' while the alert is open, then who marked the call done and when;
 * - non_resolu: the client's comment and the free re-intervention created (planned_interventions);
 * - reponse_tardive: the reply received after the survey closed.
 * Used by the 'survey.alert' job (push) and by the 'survey.callDone' verb (the card updated in place).
 */
import { renderCard, type SurveyAlertCardData } from '../../../cards/index.ts';
import { authorize } from '../../access/policy.ts';
import type { User } from '../../access/types.ts';
import { TIME_ZONE } from '../../warehouse/calendar.ts';
import type { Db } from '../../warehouse/db.ts';
import { t } from '../format.ts';
import type { Lang, Reply } from '../types.ts';

export const SURVEY_ALERT_KINDS = ['nps_bas', 'non_resolu', 'reponse_tardive'] as const;
export type SurveyAlertKind = (typeof SURVEY_ALERT_KINDS)[number];
export const CALL_DONE_VERB = 'survey.callDone';

/** One alert with what the card shows (no PII leaves this module except into the card for its reader). */
export interface SurveyAlertRow {
  alertId: number;
  kind: SurveyAlertKind;
  satisfactionId: number | null;
  clientId: number;
  clientName: string;
  telephone: string | null;
  detail: Record<string, unknown>;
  statut: 'ouverte' | 'traitee';
  createdAt: string;
  traiteeAt: string | null;
  traiteePar: string | null;
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
    interventionDate: string | null;
    typeLibelle: string | null;
    technicien: string | null;
  } | null;
}

const SQL = `
SELECT a.alert_id AS alertId, a.kind, a.satisfaction_id AS satisfactionId, a.client_id AS clientId, a.detail, a.statut,
       a.created_at AS createdAt, a.traitee_at AS traiteeAt, u.display_name AS traiteePar, a.planned_id AS plannedId,
       c.nom, c.prenom, c.telephone,
       p.statut AS pStatut, p.date_echeance AS pEcheance, p.urgence AS pUrgence,
       s.satisfaction_id AS sId, s.nps, s.professionnel, s.professionnel_commentaire AS professionnelCommentaire,
       s.delai_respecte AS delaiRespecte, s.delai_commentaire AS delaiCommentaire, s.probleme_resolu AS problemeResolu,
       s.probleme_commentaire AS problemeCommentaire, s.suggestion,
       dt.date AS interventionDate, ti.libelle AS typeLibelle, te.prenom || ' ' || te.nom AS technicien
FROM survey_alerts a
JOIN dim_clients c ON c.client_id = a.client_id
LEFT JOIN users u ON u.user_id = a.traitee_par
LEFT JOIN planned_interventions p ON p.planned_id = a.planned_id
LEFT JOIN fact_satisfaction s ON s.satisfaction_id = a.satisfaction_id
LEFT JOIN fact_interventions i ON i.intervention_id = s.intervention_id
LEFT JOIN dim_temps dt ON dt.date_id = i.date_id
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

/** The alert and what its card needs, or null when there is no such alert. */
export function loadSurveyAlert(db: Db, alertId: number): SurveyAlertRow | null {
  const r = db.prepare(SQL).get(alertId) as Record<string, unknown> | undefined;
  if (!r) return null;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
  const prenom = str(r.prenom);
  return {
    alertId: num(r.alertId)!,
    kind: r.kind as SurveyAlertKind,
    satisfactionId: num(r.satisfactionId),
    clientId: num(r.clientId)!,
    clientName: prenom ? `${prenom} ${String(r.nom)}` : String(r.nom),
    telephone: str(r.telephone),
    detail: parseDetail(r.detail),
    statut: r.statut === 'traitee' ? 'traitee' : 'ouverte',
    createdAt: String(r.createdAt),
    traiteeAt: str(r.traiteeAt),
    traiteePar: str(r.traiteePar),
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
            interventionDate: str(r.interventionDate),
            typeLibelle: str(r.typeLibelle),
            technicien: str(r.technicien),
          },
  };
}

/** A client's words shown in a card: no template marker or control character left, kept short. */
export function clientText(s: string, max = 500): string {
  const clean = s.replace(/\$\{/g, '$ {').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** "01/12/2026" from an ISO date. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "01/12/2026 à 09:12" / "01/12/2026 at 09:12", Paris time. */
export function formatInstant(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return t(lang, `${parts.day}/${parts.month}/${parts.year} à ${parts.hour}:${parts.minute}`, `${parts.day}/${parts.month}/${parts.year} at ${parts.hour}:${parts.minute}`);
}

/** The negative answers to Q2–Q4, each with the client's comment. */
export function surveyReasons(a: SurveyAlertRow, lang: Lang): string[] {
  const s = a.survey;
  if (!s) return [];
  const out: string[] = [];
  const add = (answer: number | null, fr: string, en: string, comment: string | null): void => {
    if (answer !== 0) return;
    const label = t(lang, fr, en);
    out.push(comment ? t(lang, `${label} : « ${clientText(comment, 300)} »`, `${label}: “${clientText(comment, 300)}”`) : label);
  };
  add(s.professionnel, 'Technicien jugé pas professionnel', 'Technician not found professional', s.professionnelCommentaire);
  add(s.delaiRespecte, 'Délais non respectés', 'Deadlines not kept', s.delaiCommentaire);
  add(s.problemeResolu, 'Problème pas entièrement résolu', 'Problem not fully solved', s.problemeCommentaire);
  return out;
}

function detailText(detail: Record<string, unknown>): string | null {
  for (const k of ['text', 'body', 'message', 'reply', 'comment']) {
    const v = detail[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

export interface AlertViewOptions {
  /** the reader: the phone number is shown only when the policy allows it */
  reader?: User;
  /** a second click on "call done": the status says it was already done */
  alreadyDone?: boolean;
}

/** The alert's card and text for one reader, or null when the alert does not exist. */
export function surveyAlertReply(db: Db, alertId: number, lang: Lang, options: AlertViewOptions = {}): Reply | null {
  const a = loadSurveyAlert(db, alertId);
  return a ? alertReply(a, lang, options) : null;
}

export function alertReply(a: SurveyAlertRow, lang: Lang, options: AlertViewOptions = {}): Reply {
  const showPhone = options.reader ? authorize(options.reader, { kind: 'client.phone' }).allowed : false;
  const s = a.survey;
  const subtitleParts = s
    ? [s.interventionDate ? t(lang, `Intervention du ${formatDate(s.interventionDate)}`, `Job of ${formatDate(s.interventionDate)}`) : null, s.typeLibelle, s.technicien].filter((x): x is string => !!x)
    : [];
  const facts: SurveyAlertCardData['facts'] = [];
  if (showPhone && a.telephone) facts.push({ title: t(lang, 'Téléphone', 'Phone'), value: a.telephone });
  if (s?.nps != null && a.kind !== 'nps_bas') facts.push({ title: t(lang, 'Note', 'Score'), value: `${s.nps}/10` });
  facts.push({ title: t(lang, 'Alerte', 'Alert'), value: `n° ${a.alertId} · ${formatInstant(a.createdAt, lang)}` });

  let title: string;
  let action: string;
  let comment = '';
  let commentTitle = t(lang, 'Suggestion du client', 'Client’s suggestion');
  let reasons = surveyReasons(a, lang);
  let button = false;
  if (a.kind === 'nps_bas') {
    const note = s?.nps != null ? t(lang, ` (note ${s.nps}/10)`, ` (score ${s.nps}/10)`) : '';
    title = t(lang, `Client ${a.clientName} mécontent${note}`, `Unhappy client ${a.clientName}${note}`);
    const due = formatInstant(new Date(new Date(a.createdAt).getTime() + 24 * 3600_000).toISOString(), lang);
    action = t(lang, `Appel sous 24 h (avant le ${due})`, `Call within 24 h (before ${due})`);
    if (reasons.length === 0) reasons = [t(lang, 'Aucun motif donné aux questions 2 à 4', 'No reason given to questions 2 to 4')];
    comment = s?.suggestion ?? '';
    button = a.statut === 'ouverte';
  } else if (a.kind === 'non_resolu') {
    title = t(lang, `Problème non résolu chez ${a.clientName}`, `Problem not solved for ${a.clientName}`);
    if (a.plannedId !== null) {
      const due = a.planned?.dateEcheance ? t(lang, `, à faire avant le ${formatDate(a.planned.dateEcheance)}`, `, due by ${formatDate(a.planned.dateEcheance)}`) : '';
      action = t(lang, `Ré-intervention gratuite n° ${a.plannedId} créée, à planifier${due}`, `Free re-intervention #${a.plannedId} created, to plan${due}`);
    } else action = t(lang, 'Ré-intervention gratuite à prévoir', 'Free re-intervention to arrange');
    comment = s?.problemeCommentaire ?? detailText(a.detail) ?? '';
    commentTitle = t(lang, 'Commentaire du client', 'Client’s comment');
    // the Q4 comment is shown in full below: the list keeps the other reasons
    reasons = reasons.filter((r) => !r.startsWith(t(lang, 'Problème pas entièrement résolu', 'Problem not fully solved')));
  } else {
    title = t(lang, `Réponse de ${a.clientName} après la clôture de l’enquête`, `Reply from ${a.clientName} after the survey closed`);
    action = t(lang, 'À lire ; rappeler le client si besoin', 'To read; call the client back if needed');
    comment = detailText(a.detail) ?? '';
    commentTitle = t(lang, 'Message reçu', 'Message received');
    reasons = [];
  }

  let status = '';
  let statusColor: SurveyAlertCardData['statusColor'] = 'Good';
  if (a.statut === 'traitee') {
    const who = a.traiteePar ?? t(lang, 'un utilisateur', 'a user');
    const when = a.traiteeAt ? formatInstant(a.traiteeAt, lang) : '';
    const done = a.kind === 'nps_bas' ? t(lang, 'Appel fait', 'Call done') : t(lang, 'Traitée', 'Handled');
    status = t(lang, `${done} par ${who}${when ? ` le ${when}` : ''}`, `${done} by ${who}${when ? ` on ${when}` : ''}`);
    if (options.alreadyDone) {
      status = t(lang, `Déjà fait — ${status.charAt(0).toLowerCase()}${status.slice(1)}`, `Already done — ${status.charAt(0).toLowerCase()}${status.slice(1)}`);
      statusColor = 'Warning';
    }
  }

  const data: SurveyAlertCardData = {
    title,
    color: a.kind === 'reponse_tardive' ? 'Warning' : 'Attention',
    subtitle: subtitleParts.join(' · '),
    action,
    facts,
    reasonsTitle: t(lang, 'Pourquoi', 'Why'),
    reasons,
    commentTitle,
    comment: comment ? clientText(comment) : '',
    status,
    statusColor,
    actions: button ? [{ title: t(lang, 'Appel fait', 'Call done'), verb: CALL_DONE_VERB, data: { alertId: a.alertId } }] : [],
  };
  const text = [title, action, ...reasons.map((r) => `• ${r}`), ...(comment ? [`« ${comment} »`] : []), ...(status ? [status] : [])].join('\n');
  return { text, card: renderCard('survey-alert', data) };
}
