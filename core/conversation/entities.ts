import type { Db } from '../warehouse/db.ts';
import { extractDates } from './dates.ts';
import { findTechnician, loadTechnicians, mentionsSelf } from './names.ts';
import { COMMON_WORDS, sameWord, tokenize } from './text.ts';
import type { Dashboard, Entities } from './types.ts';

/** Words that point to a KPI dashboard (folded). The first dashboard with a match wins, in this order. */
const DASHBOARD_WORDS: readonly (readonly [Dashboard, readonly string[]])[] = [
  ['finance', ['finance', 'finances', 'financier', 'financiers', 'financiere', 'financial', 'ca', 'affaires', 'affaire', 'daffaires', 'revenue', 'turnover', 'sales', 'roi', 'gains', 'savings',
    'conversion', 'devis', 'quotes', 'quote', 'marge', 'margin', 'facturation', 'refacturation', 'depassement', 'depassements',
    'rentabilite', 'profitability', 'euros', 'argent', 'money', 'cash', 'invoicing', 'billing']],
  ['quality', ['qualite', 'quality', 'nps', 'satisfaction', 'reclamation', 'reclamations', 'complaints', 'conformite', 'compliance', 'ftf',
    'first', 'resolution']],
  ['technicians', ['technicien', 'techniciens', 'technician', 'technicians', 'tech', 'techs', 'km', 'kms', 'kilometres', 'kilometre',
    'kilometrage', 'mileage', 'miles', 'productivite', 'productivity', 'equipe', 'team']],
  ['planning', ['planning', 'planification', 'charge', 'occupation', 'utilisation', 'scheduling', 'backlog']],
  ['direction', ['direction', 'dirigeant', 'dirigeants', 'management', 'executive', 'global', 'general', 'synthese', 'overview', 'summary']],
];

/** The dashboard a KPI question is about, or undefined when it names none. */
export function findDashboard(tokens: readonly string[], raw: string): Dashboard | undefined {
  if (/\bCA\b/.test(raw)) return 'finance';
  for (const [dashboard, words] of DASHBOARD_WORDS) {
    const hit = tokens.some((t) => words.some((w) => (w === 'ca' ? false : t === w || (!COMMON_WORDS.has(t) && sameWord(t, w, 7)))));
    if (hit) return dashboard;
  }
  // "ca" folded may be "ça": only as "le CA", "CA du/de/ce mois"
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'ca') continue;
    if (['le', 'notre', 'du', 'mon'].includes(tokens[i - 1] ?? '') || ['du', 'de', 'ce', 'mensuel', 'total', 'annuel'].includes(tokens[i + 1] ?? '')) return 'finance';
  }
  return undefined;
}

/** What the entity reader found, plus what the intent scorer needs to know about it. */
export interface Extracted {
  entities: Entities;
  tokens: string[];
  /** the message as typed ("CA" in capitals is the revenue, "ça" folded is not) */
  text: string;
  /** tokens without the technician's name (so a name never counts as a keyword) */
  keywordTokens: string[];
  selfReference: boolean;
  /** technicians tied on an ambiguous name */
  candidates: { id: number; name: string }[];
}

/** Titles before a person's name: the word after one is a name ("M. Martin"), never a keyword ("margin"). */
const HONORIFICS = new Set(['m', 'mr', 'mme', 'mlle', 'monsieur', 'madame', 'mademoiselle', 'mrs', 'ms', 'miss', 'dr', 'docteur']);

/** Technician (by name), date and period of a message. The dashboard is read later, for KPI questions only. */
export function extractEntities(db: Db, text: string, now: Date): Extracted {
  const tokens = tokenize(text);
  const names = findTechnician(tokens, loadTechnicians(db));
  const entities: Entities = { ...extractDates(text, now) };
  if (names.technician) entities.technician = names.technician;
  return {
    entities,
    tokens,
    text,
    keywordTokens: tokens.filter((_, i) => !names.nameTokens.has(i) && !HONORIFICS.has(tokens[i - 1] ?? '')),
    selfReference: mentionsSelf(tokens),
    candidates: names.candidates,
  };
}
