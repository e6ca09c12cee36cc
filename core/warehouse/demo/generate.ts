/**
 * The demo warehouse: realistic, deterministic data for a given seed, "today" and size.
 * Same options → byte-identical tables (own seeded PRNG streams, no clock, no Math.random).
 */
import { z } from 'zod';
import { refreshAggregates } from '../aggregates.ts';
import { ensureCalendar, parisDate } from '../calendar.ts';
import type { Db } from '../db.ts';
import { ClientPicker, simulateActivity } from './activity.ts';
import { ContractIndex, staffUser, type AssistantContext } from './assistant.ts';
import { ChurnScoring, writeChurnHistory } from './churn-scores.ts';
import { generateClients } from './clients.ts';
import { ContractBook } from './contracts.ts';
import { dayNum, isoOf, subMonths, weekday } from './days.ts';
import type { DayInfo } from './model.ts';
import { buildTechniciens, insertTechniciens, insertUsers } from './people.ts';
import { writePlanHistory } from './plan-history.ts';
import { generatePlanning } from './planning.ts';
import { COMPANY_DOMAIN, TYPES_INTERVENTION, ZONES } from './reference.ts';
import { stream } from './rng.ts';
import { DEMO_TABLES_DELETE_ORDER, clearDemoTables, count, inserter, withIndexesDeferred } from './sql.ts';
import { writeSurveyAlerts } from './survey-alerts.ts';

export interface DemoOptions {
  readonly seed: number;
  /** YYYY-MM-DD, Europe/Paris */
  readonly today: string;
  readonly clients: number;
  readonly technicians: number;
  /** history length before today */
  readonly months: number;
  /** clear the existing domain tables first (else a non-empty warehouse is an error) */
  readonly replace?: boolean;
  /**
   * also the assistant's own history since it went live (SURVEY_MONTHS before today): weekly plans, churn scores and
   * the planner's actions, survey alerts (assistant.ts) — what the ROI card measures. Default false here (the test
   * fixtures expect a fresh install: no scores, no alerts); ensureDemoData, the app's first start, turns it on.
   */
  readonly assistant?: boolean;
}

export const DEFAULT_DEMO_OPTIONS = { seed: 42, clients: 400, technicians: 5, months: 24 } as const;

/** What `generateDemo` accepts: `today` is required, every size defaults to DEFAULT_DEMO_OPTIONS. */
export type DemoInput = Pick<DemoOptions, 'today'> & Partial<DemoOptions>;

/** Calendar days kept ahead of today in dim_temps. */
export const CALENDAR_DAYS_AHEAD = 21;
/** Page cache while loading: −N = N KiB. */
const LOAD_CACHE_KIB = -262_144;
/** The big fact tables, loaded without their indexes (re-created after). */
const BULK_TABLES = ['dim_clients', 'fact_contrats', 'fact_interventions', 'fact_satisfaction', 'fact_devis'];
/** The assistant's history tables, loaded the same way. */
const ASSISTANT_TABLES = ['planned_interventions', 'plan_suggestions', 'plan_lines', 'churn_scores', 'churn_actions', 'survey_alerts'];
/** Contract history reaches back at most 5 years before the window (4 renewals + the running period). */
const MAX_HISTORY_DAYS = 5 * 366;
/** The SMS survey started this many months before today. */
export const SURVEY_MONTHS = 12;

export interface DemoSummary {
  readonly seed: number;
  readonly today: string;
  /** first day of the simulated history */
  readonly from: string;
  /** rows per table after generation */
  readonly rows: Record<string, number>;
  readonly ms: number;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => isoOf(dayNum(s)) === s, 'not a real calendar date');

export const demoOptionsSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  today: isoDate,
  clients: z.number().int().min(20).max(200_000),
  technicians: z.number().int().min(1).max(1_000),
  months: z.number().int().min(1).max(120),
  replace: z.boolean().optional(),
  assistant: z.boolean().optional(),
});

/** The warehouse already has clients and `replace` was not asked. */
export class DemoDataExistsError extends Error {
  constructor(readonly clients: number) {
    super(`le warehouse contient déjà ${clients} clients : passez replace: true (sav demo --replace) pour les remplacer par les données de démonstration`);
  }
}

/** Fills the warehouse with demo data in one transaction, then refreshes the aggregates. */
export function generateDemo(db: Db, options: DemoInput): DemoSummary {
  const parsed = demoOptionsSchema.safeParse({ ...DEFAULT_DEMO_OPTIONS, ...options });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`options de démo invalides : ${issue.path.join('.') || 'options'} — ${issue.message}`);
  }
  const o = parsed.data;
  const started = performance.now();
  // a big page cache while loading (pages are allocated only when used), restored afterwards
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${LOAD_CACHE_KIB}`);
  try {
    db.transaction(() => fill(db, o))();
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
  const rows: Record<string, number> = {};
  for (const t of [...DEMO_TABLES_DELETE_ORDER].reverse()) rows[t] = count(db, t);
  rows.users = count(db, 'users');
  rows.dim_temps = count(db, 'dim_temps');
  return { seed: o.seed, today: o.today, from: isoOf(subMonths(dayNum(o.today), o.months)), rows, ms: Math.round(performance.now() - started) };
}

/** The whole generation, inside the caller's transaction. */
function fill(db: Db, o: DemoOptions): void {
  const existing = count(db, 'dim_clients');
  if (existing > 0 && !o.replace) {
    throw new DemoDataExistsError(existing);
  }
  clearDemoTables(db, COMPANY_DOMAIN);
  const today = dayNum(o.today);
  const from = subMonths(today, o.months);

  insertZones(db);
  insertTypes(db);
  const technicienRows = buildTechniciens(stream(o.seed, 'techniciens'), o.technicians);
  const techs = insertTechniciens(db, stream(o.seed, 'techniciens-profil'), technicienRows);
  insertUsers(db, technicienRows);

  // the calendar first: contract periods reference it (date_id), so it reaches back to the oldest one
  const calendarFrom = from - MAX_HISTORY_DAYS;
  const calendarTo = today + CALENDAR_DAYS_AHEAD;
  ensureCalendar(db, isoOf(calendarFrom), isoOf(calendarTo));
  const days = readCalendar(db, isoOf(calendarFrom), isoOf(calendarTo));

  // the assistant (survey, weekly plans, churn scoring) went live with the survey
  const surveyStart = Math.max(from, subMonths(today, SURVEY_MONTHS));
  const withAssistant = o.assistant === true;
  const { clients, scoring } = withIndexesDeferred(db, BULK_TABLES, () => {
    const book = new ContractBook(db);
    const all = generateClients(db, stream(o.seed, 'clients'), o.clients, { from, today }, book);
    if (book.earliestStart() < calendarFrom) throw new Error('contract history older than the calendar');
    // the weekly churn scores are taken while the past is simulated (their own random stream: the history does not move)
    const s = withAssistant ? new ChurnScoring(stream(o.seed, 'churn-scores'), all, surveyStart, today) : null;
    simulateActivity({ db, rng: stream(o.seed, 'activite'), days, from, today, surveyStart, clients: all, techs, book, ...(s ? { onDay: (d: number) => s.onDay(d) } : {}) });
    return { clients: all, scoring: s };
  });

  generatePlanning({
    db,
    rng: stream(o.seed, 'planning'),
    days,
    today,
    picker: new ClientPicker(stream(o.seed, 'planning-clients'), clients),
    techs,
    scale: Math.max(1, o.clients / DEFAULT_DEMO_OPTIONS.clients),
  });
  if (scoring) {
    const ctx: AssistantContext = { db, seed: o.seed, from: surveyStart, today, planner: staffUser(db, 'planning'), technicalDirector: staffUser(db, 'technical_director') };
    withIndexesDeferred(db, ASSISTANT_TABLES, () => {
      const contracts = new ContractIndex(db);
      writePlanHistory(ctx, stream(o.seed, 'plans'));
      writeChurnHistory(ctx, stream(o.seed, 'churn-actions'), scoring, contracts);
      writeSurveyAlerts(ctx, stream(o.seed, 'survey-alerts'), contracts);
    });
  }
  refreshAggregates(db, o.today);
}

/**
 * Generates the default demo when the warehouse has no client yet (first start of the app); returns
 * the summary, or `null` when there was already data.
 */
export function ensureDemoData(db: Db, options: Partial<DemoOptions> = {}): DemoSummary | null {
  if (count(db, 'dim_clients') > 0) return null;
  return generateDemo(db, { ...DEFAULT_DEMO_OPTIONS, today: parisDate(new Date()), assistant: true, ...options, replace: false });
}

function insertZones(db: Db): void {
  const insert = inserter(db, 'dim_zones', ['zone_id', 'nom_zone', 'latitude_centre', 'longitude_centre', 'rayon_km']);
  for (const z of ZONES) insert([z.zone_id, z.nom_zone, z.latitude_centre, z.longitude_centre, z.rayon_km]);
}

function insertTypes(db: Db): void {
  const insert = inserter(db, 'dim_types_intervention', [
    'type_intervention_id', 'code', 'libelle', 'specialite_requise', 'categorie', 'duree_standard_min', 'tarif_horaire', 'sous_contrat',
  ]);
  for (const t of TYPES_INTERVENTION) insert([t.type_intervention_id, t.code, t.libelle, t.specialite_requise, t.categorie, t.duree_standard_min, t.tarif_horaire, t.sous_contrat]);
}

function readCalendar(db: Db, fromIso: string, toIso: string): Map<number, DayInfo> {
  const rows = db.prepare('SELECT date_id, date, est_ferie FROM dim_temps WHERE date BETWEEN ? AND ?').all(fromIso, toIso) as {
    date_id: number;
    date: string;
    est_ferie: number;
  }[];
  const out = new Map<number, DayInfo>();
  for (const r of rows) {
    const d = dayNum(r.date);
    out.set(d, { iso: r.date, dateId: r.date_id, weekday: weekday(d), ferie: r.est_ferie === 1 });
  }
  return out;
}

