import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import type { CardJson } from '../core/conversation/types.ts';
import type { DirectionCardData, DonutSection, FinanceCardData, KpiCardData, PlanningCardData, QualityCardData, RoiCardData, SeriesSection, TechniciansCardData, Tile } from './charts/types.ts';

export { checkCard } from './check.ts';
export type * from './charts/types.ts';

/** The KPI cards (issue 8): one per dashboard, one KPI alone, the ROI (their samples and checks: core/kpi/view/cards.spec.ts). */
export const KPI_CARD_NAMES = ['dashboard-direction', 'dashboard-planning', 'dashboard-technicians', 'dashboard-quality', 'dashboard-finance', 'kpi', 'kpi-roi'] as const;

/** One Action.Execute button: Teams sends `verb` and `data` back to the bot. */
export interface ExecuteButton {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** cards/message.json: a titled text, optional facts and buttons (refusals, questions, "coming soon"). */
export interface MessageCardData {
  /** '' for no title */
  title: string;
  text: string;
  /** Adaptive Card text colour: Default, Attention, Warning, Good… */
  color: 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent';
  facts: { title: string; value: string }[];
  actions: ExecuteButton[];
}

/**
 * cards/route.json: a technician's day, every value already formatted for display. The optional parts (the
 * optimised tour) are left out of the card when absent; `unfitted` and `moreLinks` are given only when not empty.
 */
export interface RouteCardData {
  title: string;
  subtitle: string;
  technicienId: number;
  date: string;
  /** "2,1 km économisés sur l’ordre prévu" */
  savings?: string;
  stops: { ordre: string; client: string; adresse: string; fenetre: string; type: string; duree: string; km: string; horaire?: string; moved?: string }[];
  unfitted?: { client: string; reason: string }[];
  kmReturn: string;
  kmTotal: string;
  drive?: string;
  back?: string;
  work: string;
  /** "Cette semaine : 182 km, −18 % vs plan" */
  week?: string;
  /** the first directions link (the action bar); the next ones when the day is split */
  mapsUrl: string;
  moreLinks?: { title: string; url: string }[];
  labels: {
    window: string; type: string; duration: string; km: string; return: string; total: string; work: string; refresh: string; maps: string;
    schedule?: string; moved?: string; unfitted?: string; drive?: string; back?: string;
  };
}

/** cards/help.json: what the bot can do, each example a button that asks it (verb 'ask'). */
export interface HelpCardData {
  title: string;
  intro: string;
  sections: { title: string; description: string; examples: { label: string; text: string }[] }[];
}

/** Labels of the churn cards' buttons and facts, in the reader's language. */
export interface ChurnCardLabels {
  score: string;
  action: string;
  phone: string;
  reasons: string;
  called: string;
  offer: string;
  ignore: string;
}

/** cards/churn-list.json: the clients at risk, each with score, reasons, suggested action, phone ('' = hidden), buttons. */
export interface ChurnListCardData {
  title: string;
  subtitle: string;
  clients: { clientId: number; name: string; score: string; risque: string; color: 'Attention' | 'Warning' | 'Good'; reasons: string; action: string; telephone: string }[];
  footer: string;
  labels: ChurnCardLabels;
}

/** cards/churn-alert.json: one client entering the Élevé risk, for the planner (proactive message). */
export interface ChurnAlertCardData {
  title: string;
  clientId: number;
  name: string;
  score: string;
  risque: string;
  action: string;
  /** '' = hidden */
  telephone: string;
  reasons: string[];
  labels: ChurnCardLabels;
}

export interface CardData {
  message: MessageCardData;
  route: RouteCardData;
  help: HelpCardData;
  'churn-list': ChurnListCardData;
  'churn-alert': ChurnAlertCardData;
  'dashboard-direction': DirectionCardData;
  'dashboard-planning': PlanningCardData;
  'dashboard-technicians': TechniciansCardData;
  'dashboard-quality': QualityCardData;
  'dashboard-finance': FinanceCardData;
  kpi: KpiCardData;
  'kpi-roi': RoiCardData;
  plan: PlanCardData;
  'plan-pending': PlanPendingCardData;
  'survey-alert': SurveyAlertCardData;
  'survey-report': SurveyReportCardData;
}

/** cards/plan.json: a suggested weekly plan (per technician per day), its gain, its status and the decision buttons. */
export interface PlanCardData {
  title: string;
  status: string;
  statusColor: MessageCardData['color'];
  summary: string;
  gains: { title: string; value: string }[];
  technicians: { name: string; total: string; days: { day: string; detail: string }[] }[];
  unplannedTitle: string;
  unplanned: { label: string; reason: string }[];
  actions: ExecuteButton[];
}

/** cards/plan-pending.json: the interventions waiting to be planned, by urgency and due date. */
export interface PlanPendingCardData {
  title: string;
  subtitle: string;
  items: { label: string; detail: string; color: MessageCardData['color'] }[];
  actions: ExecuteButton[];
}
/**
 * cards/survey-alert.json: one alert of the survey's closed loop (a detractor to call within 24 h, a problem not
 * solved and its free re-intervention, a reply after the survey closed), then, once handled, who did it and when.
 * Every value is ready to display; '' hides the subtitle, the comment and the status; `actions` empty = no button.
 */
export interface SurveyAlertCardData {
  title: string;
  color: MessageCardData['color'];
  subtitle: string;
  /** what to do: "Appel sous 24 h", "Ré-intervention gratuite n° 12 créée…" */
  action: string;
  facts: { title: string; value: string }[];
  reasonsTitle: string;
  reasons: string[];
  commentTitle: string;
  comment: string;
  status: string;
  statusColor: MessageCardData['color'];
  actions: ExecuteButton[];
}

/** cards/survey-report.json: the month's survey analysis for the direction (NPS, response rate, top reasons). */
export interface SurveyReportCardData {
  title: string;
  subtitle: string;
  tiles: Tile[];
  /** promoters / passives / detractors */
  split: DonutSection;
  /** the NPS month by month */
  history: SeriesSection;
  reasonsTitle: string;
  /** shown when `reasons` is empty */
  noReasons: string;
  reasons: { rank: string; label: string; detail: string }[];
  footer: string;
}

export type CardName = keyof CardData;
export const CARD_NAMES: readonly CardName[] = ['message', 'route', 'help', 'churn-list', 'churn-alert', 'plan', 'plan-pending', 'survey-alert', 'survey-report'];

const templates = new Map<CardName, Template>();

function template(name: CardName): Template {
  let tpl = templates.get(name);
  if (!tpl) {
    const json: unknown = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
    tpl = new Template(json);
    templates.set(name, tpl);
  }
  return tpl;
}

/** Expands the card template `cards/<name>.json` with the data (adaptivecards-templating); plain JSON out. */
export function renderCard<N extends CardName>(name: N, data: CardData[N]): CardJson {
  const expanded: unknown = template(name).expand({ $root: data });
  // The expansion is fresh plain data (nothing shared with the template or an earlier card); a JSON round trip
  // (a third of a card's cost) only when it holds something JSON would not keep as is.
  return (isPlainJson(expanded) ? expanded : JSON.parse(JSON.stringify(expanded))) as CardJson;
}

/** True when `v` is made only of plain objects, arrays, strings, finite numbers, booleans and null. */
export function isPlainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isPlainJson);
  if (typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in v) if (!isPlainJson((v as Record<string, unknown>)[key])) return false;
  return true;
}

/**
 * Prepares every card template once, a template per turn of the event loop: the first expansion of a template
 * (and of the templating library itself) costs 20–70 ms, later ones a few ms. The bot calls it once listening,
 * so no user's first plan or churn card pays it on the main thread. Returns the templates prepared and the time.
 */
export async function warmCards(names: readonly CardName[] = [...CARD_NAMES, ...KPI_CARD_NAMES]): Promise<{ prepared: CardName[]; ms: number }> {
  let ms = 0;
  const prepared: CardName[] = [];
  for (const name of names) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    const tpl = template(name); // a missing or broken template file throws: that is a bug to see
    try {
      tpl.expand({ $root: {} });
    } catch {
      // an empty data set may not expand: the template is parsed and the library warm all the same
    }
    ms += performance.now() - t0;
    prepared.push(name);
  }
  return { prepared, ms };
}
