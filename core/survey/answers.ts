import { cleanReply, collapse, tokenize, type Token } from './text.ts';

/**
 * Parsing of the clients' SMS replies (French and English), as a small grammar over folded tokens:
 *
 *   reply   := command | lead rest            (command: the whole message is STOP/START and polite filler)
 *   lead    := (filler | verdict | connector verdict)*   — for yes/no questions
 *   lead    := filler* score ("/" 10 | "sur" 10 | "out of" 10)?  — for the 0–10 question
 *   rest    := anything: kept as the comment
 *
 * When the lead finds nothing, a scan of the whole reply decides, only if it is one-sided (every verdict
 * phrase, after negation, points the same way; every number is the same). Anything else is "unclear" and the
 * engine asks again once. Choices for the ambiguous cases:
 * - "8,5" (a decimal): rounded DOWN to 8 — never inflate the NPS, and a 6,5 counts as a detractor so the
 *   closed loop calls the client rather than miss an unhappy one.
 * - "entre 7 et 8", "7-8", "7 ou 8", two different numbers: unclear (asked again).
 * - "un"/"one" count as 1 only when no other number is there ("un 9" → 9).
 * - "x/20", "x/5": unclear, the scale must be out of 10.
 * - "oui et non", yes and no both in the reply: unclear.
 * - "en partie", "pas complètement", "bof": no (not fully solved / not quite).
 */

export type QuestionId = 'q1' | 'q2' | 'q3' | 'q4' | 'q5';
export const QUESTION_IDS: readonly QuestionId[] = ['q1', 'q2', 'q3', 'q4', 'q5'];

/** Suggestions longer than this are cut (and the client is told). */
export const MAX_SUGGESTION_CHARS = 500;

export type FailureCode = 'empty' | 'no_number' | 'out_of_range' | 'ambiguous' | 'bad_scale' | 'no_yes_no';

export type ParseResult =
  | { readonly ok: true; readonly value: number | boolean | string; readonly comment?: string; readonly truncated?: true }
  | { readonly ok: false; readonly reason: string; readonly code: FailureCode }
  | { readonly command: 'stop' | 'start' };

// ─────────────────────────────── lexicon ───────────────────────────────

type Polarity = 1 | -1;
const phrases = (pol: Polarity, list: string): Array<[string[], Polarity]> =>
  list.split('|').map((p) => [p.trim().split(/\s+/).map(collapse), pol]);

/** Verdict phrases, folded ("d'accord" → "d accord"). Longest match wins. */
const VERDICTS: Array<[string[], Polarity]> = [
  ...phrases(1, 'oui|ouai|ouais|ouaip|ouep|oue|ui|wi|o|si|yes|yep|yup|yeah|yea|ya|y|ok|okay|oki|okey|dac|d accord|bien sur|bien entendu|tout a fait|absolument|exactement|effectivement|evidemment|certainement|carrement|parfaitement|completement|totalement|entierement|vraiment|tres|affirmatif|parfait|super|top|nickel|impeccable|excellent|genial|bien|tres bien|c est bon|c etait bien|pas de souci|pas de soucis|pas de probleme|aucun souci|aucun probleme|sans souci|sans probleme|of course|sure|definitely|absolutely|indeed|correct|right|perfect|great|good|fine|satisfait|content|contente|ravi|ravie|resolu|regle|fonctionne|marche|a l heure|dans les temps|ponctuel|pro|professionnel|professionnelle|competent|serieux|aimable|poli|respecte|respectes|tenu|tenus|oiu|ouii'),
  ...phrases(-1, 'non|nan|nope|nop|no|nah|n|niet|pas|non merci|pas vraiment|pas du tout|pas trop|pas tellement|pas tout a fait|pas completement|pas totalement|pas entierement|pas encore|toujours pas|absolument pas|vraiment pas|du tout|pas vraiment non|en partie|partiellement|a moitie|bof|jamais|not|not really|not at all|not yet|not quite|never|negatif|en retard|en panne|panne|nul|nulle|mauvais|decu|decue|mecontent|insatisfait'),
];
const BY_FIRST = new Map<string, Array<[string[], Polarity]>>();
for (const v of VERDICTS) {
  const first = v[0][0]!;
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), v].sort((a, b) => b[0].length - a[0].length));
}
/** Words a verdict can be negated by when they come just before it ("pas top", "ne suis pas satisfait"). */
const NEGATORS = new Set(['pas', 'ne', 'n', 'not', 'jamais', 'plus', 'aucunement', 'guere']);
/** Single letters count as an answer only as the whole lead ("o", "n"), never in the middle of a sentence. */
const WEAK = new Set(['o', 'n', 'y', 'si', 'pas', 'not', 'du tout', 'tres', 'vraiment', 'bien', 'right', 'correct', 'fine', 'good', 'sure', 'a', 'ya'].map(collapse));

/** Polite or hesitating words that carry no answer and may come around it. */
const FILLER = new Set(
  'merci|mercii|beaucoup|bcp|thanks|thank|you|thx|svp|stp|please|pls|plz|bonjour|bonsoir|salut|hello|hi|madame|monsieur|mme|mr|m|euh|heu|hum|hm|hmm|alors|ben|bah|eh|ah|oh|bon|voila|disons|je|j|dirais|dirai|dirait|pense|crois|mets|met|mettrais|mettrai|donne|donnerais|donnerai|note|reponse|answer|say|would|i|d|c|est|a|la|le|ma|mon|de|la|question|for|me|moi|well|bien|cordialement|bonne|journee|soiree|vous|aussi'
    .split('|')
    .map(collapse),
);
const CONNECTORS = new Set(['et', 'ou', 'and', 'or', 'mais', 'but', '/']);

const STOP_WORDS = new Set(['stop', 'stopsms', 'stopall', 'arret', 'arrete', 'arreter', 'arretez', 'desabonner', 'desabonnez', 'desabonne', 'desinscrire', 'desinscrivez', 'unsubscribe', 'unsub', 'cancel', 'end', 'quit', 'halte', 'fin'].map(collapse));
const START_WORDS = new Set(['start', 'demarrer', 'demarer', 'demarre', 'demarrez', 'unstop', 'reabonner', 'reprendre', 'restart', 'reactiver'].map(collapse));
const COMMAND_FILLER = new Set(['sms', 'svp', 'stp', 'merci', 'please', 'plz', 'moi', 'me', 'm', 'je', 'veux', 'voudrais', 'souhaite', 'all', 'now', 'maintenant', 's', 'il', 'vous', 'plait', 'les', 'des', 'messages', 'message', 'texto', 'textos', 'de', 'a', 'au', 'oui', 'ok'].map(collapse));
/** "ne plus m'envoyer de SMS", "je ne veux plus recevoir", "désabonnez-moi" anywhere in the reply. */
const STOP_SENTENCE = /\b(desabonn|desinscri|unsubscribe)|\bne\b.{0,25}\bplus\b.{0,25}\b(envoy|recev|ecri|contact|sollicit|derang|texto|sms)/;

// ─────────────────────────────── commands ───────────────────────────────

/** STOP/START: the first word is a stop word, or the whole reply is command words and filler, or a stop sentence. */
export function detectCommand(tokens: readonly Token[], folded: string): 'stop' | 'start' | null {
  const words = tokens.filter((t) => t.kind !== 'sign').map((t) => t.word);
  if (words.length === 0) return null;
  if (STOP_WORDS.has(words[0]!) && words[0] !== 'end' && words[0] !== 'fin' && words[0] !== 'cancel') return 'stop';
  const only = (set: Set<string>) => words.some((w) => set.has(w)) && words.every((w) => set.has(w) || COMMAND_FILLER.has(w));
  if (only(STOP_WORDS)) return 'stop';
  if (only(START_WORDS)) return 'start';
  if (STOP_SENTENCE.test(folded)) return 'stop';
  return null;
}

// ─────────────────────────────── yes / no ───────────────────────────────

interface Match {
  readonly polarity: Polarity;
  readonly length: number;
  readonly weak: boolean;
}

function matchVerdict(tokens: readonly Token[], i: number): Match | null {
  const t = tokens[i];
  if (!t || t.kind !== 'word') return null;
  if (t.word.length === 1 && t.elided && !BY_FIRST.get(t.word)?.some(([w]) => w.length > 1)) return null; // "n'importe", "c'est": an elision, not "n"
  for (const [words, polarity] of BY_FIRST.get(t.word) ?? []) {
    if (words.every((w, k) => tokens[i + k]?.word === w)) return { polarity, length: words.length, weak: WEAK.has(words.join(' ')) };
  }
  return null;
}

/** The original text from token `from` on, unless it is only punctuation and polite filler ("Oui merci !"). */
function commentFrom(clean: string, tokens: readonly Token[], from: number): string | undefined {
  const t = tokens[from];
  if (!t || tokens.slice(from).every((x) => x.kind === 'sign' || FILLER.has(x.word))) return undefined;
  const c = clean.slice(t.start).replace(/^[\s,.;:!?\-–)]+/, '').trim();
  return c && /[\p{L}\d]/u.test(c) ? c : undefined;
}

function parseYesNo(clean: string, tokens: readonly Token[]): ParseResult {
  // the lead: filler, verdicts, connectors between verdicts; negators fold into the verdict after them
  let pos = 0;
  let neg = 0;
  let end = 0;
  const votes: Polarity[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const m = matchVerdict(tokens, i);
    const negated = NEGATORS.has(t.word) && matchVerdict(tokens, i + 1)?.polarity === 1;
    if (negated) {
      const next = matchVerdict(tokens, i + 1)!;
      votes.push(-1);
      i += 1 + next.length;
      end = i;
    } else if (m) {
      votes.push(m.polarity);
      i += m.length;
      end = i;
    } else if (t.kind === 'sign' && t.word !== '/') {
      i++;
    } else if (FILLER.has(t.word)) {
      i++;
    } else if (CONNECTORS.has(t.word) && votes.length > 0 && matchVerdict(tokens, i + 1)) {
      i++;
    } else break;
  }
  for (const v of votes) v === 1 ? pos++ : neg++;
  if (pos > 0 && neg > 0) return unclear('ambiguous', 'ambiguous: the reply says both yes and no');
  if (pos + neg > 0) {
    const comment = commentFrom(clean, tokens, end);
    return { ok: true, value: pos > 0, ...(comment ? { comment } : {}) };
  }
  // no lead: one-sided verdicts anywhere, negation applied, weak words ignored
  let yes = 0;
  let no = 0;
  for (let k = 0; k < tokens.length; ) {
    const m = matchVerdict(tokens, k);
    if (!m) {
      k++;
      continue;
    }
    if (!m.weak) {
      const negated = m.polarity === 1 && [tokens[k - 1], tokens[k - 2]].some((t) => t && NEGATORS.has(t.word));
      if (m.polarity === 1 && !negated) yes++;
      else no++;
    }
    k += m.length;
  }
  if (yes > 0 && no === 0) return { ok: true, value: true, comment: clean };
  if (no > 0 && yes === 0) return { ok: true, value: false, comment: clean };
  return yes > 0 ? unclear('ambiguous', 'ambiguous: the reply says both yes and no') : unclear('no_yes_no', 'expected yes or no (oui / non)');
}

// ─────────────────────────────── 0–10 score ───────────────────────────────

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
  onze: 11, douze: 12, vingt: 20, cent: 100,
  one: 1, two: 2, three: 3, four: 4, five: 5, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
/** Compound French numbers, joined by a hyphen or a space ("dix-neuf"): all out of range. */
const COMPOUNDS: Record<string, number> = { 'dix sept': 17, 'dix huit': 18, 'dix neuf': 19 };
const WEAK_NUMBERS = new Set(['un', 'une', 'one']);
const RANGE_WORDS = new Set(['et', 'ou', 'a', 'or', 'and', 'to', '-', 'entre', 'between', 'voire', 'voir', 'maybe', 'peut']);

interface NumberAt {
  readonly value: number;
  /** Index of the first and one-past-last token. */
  readonly from: number;
  readonly to: number;
  readonly strength: 0 | 1 | 2; // 2 digits, 1 words, 0 "un"/"one"
}

function numberAt(tokens: readonly Token[], i: number): NumberAt | null {
  const t = tokens[i];
  if (!t) return null;
  if (t.kind === 'number') {
    const minus = tokens[i - 1]?.word === '-' && (i === 1 || tokens[i - 2]?.kind !== 'number');
    const raw = Number(t.word.replace(',', '.'));
    return { value: minus ? -raw : raw, from: minus ? i - 1 : i, to: i + 1, strength: 2 };
  }
  if (t.kind !== 'word') return null;
  const a = tokens[i + 1];
  const b = tokens[i + 2];
  const two = a?.word === '-' && b ? `${t.word} ${b.word}` : a ? `${t.word} ${a.word}` : '';
  if (COMPOUNDS[two] !== undefined) return { value: COMPOUNDS[two], from: i, to: i + (a?.word === '-' ? 3 : 2), strength: 1 };
  const v = NUMBER_WORDS[t.word];
  if (v === undefined) return null;
  return { value: v, from: i, to: i + 1, strength: WEAK_NUMBERS.has(t.word) ? 0 : 1 };
}

/** "/10", "sur 10", "out of 10" after a score: its index past the scale, or the scale if it is not 10. */
function scaleAfter(tokens: readonly Token[], i: number): { to: number; scale: number } | null {
  const w = tokens[i]?.word;
  let k = i;
  if (w === '/' || w === 'sur') k = i + 1;
  else if (w === 'out' && tokens[i + 1]?.word === 'of') k = i + 2;
  else return null;
  const n = numberAt(tokens, k);
  return n ? { to: n.to, scale: n.value } : null;
}

function checkScore(value: number): ParseResult | null {
  if (!Number.isFinite(value) || value < 0 || value > 10) return unclear('out_of_range', `out of range: ${value} is not between 0 and 10`);
  return null;
}

function parseScore(clean: string, tokens: readonly Token[]): ParseResult {
  // the lead: filler then one score, optionally "/10"; not followed by a range ("7 ou 8", "7-8")
  let i = 0;
  while (i < tokens.length && (FILLER.has(tokens[i]!.word) || (tokens[i]!.kind === 'sign' && tokens[i]!.word !== '-'))) i++;
  if (tokens[i]?.word === '-' && tokens[i + 1]?.kind === 'number') i++;
  const lead = numberAt(tokens, i);
  if (lead && lead.strength > 0) {
    let to = lead.to;
    const scale = scaleAfter(tokens, to);
    if (scale && scale.scale !== 10) return unclear('bad_scale', `bad scale: a score out of ${scale.scale}, expected a score out of 10`);
    if (scale) to = scale.to;
    const nextWord = tokens[to]?.word;
    const range = nextWord !== undefined && RANGE_WORDS.has(nextWord) && numberAt(tokens, to + 1) && numberAt(tokens, to + 1)!.strength > 0;
    if (!range) {
      const bad = checkScore(lead.value);
      if (bad) return bad;
      const comment = commentFrom(clean, tokens, to);
      return { ok: true, value: Math.floor(lead.value), ...(comment ? { comment } : {}) };
    }
  }
  // anywhere: the strongest kind of number present, all equal
  const found: NumberAt[] = [];
  for (let k = 0; k < tokens.length; ) {
    const n = numberAt(tokens, k);
    if (!n) {
      k++;
      continue;
    }
    const scale = scaleAfter(tokens, n.to);
    if (scale && scale.scale !== 10) return unclear('bad_scale', `bad scale: a score out of ${scale.scale}, expected a score out of 10`);
    found.push(n);
    k = scale ? scale.to : n.to;
  }
  const best = Math.max(-1, ...found.map((n) => n.strength));
  const values = [...new Set(found.filter((n) => n.strength === best).map((n) => n.value))];
  if (values.length === 0) return unclear('no_number', 'no number: expected a score from 0 to 10');
  if (values.length > 1) return unclear('ambiguous', `ambiguous: several scores (${values.join(', ')}), expected one score from 0 to 10`);
  const bad = checkScore(values[0]!);
  return bad ?? { ok: true, value: Math.floor(values[0]!), comment: clean };
}

// ─────────────────────────────── entry point ───────────────────────────────

function unclear(code: FailureCode, reason: string): ParseResult {
  return { ok: false, reason, code };
}

/**
 * Parses one SMS reply to a question: a command (STOP/START), a value (0–10 for q1, yes/no for q2–q4, text for
 * q5 — cut to 500 characters), or an unclear reply with its reason. Never throws.
 */
export function parseAnswer(question: QuestionId, raw: string): ParseResult {
  const clean = cleanReply(typeof raw === 'string' ? raw : '');
  const tokens = tokenize(clean);
  const command = detectCommand(tokens, tokens.map((t) => t.word).join(' '));
  if (command) return { command };
  if (!/[\p{L}\p{N}]/u.test(clean)) return unclear('empty', 'empty reply: no word or number in it');
  if (question === 'q1') return parseScore(clean, tokens);
  if (question === 'q5') {
    const chars = [...clean];
    return chars.length > MAX_SUGGESTION_CHARS ? { ok: true, value: chars.slice(0, MAX_SUGGESTION_CHARS).join(''), truncated: true } : { ok: true, value: clean };
  }
  return parseYesNo(clean, tokens);
}
