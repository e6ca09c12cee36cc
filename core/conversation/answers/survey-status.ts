/**
 * `survey.status`: where the satisfaction surveys stand, in three views —
 * - "enquêtes en attente" / "pending surveys": surveys planned, sent and waiting for an answer, being answered,
 *   and the next sends;
 * - "réponses de la semaine" / "survey responses this week": the answers received in the ISO week (Paris), their
 *   NPS and the low scores (0–6) with their reasons;
 * - "NPS des enquêtes du mois" / "survey NPS this month": the month's figures of core/survey/report.ts.
 * ("NPS du mois" alone is the quality KPI: intent `kpi`.) A bare "enquêtes" gives a short overview of the three.
 * A technician sees only the surveys of their own interventions; others see everything, or one technician's
 * when they name one.
 */
import { parisDate, TIME_ZONE } from '../../warehouse/calendar.ts';
import type { Db } from '../../warehouse/db.ts';
import { parsePeriod, periodOf, type Period } from '../../kpi/period.ts';
import { nps, type NpsResult } from '../../survey/nps.ts';
import { monthlySurveyReport, REASON_EN, surveyReasons, type ReasonAnswers } from '../../survey/report.ts';
import type { Extracted } from '../entities.ts';
import { formatDay, formatPeriod, t } from '../format.ts';
import type { Lang, Reply } from '../types.ts';
import { askButton, messageReply, type AnswerContext } from './common.ts';

export type SurveyView = 'pending' | 'week' | 'month' | 'overview';

const PENDING_WORDS = new Set(['attente', 'pending', 'waiting', 'cours', 'envoyer', 'planifiees', 'planifie', 'planifiee', 'prochains', 'prochain', 'prochaines', 'next', 'scheduled', 'queued', 'outstanding', 'open', 'ouvertes']);
const MONTH_WORDS = new Set(['nps', 'mois', 'month', 'mensuel', 'monthly', 'taux', 'rate']);
const WEEK_WORDS = new Set(['reponses', 'reponse', 'responses', 'response', 'answers', 'answered', 'retours', 'repondu', 'semaine', 'week']);

/** Which view a message asks for (its folded tokens and the period it names). */
export function surveyView(tokens: readonly string[], period: string | undefined): SurveyView {
  if (tokens.some((w) => PENDING_WORDS.has(w))) return 'pending';
  if (period?.includes('-W')) return 'week';
  if (period !== undefined || tokens.some((w) => MONTH_WORDS.has(w))) return 'month';
  if (tokens.some((w) => WEEK_WORDS.has(w))) return 'week';
  return 'overview';
}

const MAX_LIST = 5;

const tableExists = (db: Db, name: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

const dayOf = (instant: string | null): string | null => {
  if (instant === null) return null;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : parisDate(new Date(ms));
};

function timeOf(instant: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

const signed = (x: number | null): string => {
  if (x === null) return '—';
  const r = Math.round(x);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
};

const pct = (x: number | null, lang: Lang): string =>
  x === null ? '—' : `${new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(x * 100).replace(/[\u202f\u00a0]/g, ' ')}${lang === 'fr' ? ' %' : '%'}`;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n > 1 ? many : one}`;

// ───────────────────────────── data ─────────────────────────────

export interface PendingSurveys {
  planned: number;
  /** sent, no answer yet */
  sent: number;
  /** answering (at least one answer, not finished) */
  open: number;
  /** the next planned sends (survey_states.send_at), soonest first */
  next: { satisfactionId: number; client: string; technician: string; sendAt: string }[];
  /** planned surveys with no send time yet (no survey_states row) */
  unscheduled: number;
}

export function pendingSurveys(db: Db, technicienId: number | null, limit = MAX_LIST): PendingSurveys {
  const counts = db
    .prepare(
      `SELECT SUM(statut = 'planifie') AS planned, SUM(statut = 'envoye') AS sent, SUM(statut = 'en_cours') AS open
         FROM fact_satisfaction WHERE statut IN ('planifie', 'envoye', 'en_cours') AND (@tech IS NULL OR technicien_id = @tech)`,
    )
    .get({ tech: technicienId }) as { planned: number | null; sent: number | null; open: number | null };
  const planned = counts.planned ?? 0;
  if (!tableExists(db, 'survey_states')) return { planned, sent: counts.sent ?? 0, open: counts.open ?? 0, next: [], unscheduled: planned };
  const next = db
    .prepare(
      `SELECT s.satisfaction_id AS satisfactionId, COALESCE(c.prenom || ' ', '') || c.nom AS client, te.prenom || ' ' || te.nom AS technician, st.send_at AS sendAt
         FROM fact_satisfaction s JOIN survey_states st ON st.satisfaction_id = s.satisfaction_id
         JOIN dim_clients c ON c.client_id = s.client_id JOIN dim_techniciens te ON te.technicien_id = s.technicien_id
        WHERE s.statut = 'planifie' AND (@tech IS NULL OR s.technicien_id = @tech)
        ORDER BY st.send_at, s.satisfaction_id LIMIT @limit`,
    )
    .all({ tech: technicienId, limit }) as PendingSurveys['next'];
  const scheduled = (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM fact_satisfaction s JOIN survey_states st ON st.satisfaction_id = s.satisfaction_id
          WHERE s.statut = 'planifie' AND (@tech IS NULL OR s.technicien_id = @tech)`,
      )
      .get({ tech: technicienId }) as { n: number }
  ).n;
  return { planned, sent: counts.sent ?? 0, open: counts.open ?? 0, next, unscheduled: planned - scheduled };
}

export interface WeekAnswer extends ReasonAnswers {
  satisfactionId: number;
  client: string;
  technician: string;
  answeredAt: string;
}

export interface WeekAnswers {
  week: Period;
  answers: number;
  nps: NpsResult;
  /** the answers with a score of 0–6, oldest first */
  low: (WeekAnswer & { nps: number; day: string })[];
}

export function weekAnswers(db: Db, week: Period, technicienId: number | null): WeekAnswers {
  const lo = new Date(Date.parse(`${week.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const hi = `${new Date(Date.parse(`${week.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T99`;
  const rows = (
    db
      .prepare(
        `SELECT s.satisfaction_id AS satisfactionId, COALESCE(c.prenom || ' ', '') || c.nom AS client, te.prenom || ' ' || te.nom AS technician,
                s.repondu_at AS answeredAt, s.nps, s.professionnel, s.professionnel_commentaire, s.delai_respecte, s.delai_commentaire,
                s.probleme_resolu, s.probleme_commentaire
           FROM fact_satisfaction s JOIN dim_clients c ON c.client_id = s.client_id JOIN dim_techniciens te ON te.technicien_id = s.technicien_id
          WHERE s.repondu_at >= @lo AND s.repondu_at < @hi AND (@tech IS NULL OR s.technicien_id = @tech)
          ORDER BY s.repondu_at, s.satisfaction_id`,
      )
      .all({ lo, hi, tech: technicienId }) as WeekAnswer[]
  )
    .map((r) => ({ ...r, day: dayOf(r.answeredAt) }))
    .filter((r): r is WeekAnswer & { day: string } => r.day !== null && r.day >= week.from && r.day <= week.to);
  const scores = rows.flatMap((r) => (r.nps === null ? [] : [r.nps]));
  const low = rows.filter((r): r is WeekAnswer & { nps: number; day: string } => r.nps !== null && r.nps <= 6);
  return { week, answers: rows.length, nps: nps(scores), low };
}

// ───────────────────────────── replies ─────────────────────────────

function scopeOf(ctx: AnswerContext): { technicienId: number | null; who: string } {
  const own = ctx.user.role === 'technician' ? ctx.user.technicienId : null;
  const tech = own !== null ? { id: own, name: ctx.entities.technician?.id === own ? ctx.entities.technician.name : '' } : (ctx.entities.technician ?? null);
  if (!tech) return { technicienId: null, who: '' };
  const name = tech.name || (ctx.db.prepare("SELECT prenom || ' ' || nom AS n FROM dim_techniciens WHERE technicien_id = ?").get(tech.id) as { n: string } | undefined)?.n || `#${tech.id}`;
  return { technicienId: tech.id, who: name };
}

const buttons = (lang: Lang, except: SurveyView) =>
  (
    [
      ['pending', t(lang, 'Enquêtes en attente', 'Pending surveys'), t(lang, 'enquêtes en attente', 'pending surveys')],
      ['week', t(lang, 'Réponses de la semaine', 'Responses this week'), t(lang, 'réponses aux enquêtes de la semaine', 'survey responses this week')],
      ['month', t(lang, 'NPS du mois', 'NPS this month'), t(lang, 'NPS des enquêtes du mois', 'survey NPS this month')],
    ] as const
  )
    .filter(([v]) => v !== except)
    .map(([, title, text]) => askButton(title, text));

function pendingLines(p: PendingSurveys, ctx: AnswerContext): { lines: string[]; facts: { title: string; value: string }[] } {
  const { lang } = ctx;
  const year = Number(ctx.today.slice(0, 4));
  const facts = [
    { title: t(lang, 'Planifiées', 'Planned'), value: String(p.planned) },
    { title: t(lang, 'Envoyées, sans réponse', 'Sent, no answer yet'), value: String(p.sent) },
    { title: t(lang, 'En cours de réponse', 'Being answered'), value: String(p.open) },
  ];
  const lines = p.next.map((n) => {
    const day = dayOf(n.sendAt);
    const when = day ? `${formatDay(day, lang, year)} ${timeOf(n.sendAt)}` : n.sendAt;
    return `• ${when} — ${n.client} (${n.technician})`;
  });
  if (p.unscheduled > 0) lines.push(t(lang, `${plural(p.unscheduled, 'enquête planifiée')} sans heure d’envoi encore.`, `${plural(p.unscheduled, 'planned survey')} with no send time yet.`));
  return { lines, facts };
}

function answerPending(ctx: AnswerContext, scope: ReturnType<typeof scopeOf>): Reply {
  const { lang } = ctx;
  const p = pendingSurveys(ctx.db, scope.technicienId);
  const total = p.planned + p.sent + p.open;
  const title = t(lang, `Enquêtes en attente${scope.who ? ` — ${scope.who}` : ''}`, `Pending surveys${scope.who ? ` — ${scope.who}` : ''}`);
  if (total === 0) return messageReply(t(lang, 'Aucune enquête en attente.', 'No survey is pending.'), { title, actions: buttons(lang, 'pending') });
  const { lines, facts } = pendingLines(p, ctx);
  const head = t(
    lang,
    `${plural(p.planned, 'planifiée')}, ${plural(p.sent, 'envoyée')} sans réponse, ${p.open} en cours de réponse.`,
    `${p.planned} planned, ${p.sent} sent with no answer yet, ${p.open} being answered.`,
  );
  const next = p.next.length > 0 ? [t(lang, 'Prochains envois :', 'Next sends:'), ...lines] : lines;
  return messageReply([head, ...next].join('\n'), { title, facts, actions: buttons(lang, 'pending') });
}

function lowLine(r: WeekAnswers['low'][number], lang: Lang, year: number): string {
  const reasons = [...surveyReasons(r)].map((x) => (lang === 'fr' ? x : (REASON_EN[x] ?? x)));
  return `• ${r.client} — ${r.nps}/10 (${r.technician}, ${formatDay(r.day, lang, year)})${reasons.length ? ` : ${reasons.join(', ')}` : ''}`;
}

function answerWeek(ctx: AnswerContext, scope: ReturnType<typeof scopeOf>, week: Period): Reply {
  const { lang } = ctx;
  const w = weekAnswers(ctx.db, week, scope.technicienId);
  const year = Number(ctx.today.slice(0, 4));
  const title = t(lang, `Réponses aux enquêtes — ${formatPeriod(week.key, lang)}`, `Survey responses — ${formatPeriod(week.key, lang)}`) + (scope.who ? ` — ${scope.who}` : '');
  if (w.answers === 0) return messageReply(t(lang, 'Aucune réponse reçue cette semaine-là.', 'No response received that week.'), { title, actions: buttons(lang, 'week') });
  const facts = [
    { title: t(lang, 'Réponses reçues', 'Responses received'), value: String(w.answers) },
    { title: 'NPS', value: `${signed(w.nps.nps)} (${w.nps.n} ${t(lang, w.nps.n > 1 ? 'notes' : 'note', w.nps.n > 1 ? 'scores' : 'score')})` },
    { title: t(lang, 'Notes basses (0–6)', 'Low scores (0–6)'), value: String(w.low.length) },
  ];
  const head = t(
    lang,
    `${plural(w.answers, 'réponse reçue', 'réponses reçues')}, NPS ${signed(w.nps.nps)} : ${plural(w.nps.promoters, 'promoteur')}, ${plural(w.nps.passives, 'passif')}, ${plural(w.nps.detractors, 'détracteur')}.`,
    `${plural(w.answers, 'response')} received, NPS ${signed(w.nps.nps)}: ${w.nps.promoters} promoter${w.nps.promoters > 1 ? 's' : ''}, ${w.nps.passives} passive${w.nps.passives > 1 ? 's' : ''}, ${w.nps.detractors} detractor${w.nps.detractors > 1 ? 's' : ''}.`,
  );
  const low = w.low.slice(0, MAX_LIST).map((r) => lowLine(r, lang, year));
  const more = w.low.length > MAX_LIST ? [t(lang, `… et ${w.low.length - MAX_LIST} autre(s).`, `… and ${w.low.length - MAX_LIST} more.`)] : [];
  const lines = low.length > 0 ? [head, t(lang, 'Notes basses :', 'Low scores:'), ...low, ...more] : [head, t(lang, 'Aucune note basse.', 'No low score.')];
  return messageReply(lines.join('\n'), { title, facts, color: w.low.length > 0 ? 'Warning' : 'Default', actions: buttons(lang, 'week') });
}

function answerMonth(ctx: AnswerContext, scope: ReturnType<typeof scopeOf>, month: string): Reply {
  const { lang } = ctx;
  const r = monthlySurveyReport(ctx.db, month, { technicienId: scope.technicienId });
  const title = t(lang, `Enquêtes — ${formatPeriod(month, lang)}`, `Surveys — ${formatPeriod(month, lang)}`) + (scope.who ? ` — ${scope.who}` : '');
  const goal = pct(r.responseGoal, lang);
  const trend = r.npsTrend === null ? '' : ` (${signed(r.npsTrend)} ${t(lang, 'pts vs', 'pts vs')} ${formatPeriod(r.previousMonth, lang)})`;
  const facts = [
    { title: t(lang, 'NPS du mois', 'NPS of the month'), value: `${signed(r.nps.nps)}${trend}` },
    { title: t(lang, 'Taux de réponse', 'Response rate'), value: `${pct(r.responseRate, lang)} (${r.answered}/${r.sent}, ${t(lang, 'objectif', 'goal')} ${goal})` },
    { title: t(lang, 'Notes', 'Scores'), value: t(lang, `${r.nps.promoters} promoteurs · ${r.nps.passives} passifs · ${r.nps.detractors} détracteurs`, `${r.nps.promoters} promoters · ${r.nps.passives} passives · ${r.nps.detractors} detractors`) },
  ];
  if (r.alerts.available) facts.push({ title: t(lang, 'Alertes', 'Alerts'), value: t(lang, `${r.alerts.total} (${r.alerts.open} ouvertes)`, `${r.alerts.total} (${r.alerts.open} open)`) });
  const reasons = r.topReasons.map((x, i) => `${i + 1}. ${lang === 'fr' ? x.reason : (REASON_EN[x.reason] ?? x.reason)} (${x.count})`);
  const head = t(
    lang,
    `NPS ${signed(r.nps.nps)} sur ${plural(r.nps.n, 'note')}${trend} ; taux de réponse ${pct(r.responseRate, lang)} (objectif ${goal}).`,
    `NPS ${signed(r.nps.nps)} over ${plural(r.nps.n, 'score')}${trend}; response rate ${pct(r.responseRate, lang)} (goal ${goal}).`,
  );
  const lines = reasons.length > 0 ? [head, t(lang, 'Principaux motifs d’insatisfaction :', 'Main dissatisfaction reasons:'), ...reasons] : [head];
  const color = r.responseGoalMet === false || (r.nps.nps !== null && r.nps.nps < 0) ? 'Warning' : 'Default';
  return messageReply(lines.join('\n'), { title, facts, color, actions: buttons(lang, 'month') });
}

function answerOverview(ctx: AnswerContext, scope: ReturnType<typeof scopeOf>): Reply {
  const { lang } = ctx;
  const p = pendingSurveys(ctx.db, scope.technicienId, 0);
  const week = periodOf(ctx.today, 'week');
  const w = weekAnswers(ctx.db, week, scope.technicienId);
  const m = monthlySurveyReport(ctx.db, ctx.today.slice(0, 7), { technicienId: scope.technicienId });
  const title = t(lang, 'Enquêtes de satisfaction', 'Satisfaction surveys') + (scope.who ? ` — ${scope.who}` : '');
  const facts = [
    { title: t(lang, 'En attente', 'Pending'), value: t(lang, `${p.planned} planifiées · ${p.sent} envoyées · ${p.open} en cours`, `${p.planned} planned · ${p.sent} sent · ${p.open} being answered`) },
    { title: t(lang, 'Réponses de la semaine', 'Responses this week'), value: `${w.answers} · NPS ${signed(w.nps.nps)} · ${t(lang, 'notes basses', 'low scores')} ${w.low.length}` },
    { title: t(lang, 'NPS du mois', 'NPS this month'), value: `${signed(m.nps.nps)} · ${t(lang, 'taux de réponse', 'response rate')} ${pct(m.responseRate, lang)}` },
  ];
  return messageReply(facts.map((f) => `${f.title} : ${f.value}`).join('\n'), { title, facts, actions: buttons(lang, 'overview') });
}

/** `survey.status`: pending surveys, this week's responses, the month's NPS, or an overview. */
export function answerSurveyStatus(ctx: AnswerContext, ex?: Extracted): Reply {
  const scope = scopeOf(ctx);
  const period = ctx.entities.period;
  const view = surveyView(ex?.tokens ?? [], period);
  switch (view) {
    case 'pending':
      return answerPending(ctx, scope);
    case 'week':
      return answerWeek(ctx, scope, period?.includes('-W') ? parsePeriod(period) : periodOf(ctx.today, 'week'));
    case 'month':
      return answerMonth(ctx, scope, period && /^\d{4}-\d{2}$/.test(period) ? period : ctx.today.slice(0, 7));
    case 'overview':
      return answerOverview(ctx, scope);
  }
}
