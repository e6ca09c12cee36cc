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
import { alertReasons, alertText, clientText, loadSurveyAlert, unsolvedLabel, type SurveyAlertRow } from '../../survey/alerts.ts';
import { TIME_ZONE } from '../../warehouse/calendar.ts';
import type { Db } from '../../warehouse/db.ts';
import { t } from '../format.ts';
import type { Lang, Reply } from '../types.ts';

export const CALL_DONE_VERB = 'survey.callDone';

// one reader of an alert (core/survey): the card and `getAlert` show the same reasons in the same words
export { clientText, loadSurveyAlert, type SurveyAlertKind, type SurveyAlertRow } from '../../survey/alerts.ts';

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
  let reasons = alertReasons(a, lang);
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
    comment = s?.problemeCommentaire ?? alertText(a.detail) ?? '';
    commentTitle = t(lang, 'Commentaire du client', 'Client’s comment');
    // the Q4 comment is shown in full below: the list keeps the other reasons
    reasons = reasons.filter((r) => !r.startsWith(unsolvedLabel(lang)));
  } else {
    title = t(lang, `Réponse de ${a.clientName} après la clôture de l’enquête`, `Reply from ${a.clientName} after the survey closed`);
    action = t(lang, 'À lire ; rappeler le client si besoin', 'To read; call the client back if needed');
    comment = alertText(a.detail) ?? '';
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
