/**
 * The monthly survey analysis (issue 6): sent, answered, response rate against the 40 % goal, NPS of the month
 * and of the previous month with the trend, the top 3 dissatisfaction reasons, the closed-loop alerts, and the
 * same figures by zone and by intervention type. `reportMarkdown` renders it as a French Markdown document
 * (the file saved by the monthly job; the card is built from the same object).
 *
 * Definitions (the same as the quality dashboard, core/kpi/quality.ts):
 * - a survey is **sent** in the month of its `envoye_at` (Europe/Paris calendar date of the instant);
 * - it is **answered** when it has a `repondu_at` (at least the first answer), whenever that came: the response
 *   rate of a month is answered / sent over the surveys sent that month;
 * - the **NPS of a month** counts the surveys answered (`repondu_at`) that month with a score: % promoters (9–10)
 *   − % detractors (0–6), from −100 to +100 (core/survey/nps.ts);
 * - **reasons** are read from the surveys answered that month (see `DISSATISFACTION_REASONS`);
 * - **alerts** are the `survey_alerts` rows created that month.
 * Instants may be stored as UTC (`…Z`) or with the Paris offset: each is converted to its Paris date.
 */
import { z } from 'zod';
import { parisDate } from '../warehouse/calendar.ts';
import type { Db } from '../warehouse/db.ts';
import { parsePeriod, shiftPeriod, type Period } from '../kpi/period.ts';
import { nps, responseRate, type NpsResult } from './nps.ts';
import type { SurveyAnswerColumns } from './store.ts';
import { fold } from './text.ts';

/** The response-rate goal of the seed. */
export const RESPONSE_GOAL = 0.4;
/** Months of NPS history in the report (the month itself included). */
export const HISTORY_MONTHS = 6;

export const ALERT_KINDS = ['nps_bas', 'non_resolu', 'reponse_tardive'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * The dissatisfaction reasons and how they are recognised. Per answered survey, each reason counts at most once:
 * - a "non" to Q2 gives « Manque de professionnalisme », to Q3 « Délai non respecté », to Q4 « Problème non résolu »;
 * - the comment of Q2/Q3/Q4 is read (folded: lower case, no accents) against the patterns below when its answer
 *   was "non" or when the client is a detractor (NPS 0–6) — so "Rendez-vous respecté." after a "oui" is not a
 *   complaint. A few English words are read too (late, still broken, expensive…). Q5 (suggestions) is not read: ideas, not grievances. A comment can give several reasons
 *   ("une heure de retard sans prévenir" → Délai + Communication).
 */
export const DISSATISFACTION_REASONS: readonly { readonly reason: string; readonly patterns: readonly RegExp[] }[] = [
  {
    reason: 'Délai non respecté',
    patterns: [/\bretard/, /\battente\b/, /\battendu/, /\battendre\b/, /\bdelais?\b/, /\btard\b/, /\bdecale/, /\breporte/, /\bpas venu/, /\bjamais venu/, /\blent/, /\blate\b/, /\bwait/, /\bdelay/],
  },
  {
    reason: 'Problème non résolu',
    patterns: [/\b(pas|non|mal) resolu/, /\brevenu/, /\brevient\b/, /\bencore\b/, /\btoujours pas\b/, /\bne (fonctionne|marche|chauffe)/, /\b(fonctionne|marche|chauffe) (pas|plus)\b/, /\bsaute/, /\bpanne/, /\bdeuxieme visite/, /\brevenir\b/, /\bpersiste/, /\bstill\b/, /\bbroken\b/, /\bnot (fixed|solved|working)/],
  },
  {
    reason: 'Manque de professionnalisme',
    patterns: [/\bsoigneux/, /\bsale\b/, /\bsalete/, /\btraces?\b/, /\bimpoli/, /\bmalpoli/, /\bdesagreable/, /\bne connaissai/, /\bincompeten/, /\bbacle/, /\bamateur/, /\bmess\b/, /\brude\b/, /\bdirty\b/],
  },
  {
    reason: 'Manque d’explications ou de communication',
    patterns: [/\bexplication/, /\bexplique/, /\bprevenu/, /\bprevenir\b/, /\binjoignable/, /\bjoindre\b/, /\binformation/, /\brappel/, /\bexplain/, /\bexplanation/],
  },
  {
    reason: 'Prix ou facturation',
    patterns: [/\bchere?s?\b/, /\bprix\b/, /\btarif/, /\bfactur/, /\bcout/, /\bdevis\b/, /\bexpensive\b/, /\bprice/, /\binvoice/],
  },
];

/** The reasons in English (conversation replies to English speakers; the report itself is French). */
export const REASON_EN: Readonly<Record<string, string>> = {
  'Délai non respecté': 'Deadline not kept',
  'Problème non résolu': 'Problem not solved',
  'Manque de professionnalisme': 'Lack of professionalism',
  'Manque d’explications ou de communication': 'Lack of explanation or communication',
  'Prix ou facturation': 'Price or invoicing',
};

/** The reason given by a "non" to Q2, Q3, Q4. */
const NO_REASON = {
  professionnel: 'Manque de professionnalisme',
  delai: 'Délai non respecté',
  probleme: 'Problème non résolu',
} as const;

/** The reasons a comment text gives (see DISSATISFACTION_REASONS). */
export function commentReasons(comment: string): string[] {
  const text = fold(comment).replace(/[^a-z0-9]+/g, ' ').trim();
  if (text === '') return [];
  return DISSATISFACTION_REASONS.filter((r) => r.patterns.some((p) => p.test(text))).map((r) => r.reason);
}

export interface ReasonCount {
  reason: string;
  /** answered surveys giving this reason */
  count: number;
  /** count / surveys answered in the month (0–1) */
  share: number;
}

export interface GroupFigures {
  id: number;
  label: string;
  sent: number;
  answered: number;
  responseRate: number | null;
  /** NPS of the surveys answered in the month */
  nps: NpsResult;
}

export interface MonthlySurveyReport {
  month: string;
  previousMonth: string;
  /** first and last day of the month (YYYY-MM-DD) */
  from: string;
  to: string;
  /** null = the whole company; else the surveys of one technician's interventions */
  technicienId: number | null;
  sent: number;
  answered: number;
  /** answered / sent, 0–1; null when nothing was sent */
  responseRate: number | null;
  responseGoal: number;
  /** null when nothing was sent */
  responseGoalMet: boolean | null;
  nps: NpsResult;
  previousNps: NpsResult;
  /** NPS points against the previous month; null when either is unknown */
  npsTrend: number | null;
  /** the NPS of the last HISTORY_MONTHS months, oldest first, this month last */
  history: { month: string; nps: number | null; n: number }[];
  /** surveys answered in the month (the base of the reasons' shares) */
  answeredInMonth: number;
  /** the 3 most frequent reasons, most frequent first (ties: alphabetical) */
  topReasons: ReasonCount[];
  alerts: {
    /** false when the survey_alerts table does not exist (database before migration 7) */
    available: boolean;
    total: number;
    byKind: Record<AlertKind, number>;
    /** of those, still open */
    open: number;
  };
  byZone: GroupFigures[];
  byType: GroupFigures[];
}

export const MonthSchema = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'mois attendu au format AAAA-MM (ex. 2026-11)');

export interface ReportOptions {
  /** only the surveys of this technician's interventions */
  technicienId?: number | null;
}

interface SurveyRow extends SurveyAnswerColumns {
  technicien_id: number;
  envoye_at: string | null;
  repondu_at: string | null;
  zone_id: number | null;
  zone: string | null;
  type_id: number | null;
  type: string | null;
}

/** The Paris calendar date of a stored instant (ISO with `Z` or an offset); null when absent or unreadable. */
function dayOf(instant: string | null): string | null {
  if (instant === null) return null;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : parisDate(new Date(ms));
}

const inRange = (day: string | null, p: Pick<Period, 'from' | 'to'>): boolean => day !== null && day >= p.from && day <= p.to;

/** Widens a day range by one day each side, as text bounds for a first cut on stored instants (UTC or offset). */
function textBounds(from: string, to: string): { lo: string; hi: string } {
  const d = (iso: string, days: number): string => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return { lo: d(from, -1), hi: `${d(to, 1)}T99` };
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The answers of one survey that give its reasons (fact_satisfaction columns). */
export type ReasonAnswers = Pick<SurveyRow, 'nps' | 'professionnel' | 'professionnel_commentaire' | 'delai_respecte' | 'delai_commentaire' | 'probleme_resolu' | 'probleme_commentaire'>;

/** The dissatisfaction reasons of one answered survey (rules: DISSATISFACTION_REASONS), each once. */
export function surveyReasons(r: ReasonAnswers): Set<string> {
  const out = new Set<string>();
  const detractor = r.nps !== null && r.nps <= 6;
  const pairs: [keyof typeof NO_REASON, number | null, string | null][] = [
    ['professionnel', r.professionnel, r.professionnel_commentaire],
    ['delai', r.delai_respecte, r.delai_commentaire],
    ['probleme', r.probleme_resolu, r.probleme_commentaire],
  ];
  for (const [q, answer, comment] of pairs) {
    if (answer === 0) out.add(NO_REASON[q]);
    if (comment && (answer === 0 || detractor)) for (const reason of commentReasons(comment)) out.add(reason);
  }
  return out;
}

const scoresOf = (rows: readonly SurveyRow[]): number[] => rows.flatMap((r) => (r.nps === null ? [] : [r.nps]));

function groupBy(rows: readonly SurveyRow[], period: Period, key: (r: SurveyRow) => [number, string] | null): GroupFigures[] {
  const groups = new Map<number, { label: string; sent: SurveyRow[]; answeredIn: SurveyRow[] }>();
  for (const r of rows) {
    const k = key(r);
    if (!k) continue;
    const sentIn = inRange(dayOf(r.envoye_at), period);
    const answeredIn = inRange(dayOf(r.repondu_at), period);
    if (!sentIn && !answeredIn) continue;
    let g = groups.get(k[0]);
    if (!g) groups.set(k[0], (g = { label: k[1], sent: [], answeredIn: [] }));
    if (sentIn) g.sent.push(r);
    if (answeredIn) g.answeredIn.push(r);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, g]) => {
      const answered = g.sent.filter((r) => r.repondu_at !== null).length;
      return { id, label: g.label, sent: g.sent.length, answered, responseRate: responseRate(g.sent.length, answered), nps: nps(scoresOf(g.answeredIn)) };
    });
}

/** The survey analysis of a month (`YYYY-MM`), for the whole company or one technician. */
export function monthlySurveyReport(db: Db, month: string, options: ReportOptions = {}): MonthlySurveyReport {
  const parsed = MonthSchema.safeParse(month);
  if (!parsed.success) throw new Error(`rapport d’enquêtes : ${parsed.error.issues[0]?.message ?? 'mois invalide'} (reçu « ${String(month)} »)`);
  const period = parsePeriod(parsed.data);
  const previous = shiftPeriod(period, -1);
  const historyPeriods = Array.from({ length: HISTORY_MONTHS }, (_, i) => shiftPeriod(period, i - HISTORY_MONTHS + 1));
  const technicienId = options.technicienId ?? null;

  const { lo, hi } = textBounds(historyPeriods[0]!.from, period.to);
  const rows = db
    .prepare(
      `SELECT s.technicien_id, s.envoye_at, s.repondu_at, s.nps, s.professionnel, s.professionnel_commentaire, s.delai_respecte,
              s.delai_commentaire, s.probleme_resolu, s.probleme_commentaire,
              i.zone_id, z.nom_zone AS zone, i.type_intervention_id AS type_id, t.libelle AS type
         FROM fact_satisfaction s
         LEFT JOIN fact_interventions i ON i.intervention_id = s.intervention_id
         LEFT JOIN dim_zones z ON z.zone_id = i.zone_id
         LEFT JOIN dim_types_intervention t ON t.type_intervention_id = i.type_intervention_id
        WHERE ((s.envoye_at >= @lo AND s.envoye_at < @hi) OR (s.repondu_at >= @lo AND s.repondu_at < @hi))
          AND (@tech IS NULL OR s.technicien_id = @tech)`,
    )
    .all({ lo, hi, tech: technicienId }) as SurveyRow[];

  const sentRows = rows.filter((r) => inRange(dayOf(r.envoye_at), period));
  const sent = sentRows.length;
  const answered = sentRows.filter((r) => r.repondu_at !== null).length;
  const rate = responseRate(sent, answered);
  const answeredIn = (p: Period): SurveyRow[] => rows.filter((r) => inRange(dayOf(r.repondu_at), p));
  const monthAnswers = answeredIn(period);
  const npsNow = nps(scoresOf(monthAnswers));
  const npsPrev = nps(scoresOf(answeredIn(previous)));

  const counts = new Map<string, number>();
  for (const r of monthAnswers) for (const reason of surveyReasons(r)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const topReasons = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'))
    .slice(0, 3)
    .map(([reason, count]) => ({ reason, count, share: count / monthAnswers.length }));

  return {
    month: period.key,
    previousMonth: previous.key,
    from: period.from,
    to: period.to,
    technicienId,
    sent,
    answered,
    responseRate: rate,
    responseGoal: RESPONSE_GOAL,
    responseGoalMet: rate === null ? null : rate >= RESPONSE_GOAL,
    nps: npsNow,
    previousNps: npsPrev,
    npsTrend: npsNow.nps !== null && npsPrev.nps !== null ? npsNow.nps - npsPrev.nps : null,
    history: historyPeriods.map((p) => {
      const r = nps(scoresOf(answeredIn(p)));
      return { month: p.key, nps: r.nps, n: r.n };
    }),
    answeredInMonth: monthAnswers.length,
    topReasons,
    alerts: alertsOf(db, period, technicienId),
    byZone: groupBy(rows, period, (r) => (r.zone_id === null ? null : [r.zone_id, r.zone ?? `Zone ${r.zone_id}`])),
    byType: groupBy(rows, period, (r) => (r.type_id === null ? null : [r.type_id, r.type ?? `Type ${r.type_id}`])),
  };
}

function alertsOf(db: Db, period: Period, technicienId: number | null): MonthlySurveyReport['alerts'] {
  const byKind: Record<AlertKind, number> = { nps_bas: 0, non_resolu: 0, reponse_tardive: 0 };
  if (!tableExists(db, 'survey_alerts')) return { available: false, total: 0, byKind, open: 0 };
  const { lo, hi } = textBounds(period.from, period.to);
  const list = db
    .prepare(
      `SELECT a.kind, a.statut, a.created_at FROM survey_alerts a
         LEFT JOIN fact_satisfaction s ON s.satisfaction_id = a.satisfaction_id
        WHERE a.created_at >= @lo AND a.created_at < @hi AND (@tech IS NULL OR s.technicien_id = @tech)`,
    )
    .all({ lo, hi, tech: technicienId }) as { kind: string; statut: string; created_at: string }[];
  let total = 0;
  let open = 0;
  for (const a of list) {
    if (!inRange(dayOf(a.created_at), period)) continue;
    total++;
    if (a.statut === 'ouverte') open++;
    if ((ALERT_KINDS as readonly string[]).includes(a.kind)) byKind[a.kind as AlertKind]++;
  }
  return { available: true, total, byKind, open };
}

// ───────────────────────────── Markdown (French) ─────────────────────────────

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "2026-11" → "novembre 2026" */
export function monthLabelFr(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTHS_FR[Number(m) - 1] ?? m} ${y}`;
}

const num = (x: number, digits = 1): string =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(x).replace(/[\u202f\u00a0]/g, ' ');

/** 0.375 → "37,5 %" */
export const pctFr = (x: number | null): string => (x === null ? '—' : `${num(x * 100)} %`);

/** NPS with its sign, rounded: "+33", "−20", "0", "—". */
export function npsFr(x: number | null): string {
  if (x === null) return '—';
  const r = Math.round(x);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
}

/** NPS points: "+12 points", "−5 points", "stable". */
export function trendFr(x: number | null): string {
  if (x === null) return 'non calculable';
  const r = Math.round(x);
  return r === 0 ? 'stable' : `${r > 0 ? '+' : '−'}${Math.abs(r)} point${Math.abs(r) > 1 ? 's' : ''}`;
}

/** "de novembre", "d’octobre" */
const deFr = (s: string): string => (/^[aeiouyéèâ]/i.test(s) ? `d’${s}` : `de ${s}`);

const plural = (n: number, one: string, many: string = `${one}s`): string => `${n} ${n > 1 ? many : one}`;

const ALERT_LABELS: Record<AlertKind, string> = {
  nps_bas: 'client mécontent (NPS < 7)',
  non_resolu: 'problème non résolu (ré-intervention gratuite)',
  reponse_tardive: 'réponse après clôture',
};

function npsDetail(r: NpsResult): string {
  if (r.n === 0) return 'aucune note';
  return `${plural(r.n, 'note')} : ${plural(r.promoters, 'promoteur')}, ${plural(r.passives, 'passif')}, ${plural(r.detractors, 'détracteur')}`;
}

function groupTable(title: string, head: string, groups: readonly GroupFigures[]): string[] {
  if (groups.length === 0) return [];
  return [
    `## ${title}`,
    '',
    `| ${head} | Envoyées | Réponses | Taux de réponse | NPS (notes) |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...groups.map((g) => `| ${escapeCell(g.label)} | ${g.sent} | ${g.answered} | ${pctFr(g.responseRate)} | ${npsFr(g.nps.nps)} (${g.nps.n}) |`),
    '',
  ];
}

const escapeCell = (s: string): string => s.replace(/\|/g, '\\|');

/** The report as a French Markdown document. */
export function reportMarkdown(report: MonthlySurveyReport): string {
  const r = report;
  const label = monthLabelFr(r.month);
  const goal = `${num(r.responseGoal * 100)} %`;
  const goalText = r.responseGoalMet === null ? 'aucune enquête envoyée' : r.responseGoalMet ? `objectif ${goal} atteint` : `objectif ${goal} non atteint`;
  const lines: string[] = [
    `# Enquêtes de satisfaction — ${label}`,
    '',
    r.technicienId === null ? 'Périmètre : toute l’entreprise.' : `Périmètre : les interventions du technicien n° ${r.technicienId}.`,
    '',
    '## Synthèse',
    '',
    '| Indicateur | Valeur |',
    '| --- | --- |',
    `| Enquêtes envoyées | ${r.sent} |`,
    `| Enquêtes ayant reçu une réponse | ${r.answered} |`,
    `| Taux de réponse | ${pctFr(r.responseRate)} (${goalText}) |`,
    `| NPS du mois | ${npsFr(r.nps.nps)} (${npsDetail(r.nps)}) |`,
    `| NPS ${deFr(monthLabelFr(r.previousMonth))} | ${npsFr(r.previousNps.nps)} (${npsDetail(r.previousNps)}) |`,
    `| Tendance du NPS | ${trendFr(r.npsTrend)} |`,
    `| Alertes de la boucle fermée | ${r.alerts.available ? `${r.alerts.total} (dont ${r.alerts.open} encore ouverte${r.alerts.open > 1 ? 's' : ''})` : 'non disponibles (table survey_alerts absente)'} |`,
    '',
    '## Top 3 des motifs d’insatisfaction',
    '',
  ];
  if (r.topReasons.length === 0) lines.push(r.answeredInMonth === 0 ? 'Aucune réponse ce mois-ci.' : 'Aucun motif d’insatisfaction relevé dans les réponses du mois.');
  else r.topReasons.forEach((x, i) => lines.push(`${i + 1}. **${x.reason}** — ${plural(x.count, 'réponse')} (${pctFr(x.share)} des ${plural(r.answeredInMonth, 'réponse')} du mois)`));
  lines.push('');
  if (r.alerts.available) {
    lines.push('## Alertes', '', '| Type | Nombre |', '| --- | ---: |');
    for (const k of ALERT_KINDS) lines.push(`| ${ALERT_LABELS[k]} | ${r.alerts.byKind[k]} |`);
    lines.push('');
  }
  lines.push('## Évolution du NPS', '', '| Mois | NPS | Notes |', '| --- | ---: | ---: |');
  for (const h of r.history) lines.push(`| ${monthLabelFr(h.month)} | ${npsFr(h.nps)} | ${h.n} |`);
  lines.push('');
  lines.push(...groupTable('Par zone', 'Zone', r.byZone), ...groupTable('Par type d’intervention', 'Type', r.byType));
  lines.push(
    '## Méthode',
    '',
    '- Une enquête compte dans le mois de son envoi ; le taux de réponse rapporte celles qui ont reçu au moins une réponse (à ce jour) aux envoyées.',
    '- Le NPS du mois porte sur les notes reçues dans le mois : % de promoteurs (9–10) − % de détracteurs (0–6), de −100 à +100.',
    '- Les motifs viennent des « non » aux questions 2 (professionnalisme), 3 (délai) et 4 (problème résolu) et des mots-clés des commentaires ; chaque motif compte une fois par réponse.',
    '',
  );
  return lines.join('\n');
}
