import type { Db } from '../warehouse/db.ts';
import { stmt } from '../warehouse/statements.ts';
import { DATE_WORDS } from './dates.ts';
import { KEYWORD_WORDS } from './intents.ts';
import { COMMON_WORDS, tokenize, withinOneEdit } from './text.ts';

/** A technician as the name matcher sees it. */
export interface TechnicianName {
  id: number;
  /** "Prénom Nom" */
  name: string;
  first: string[];
  last: string[];
}

type TechnicianRow = { id: number; prenom: string; nom: string };

/** The folded list last built per connection, and the rows it was built from (a change of rows rebuilds it). */
const folded = new WeakMap<object, { key: string; list: readonly TechnicianName[] }>();

/**
 * Every technician of dim_techniciens (active or not), folded for matching. The rows are read on every call (a
 * cached statement, a handful of rows) so a change is seen at once; folding them again is skipped when they are
 * the same as last time. The array is the caller's; the technicians in it are shared and must not be changed.
 */
export function loadTechnicians(db: Db): TechnicianName[] {
  const rows = stmt(db, 'SELECT technicien_id AS id, prenom, nom FROM dim_techniciens ORDER BY technicien_id').all() as TechnicianRow[];
  const key = JSON.stringify(rows.map((r) => [r.id, r.prenom, r.nom]));
  const cached = folded.get(db);
  if (cached && cached.key === key) return [...cached.list];
  const list = rows.map((r) => ({ id: r.id, name: `${r.prenom} ${r.nom}`, first: tokenize(r.prenom), last: tokenize(r.nom) }));
  folded.set(db, { key, list });
  return [...list];
}

/** Names of at least this many letters tolerate one typo (Damerau-Levenshtein ≤ 1). */
export const NAME_FUZZY_MIN = 5;

/** A typed beginning of a long name stands for it ("gaet" for Gaëtan, "benal" for Benali): at least this many letters… */
const NAME_PREFIX_MIN = 4;
/** …of a name of at least this many letters. */
const NAME_PREFIX_OF = 6;

/** Everyday short forms of French first names, as colleagues type them ("Tom" for Thomas). */
const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  thomas: ['tom', 'tommy', 'thom'],
  nicolas: ['nico'],
  alexandre: ['alex'],
  alexis: ['alex'],
  sebastien: ['seb'],
  frederic: ['fred'],
  christophe: ['chris'],
  christian: ['chris'],
  stephane: ['steph'],
  julien: ['juju'],
  matthieu: ['matt'],
  mathieu: ['matt'],
  anthony: ['tony'],
  guillaume: ['guigui'],
  jeremy: ['jerem'],
  benoit: ['ben'],
  dominique: ['dom'],
  francois: ['francky'],
  jean: ['jeannot'],
  valentin: ['valou'],
};

/** 2 for an exact word or a nickname, 1 for a typo or a beginning, 0 for no match. */
function wordScore(token: string, word: string): number {
  if (token === word) return 2;
  if (NICKNAMES[word]?.includes(token)) return 2;
  if (word.length < NAME_FUZZY_MIN || COMMON_WORDS.has(token) || KEYWORD_WORDS.has(token) || DATE_WORDS.has(token)) return 0;
  if (token.length >= NAME_PREFIX_MIN && word.length >= NAME_PREFIX_OF && word.startsWith(token)) return 1;
  return Math.abs(token.length - word.length) <= 1 && withinOneEdit(token, word) ? 1 : 0;
}

/** Best score of a (possibly multi-word) name part in the tokens, and where it was found. */
function partScore(tokens: readonly string[], part: readonly string[]): { score: number; at: number[] } {
  let best = { score: 0, at: [] as number[] };
  if (part.length === 0) return best;
  for (let i = 0; i + part.length <= tokens.length; i++) {
    let score = 0;
    for (let k = 0; k < part.length; k++) {
      const s = wordScore(tokens[i + k]!, part[k]!);
      if (s === 0) {
        score = 0;
        break;
      }
      score += s;
    }
    if (score > best.score) best = { score, at: part.map((_, k) => i + k) };
  }
  return best;
}

export interface NameMatch {
  /** the one technician named, if exactly one matches best */
  technician?: { id: number; name: string };
  /** technicians equally matched when the name is ambiguous (e.g. a shared first name) */
  candidates: { id: number; name: string }[];
  /** token indexes that were read as a name */
  nameTokens: Set<number>;
}

/** Finds the technician named in the tokens by first name, last name or both; typos tolerated on names ≥ 5 letters. */
export function findTechnician(tokens: readonly string[], technicians: readonly TechnicianName[]): NameMatch {
  const scored = technicians
    .map((t) => {
      const first = partScore(tokens, t.first);
      const last = partScore(tokens, t.last);
      return { t, score: first.score + last.score, at: [...first.at, ...last.at] };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const top = scored[0];
  if (!top) return { candidates: [], nameTokens: new Set() };
  const tied = scored.filter((x) => x.score === top.score);
  const nameTokens = new Set(tied.flatMap((x) => x.at));
  if (tied.length > 1) return { candidates: tied.map((x) => ({ id: x.t.id, name: x.t.name })), nameTokens };
  return { technician: { id: top.t.id, name: top.t.name }, candidates: [], nameTokens };
}

const SELF_WORDS = new Set(['ma', 'mes', 'mon', 'moi', 'je', 'j', 'my', 'mine', 'i', 'im', 'me']);

/** Whether the speaker talks about themself ("ma tournée", "mes km", "my route", "where am I going"). */
export function mentionsSelf(tokens: readonly string[]): boolean {
  return tokens.some((t) => SELF_WORDS.has(t));
}
