/**
 * `survey.monthly` (recurring, the 1st at 08:00): the survey analysis of the month just ended — NPS and its
 * trend, response rate against the 40 % goal, top 3 dissatisfaction reasons — saved as Markdown in
 * `<reportDir>/enquete-YYYY-MM.md` and sent to the direction as a card, in each reader's language.
 * The file is written whole (temporary file, then renamed) and again on a retry; one outbox key per month and
 * recipient, so a retry or a second process sends nothing twice.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderCard, type SurveyReportCardData } from '../../cards/index.ts';
import type { ChartColor, TextColor, Tile } from '../../cards/charts/types.ts';
import type { CardJson, Lang } from '../../core/conversation/types.ts';
import type { JobHandler } from '../../core/jobs/index.ts';
import { monthlySurveyReport, reportMarkdown, type MonthlySurveyReport } from '../../core/survey/report.ts';
import { deliverAll, payloadDate, usersWithRole, type Delivery } from './deliver.ts';
import type { SurveyJobDeps } from './survey.ts';

export const SURVEY_MONTHLY_KIND = 'survey.monthly';

/** "2026-12-01" → "2026-11" */
export function previousMonth(isoDate: string): string {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const reportFileName = (month: string): string => `enquete-${month}.md`;

/** Writes the report file whole: a reader never sees half of it. Returns its path. */
export function writeReportFile(dir: string, month: string, markdown: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, reportFileName(month));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, markdown, 'utf8');
  renameSync(tmp, path);
  return path;
}

const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  frShort: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  enShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;

const monthLabel = (month: string, lang: Lang): string => {
  const [y, m] = month.split('-');
  return `${MONTHS[lang][Number(m) - 1] ?? m} ${y}`;
};
const monthShort = (month: string, lang: Lang): string => {
  const [y, m] = month.split('-');
  return `${MONTHS[lang === 'fr' ? 'frShort' : 'enShort'][Number(m) - 1] ?? m} ${y?.slice(2)}`;
};

/** The report's French reason labels in English. */
const REASONS_EN: Record<string, string> = {
  'Délai non respecté': 'Deadline not kept',
  'Problème non résolu': 'Problem not solved',
  'Manque de professionnalisme': 'Lack of professionalism',
  'Manque d’explications ou de communication': 'Lack of explanation or communication',
  'Prix ou facturation': 'Price or invoicing',
};

const t = (lang: Lang, fr: string, en: string): string => (lang === 'fr' ? fr : en);
const pct = (x: number, lang: Lang): string => `${new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0 }).format(x * 100)}${lang === 'fr' ? ' %' : '%'}`;
const signed = (x: number): string => {
  const r = Math.round(x);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
};
const npsColor = (x: number | null): TextColor => (x === null ? 'Default' : x >= 30 ? 'Good' : x >= 0 ? 'Warning' : 'Attention');

/** The card of the report for one language (figures from the same object as the file). */
export function surveyReportCard(r: MonthlySurveyReport, lang: Lang, filePath: string | null): CardJson {
  const prev = monthLabel(r.previousMonth, lang);
  const trend =
    r.npsTrend === null
      ? ''
      : Math.round(r.npsTrend) === 0
        ? t(lang, `stable vs ${prev}`, `flat vs ${prev}`)
        : `${r.npsTrend > 0 ? '▲' : '▼'} ${signed(r.npsTrend)} ${t(lang, 'pts vs', 'pts vs')} ${prev}`;
  const goal = pct(r.responseGoal, lang);
  const tiles: Tile[] = [
    { label: 'NPS', value: r.nps.nps === null ? '—' : signed(r.nps.nps), color: npsColor(r.nps.nps), trend, goal: t(lang, `${r.nps.n} note(s)`, `${r.nps.n} score(s)`) },
    {
      label: t(lang, 'Taux de réponse', 'Response rate'),
      value: r.responseRate === null ? '—' : pct(r.responseRate, lang),
      color: r.responseGoalMet === null ? 'Default' : r.responseGoalMet ? 'Good' : 'Attention',
      trend: t(lang, `${r.answered} / ${r.sent} enquêtes`, `${r.answered} / ${r.sent} surveys`),
      goal: t(lang, `objectif ${goal}`, `goal ${goal}`),
    },
    {
      label: t(lang, 'Alertes', 'Alerts'),
      value: r.alerts.available ? String(r.alerts.total) : '—',
      color: r.alerts.open > 0 ? 'Warning' : 'Default',
      trend: r.alerts.available ? t(lang, `${r.alerts.open} encore ouverte(s)`, `${r.alerts.open} still open`) : '',
      goal: '',
    },
  ];
  const splitData: { legend: string; value: number; color: ChartColor }[] = [
    { legend: t(lang, 'Promoteurs (9–10)', 'Promoters (9–10)'), value: r.nps.promoters, color: 'good' },
    { legend: t(lang, 'Passifs (7–8)', 'Passives (7–8)'), value: r.nps.passives, color: 'warning' },
    { legend: t(lang, 'Détracteurs (0–6)', 'Detractors (0–6)'), value: r.nps.detractors, color: 'attention' },
  ];
  const points = r.history.filter((h) => h.nps !== null).map((h) => ({ x: monthShort(h.month, lang), y: Math.round(h.nps!) }));
  const data: SurveyReportCardData = {
    title: t(lang, `Enquêtes de satisfaction — ${monthLabel(r.month, lang)}`, `Satisfaction surveys — ${monthLabel(r.month, lang)}`),
    subtitle: t(lang, `${r.sent} enquête(s) envoyée(s) · ${r.answeredInMonth} réponse(s) reçue(s) dans le mois`, `${r.sent} survey(s) sent · ${r.answeredInMonth} answer(s) received in the month`),
    tiles,
    split: { show: r.nps.n > 0, title: t(lang, 'Répartition des notes', 'Scores'), note: '', value: String(r.nps.n), data: splitData },
    history: {
      show: points.length >= 2,
      title: t(lang, `NPS des ${r.history.length} derniers mois`, `NPS over the last ${r.history.length} months`),
      note: '',
      xAxisTitle: t(lang, 'Mois', 'Month'),
      yAxisTitle: 'NPS',
      data: [{ legend: 'NPS', color: 'categoricalBlue', values: points }],
    },
    reasonsTitle: t(lang, 'Top 3 des motifs d’insatisfaction', 'Top 3 dissatisfaction reasons'),
    noReasons: r.answeredInMonth === 0 ? t(lang, 'Aucune réponse ce mois-ci.', 'No answer this month.') : t(lang, 'Aucun motif d’insatisfaction relevé.', 'No dissatisfaction reason found.'),
    reasons: r.topReasons.map((x, i) => ({
      rank: String(i + 1),
      label: lang === 'fr' ? x.reason : (REASONS_EN[x.reason] ?? x.reason),
      detail: t(lang, `${x.count} réponse(s) · ${pct(x.share, lang)} des réponses`, `${x.count} answer(s) · ${pct(x.share, lang)} of answers`),
    })),
    footer: filePath ? t(lang, `Rapport complet (par zone et par type) : ${filePath}`, `Full report (by zone and type): ${filePath}`) : '',
  };
  return renderCard('survey-report', data);
}

/** One line for a text-only channel. */
function reportText(r: MonthlySurveyReport, lang: Lang): string {
  const npsValue = r.nps.nps === null ? '—' : signed(r.nps.nps);
  const rate = r.responseRate === null ? '—' : pct(r.responseRate, lang);
  return t(
    lang,
    `Enquêtes de ${monthLabel(r.month, 'fr')} : NPS ${npsValue}, taux de réponse ${rate} (objectif ${pct(r.responseGoal, 'fr')}).`,
    `Surveys of ${monthLabel(r.month, 'en')}: NPS ${npsValue}, response rate ${rate} (goal ${pct(r.responseGoal, 'en')}).`,
  );
}

export function surveyMonthlyHandler(deps: SurveyJobDeps): JobHandler {
  return async (job, ctx) => {
    if (!deps.survey) return { status: 'skipped', reason: 'survey not configured (config.survey absent)' };
    const p = payloadDate(job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const month = previousMonth(p.date);
    const report = monthlySurveyReport(deps.db, month);
    const path = writeReportFile(resolve(deps.survey.reportDir), month, reportMarkdown(report));
    const shown = join(deps.survey.reportDir, reportFileName(month));
    ctx.extendLease();
    const deliveries = usersWithRole(deps.db, 'direction').map(
      (u): Delivery => ({ target: { userId: u.userId }, who: u.email, reply: { text: reportText(report, u.langue), card: surveyReportCard(report, u.langue, shown) }, key: `survey.monthly:${month}:user:${u.userId}` }),
    );
    const outcome = await deliverAll(deps, job, ctx, 'monthly survey report', deliveries);
    deps.log?.info({ job: job.key, month, file: path }, 'monthly survey report saved');
    return outcome.status === 'done' ? { status: 'done', note: `${month}: file ${shown}; ${outcome.note ?? ''}` } : outcome;
  };
}
