import { cleanReply, collapse, tokenize, type Token } from './text.ts';

/**
 * Parsing of the clients' SMS replies (French and English), as a small grammar over folded tokens:
 *
 *   reply   := command | lead rest            (command: the whole message is STOP/START and polite filler)
 *   lead    := (filler | reading | connector reading)*   — for yes/no questions
 *   reading := phrase | skip* negator skip* phrase | verb ("pas" | "plus" | "jamais")
 *   lead    := filler* score ("/" 10 | "sur" 10 | "out of" 10)?  — for the 0–10 question
 *   rest    := anything: kept as the comment
 *
 * The yes/no lexicon is data: bare answers (oui, non, tout à fait, pas du tout: what follows them is the
 * comment), words that answer by their meaning (pro, en retard, résolu, pas de souci: they belong to the comment),
 * hesitations (peut-être, je ne sais pas, mouais: asked again) and hedges (à peu près: ignored next to an answer,
 * asked again alone). A negation ("pas", "ne", "non", "not", "jamais", with "très", "du tout", "encore"… between)
 * turns a yes word into no, and a negative state into yes ("pas en retard", "ne saute plus", "not late").
 *
 * When the lead finds nothing, a scan of the whole reply decides, only if it is one-sided (every verdict
 * phrase, after negation, points the same way; every score is the same). Anything else is "unclear" and the
 * engine asks again once: an unclear reply is never recorded as an answer. Choices for the ambiguous cases:
 * - "8,5" (a decimal), "8 et demi": rounded DOWN to 8 — never inflate the NPS, and a 6,5 counts as a detractor so
 *   the closed loop calls the client rather than miss an unhappy one.
 * - "entre 7 et 8", "7-8", "7 ou 8", "8 voire 9", two different scores: unclear (asked again).
 * - "un"/"one" count as 1 only when no other number is there ("un 9" → 9).
 * - "x/20", "x/5", "5/5", "5 étoiles", "80 %": unclear, the scale must be out of 10 (no rescaling: the client picks).
 * - A quantity is not a score ("2 jours de retard, 5" → 5; "venu à 8h" is not an 8); a number after "note",
 *   "je mets", "je donne", "je dirais" wins over other numbers ("intervention du 12/03, note 9" → 9).
 * - "1O" (letter O typed for a zero) → 10; "🔟" → 10.
 * - "oui et non", yes and no both in the reply: unclear.
 * - "en partie", "pas complètement", "presque", "bof", "moyen": no (not fully / not quite).
 * - "pas mal", "pas de souci", "aucun problème", "plus de problème": yes — also to "le problème est-il résolu ?".
 * - "mouais", "peut-être", "je ne sais pas", "plus ou moins" (alone): unclear.
 * - Q5 keeps the client's text as typed (emojis too), cut to 500 characters; empty or punctuation only: unclear.
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

/** 1 yes, −1 no, 0 hesitation. */
type Polarity = 1 | -1 | 0;
/** answer: a bare answer, the comment is what follows; word: answers by its meaning, part of the comment; hedge: soft. */
type Kind = 'answer' | 'word' | 'hedge';

interface Verdict {
  readonly words: readonly string[];
  readonly polarity: Polarity;
  readonly kind: Kind;
  /** Ignored when found inside a sentence (the scan), counted only in the lead ("o", "bien", "pas"). */
  readonly weak: boolean;
  /** A negative state a negation turns into yes ("pas en retard", "ne saute plus"). */
  readonly flips: boolean;
  /** A verb a following "pas" / "plus" / "jamais" negates ("ça marche pas"). */
  readonly verb: boolean;
}

const list = (s: string): string[] => s.split('|').map((p) => p.trim()).filter(Boolean);
const fold1 = (p: string): string => collapse(p.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
const set = (s: string): Set<string> => new Set(list(s).map(fold1));

/** Adverbs that say yes alone and no with "pas" / "not" after them ("absolument pas", "definitely not"). */
const ADVERBS = list('absolument|vraiment|certainement|sûrement|carrément|évidemment|franchement|clairement|absolutely|definitely|certainly|really|surely');

/** What went wrong, as nouns: "plus de panne", "aucune coupure", "sans fuite" say it is solved. */
const PROBLEMS = list('problème|problèmes|souci|soucis|panne|pannes|coupure|coupures|fuite|fuites|disjonction|disjonctions|bug|bugs|problem|problems|issue|issues');

const YES_ANSWERS = [
  'oui|ouai|ouais|ouaip|ouep|oue|ui|wi|o|si|oiu|ok|okay|oki|okey|dac|d accord|bien sûr|bien sûr que oui|bien entendu|tout à fait|exactement',
  'effectivement|parfaitement|complètement|totalement|entièrement|affirmatif|que oui',
  'yes|yep|yup|yeah|yea|ya|y|of course|sure|indeed',
  ...ADVERBS,
].join('|');
const NO_ANSWERS = [
  'non|nan|nope|nop|no|nah|n|niet|non merci|pas vraiment|pas du tout|pas trop|pas tellement|pas tout à fait|pas complètement|pas totalement',
  'pas entièrement|du tout|pas vraiment non|jamais|négatif|que non|bien sûr que non|évidemment que non',
  'pas spécialement|pas particulièrement|pas forcément',
  'not really|not at all|not yet|not quite|never|of course not|no way',
  ...ADVERBS.map((a) => `${a} pas|${a} not`),
].join('|');
const YES_WORDS = [
  // praise, and "no problem" in every form
  'très|très bien|tré|tré bien|trop bien|bien|parfait|parfaite|super|top|au top|nickel|impeccable|excellent|génial|c est bon|c était bien|c était parfait',
  'pas mal|pas mal du tout|pas trop mal|pas si mal|rien à dire|rien à redire|rien à signaler|ras|correct|satisfait|satisfaite|content|contente',
  'ravi|ravie|ça va|ça roule|pas de souci|pas de soucis|sans souci|no problem|no problems|no worries|no issue|no issues|no complaints',
  PROBLEMS.flatMap((p) => ['plus de', 'plus aucun', 'plus aucune', 'aucun', 'aucune', 'pas de', 'pas un', 'pas une', 'sans'].map((w) => `${w} ${p}`)).join('|'),
  // the technician (Q2)
  'pro|professionnel|professionnelle|compétent|sérieux|aimable|poli|polie|sympa|sympathique|agréable|efficace|soigneux',
  // the deadlines (Q3)
  'rapide|respecté|respectés|respectée|respectées|tenu|tenus|à l heure|pile à l heure|pile poil|dans les temps|dans les délais|dans les clous',
  'en avance|min d avance|minutes d avance|h d avance|heure d avance|jour d avance|jours d avance|ponctuel|pas de retard|aucun retard|sans retard',
  'pas en retard|jamais en retard',
  // solved (Q4)
  'résolu|résolus|réglé|réparé|réparée|fonctionne|marche|remarche|refonctionne|rentré dans l ordre',
  // English
  'very|right|perfect|great|good|fine|nice|kind|friendly|polite|helpful|efficient|professional|punctual|on time|in time|fixed|solved|resolved',
  'works|working|work|all good|all fine|all ok|all sorted|sorted',
].join('|');
const NO_WORDS = [
  // disappointment, reservations, "not fully"
  'nul|nulle|mauvais|mauvaise|déçu|déçue|mécontent|mécontente|insatisfait|insatisfaite|pas terrible|bof|moyen|moyennement|couci couça',
  'couci - couça|sans plus|correct sans plus|pas encore|toujours pas|presque|quasiment|en partie|partiellement|à moitié|ras le bol|pas|not',
  // the technician (Q2)
  'désagréable|malpoli|impoli|incompétent|incompétente|bâclé|bâclée|tout sali',
  // the deadlines (Q3)
  'en retard|retard|late|lent|lents|trop lent|trop long|trop longs|trop d attente|hors délai|hors délais|dépassé|dépassés|dépassée|dépassées',
  // not solved (Q4)
  'en panne|toujours en panne|persiste|recommence|saute|disjoncte|même problème|toujours pareil|toujours le même|rien n a changé|il reste',
  'il en reste|reste encore|irrésolu|non résolu|est revenu|est revenue|revient|reviennent',
  // English
  'broken|still broken|rude|bad|poor|awful|partly|partially|almost',
].join('|');
/** Negative states a negation turns into yes. */
const FLIPS = set('lent|lents|dépassé|dépassés|dépassée|dépassées|en retard|retard|late|en panne|nul|nulle|mauvais|mauvaise|déçu|déçue|mécontent|mécontente|insatisfait|insatisfaite|saute|persiste|recommence|disjoncte|revient|broken|bad|rude');
/** Verbs a following "pas" / "plus" / "jamais" negates. */
const VERBS = set('fonctionne|marche|remarche|refonctionne|saute|persiste|recommence|disjoncte|revient|ça va|ça roule|work|works');
/** Hesitations: the reply is asked again, even next to a yes or a no ("oui peut-être"). */
const UNSURE = [
  'peut être|peut - être|peutêtre|mouais|sais pas|ne sais|sait pas|ne sait|jsp|chais pas|aucune idée|on verra|verrai|trop tôt|j espère|espère',
  'mieux|du mieux|pas sûr|pas sûre|pas certain|pas certaine|bonne question|pas encore testé|pas testé|pas encore essayé|pas essayé',
  'not sure|maybe|perhaps|kind of|sort of|dunno|no idea|don t know|idk|not tested|too early',
].join('|');
/** Hedges: ignored next to an answer ("oui à peu près"), asked again alone. */
const HEDGES = 'merci d avance|à peu près|plus ou moins|environ|globalement|dans l ensemble|en gros|more or less|roughly|mostly';
const WEAK = set('o|n|y|ya|si|pas|not|il reste|du tout|très|vraiment|bien|right|correct|fine|good|sure|very|work|really');

const VERDICTS: Verdict[] = [];
function add(phrases: string, polarity: Polarity, kind: Kind): void {
  for (const p of list(phrases)) {
    const key = fold1(p);
    VERDICTS.push({ words: key.split(/\s+/), polarity, kind, weak: WEAK.has(key), flips: FLIPS.has(key), verb: VERBS.has(key) });
  }
}
add(YES_ANSWERS, 1, 'answer');
add(NO_ANSWERS, -1, 'answer');
add(YES_WORDS, 1, 'word');
add(NO_WORDS, -1, 'word');
add(UNSURE, 0, 'answer');
add(HEDGES, 0, 'hedge');

const BY_FIRST = new Map<string, Verdict[]>();
for (const v of VERDICTS) BY_FIRST.set(v.words[0]!, [...(BY_FIRST.get(v.words[0]!) ?? []), v].sort((a, b) => b.words.length - a.words.length));

/** Words that negate what follows ("pas top", "ne marche", "non respecté", "doesn't work"). */
const NEGATORS = set("pas|ne|n|peu|not|jamais|plus|aucunement|guère|non|never|doesn|don|didn|isn|wasn|aren|weren|won|cannot|hasn|haven");
/** Words allowed between a negation and what it negates ("pas du tout pro", "toujours pas résolu", "doesn't"). */
const SKIP = set('très|vraiment|du|tout|toujours|encore|assez|si|trop|super|hyper|forcément|tellement|franchement|complètement|totalement|entièrement|été|eu|de|d|t|very|really|that|too|so|been|yet|still|fully|quite|at|all');
/** Words before a negation that do not change it ("absolument pas pro", "toujours pas résolu"). */
const BEFORE_NEGATORS = new Set([...SKIP, ...ADVERBS.map(fold1)]);
/** Words that only strengthen the verdict after them ("très moyen", "super nul", "vraiment pas pro"): they do not vote then. */
const INTENSIFIERS = set('très|tré|vraiment|super|hyper|trop|tellement|complètement|totalement|absolument|carrément|franchement|very|really|totally|completely|so');
/** Reservations: "oui sauf la prise du salon" is not "entièrement résolu" (Q4), "oui sauf la première fois" not "respectés" (Q3): asked again. */
const RESERVATIONS = /\b(sauf|mais pas|a part|excepte|hormis|hors mis|except|but not|apart from)\b/;
/** Words that negate a verb before them ("ça marche pas", "ça saute plus"). */
const AFTER_NEGATORS = set('pas|plus|jamais');

/** Polite or hesitating words that carry no answer and may come around it. */
const FILLER = set(
  'merci|mercii|beaucoup|bcp|thanks|thank|you|thx|svp|stp|please|pls|plz|bonjour|bonsoir|salut|hello|hi|madame|monsieur|mme|mr|m|euh|heu|hum|hm|hmm|alors|ben|bah|eh|ah|oh|bon|voila|disons|je|j|dirais|dirai|dirait|pense|crois|mets|met|mettrais|mettrai|donne|donnerais|donnerai|note|reponse|answer|say|would|i|d|c|est|a|la|le|ma|mon|de|question|for|me|moi|well|bien|cordialement|bonne|journee|soiree|vous|aussi|plutot|pour|l|instant|moment|priori|meme|au|revoir|bientot|desole|desolee|sorry',
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

/** What the tokens from one index say: a polarity, how many tokens it covers, and its kind. */
interface Reading {
  readonly polarity: Polarity;
  readonly length: number;
  readonly kind: Kind;
  readonly weak: boolean;
  readonly flips: boolean;
}

function matchVerdict(tokens: readonly Token[], i: number): Verdict | null {
  const t = tokens[i];
  if (!t || t.kind === 'number') return null;
  for (const v of BY_FIRST.get(t.word) ?? []) {
    if (v.words.length === 1 && t.elided && t.word.length === 1) continue; // "n'importe", "c'est": an elision, not "n"
    if (v.words.every((w, k) => tokens[i + k]?.word === w)) return v;
  }
  return null;
}

/** "pas top", "toujours pas résolu", "pas du tout professionnel", "ne saute plus", "doesn't work": skip* negator skip* verdict. */
function negationAt(tokens: readonly Token[], i: number): Reading | null {
  let j = i;
  while (j < i + 2 && BEFORE_NEGATORS.has(tokens[j]?.word ?? '') && !NEGATORS.has(tokens[j]!.word)) j++;
  const negator = tokens[j]?.word ?? '';
  if (!NEGATORS.has(negator) || (negator === 'peu' && tokens[j - 1]?.word === 'un')) return null; // "un peu en retard" is not a negation
  // "non respecté", "peu professionnel": a yes word right after; "non, toujours en panne" is no twice, not yes
  const bare = negator === 'non' || negator === 'peu';
  let best: Reading | null = null;
  for (let k = j + 1, steps = 0; k < tokens.length && steps < 4; k++, steps++) {
    const v = matchVerdict(tokens, k);
    if (v && (bare ? v.polarity === 1 && v.kind === 'word' && v.words.length === 1 : v.polarity === 1 || v.flips)) {
      // a negated verb is a clear answer even where the verb alone is weak ("ça ne marche plus", "doesn't work")
      best = { polarity: v.polarity === 1 ? -1 : 1, length: k + v.words.length - i, kind: v.kind, weak: v.weak && !v.verb, flips: false };
    }
    if (bare || !SKIP.has(tokens[k]!.word)) break;
  }
  // "pas lent du tout", "not late at all": the tail belongs to the negation
  const end = best ? i + best.length : -1;
  if (best && tokens[end]?.word === 'du' && tokens[end + 1]?.word === 'tout') return { ...best, length: best.length + 2 };
  if (best && tokens[end]?.word === 'at' && tokens[end + 1]?.word === 'al') return { ...best, length: best.length + 2 };
  return best;
}

/** The reading at token i: the longest of the phrase there and a negation starting there; a verb with "pas" after it is negated. */
function readAt(tokens: readonly Token[], i: number, depth = 0): Reading | null {
  if (depth < 3 && INTENSIFIERS.has(tokens[i]?.word ?? '') && matchVerdict(tokens, i)?.words.length === 1) {
    const next = readAt(tokens, i + 1, depth + 1);
    if (next && next.polarity !== 0) return { ...next, length: next.length + 1 };
    // "très désagréable": an intensifier before a word we do not know says nothing about the answer
    const after = tokens[i + 1];
    if (!next && after?.kind === 'word' && !FILLER.has(after.word) && !CONNECTORS.has(after.word)) return { polarity: 0, length: 1, kind: 'hedge', weak: true, flips: false };
  }
  const v = matchVerdict(tokens, i);
  const neg = negationAt(tokens, i);
  if (neg && (!v || neg.length > v.words.length)) return neg;
  if (!v) return null;
  let k = i + v.words.length;
  if (v.verb) {
    while (SKIP.has(tokens[k]?.word ?? '') && k < i + v.words.length + 2) k++;
    if (AFTER_NEGATORS.has(tokens[k]?.word ?? '') && v.polarity !== 0) {
      return { polarity: v.polarity === 1 ? -1 : 1, length: k + 1 - i, kind: v.kind, weak: false, flips: false };
    }
  }
  return { polarity: v.polarity, length: v.words.length, kind: v.kind, weak: v.weak, flips: v.flips };
}

/** The original text from token `from` on, unless it is only punctuation and polite filler ("Oui merci !"). */
function commentFrom(clean: string, tokens: readonly Token[], from: number): string | undefined {
  const t = tokens[from];
  if (!t || tokens.slice(from).every((x) => x.kind === 'sign' || FILLER.has(x.word))) return undefined;
  let c = clean.slice(t.start).replace(/^[\s,.;:!?\-–—…)]+/, '').trim();
  if (/^\(.*\)$/s.test(c)) c = c.slice(1, -1).trim();
  return c && /[\p{L}\d]/u.test(c) ? c : undefined;
}

const BOTH = 'ambiguous: the reply says both yes and no';

function parseYesNo(question: QuestionId, clean: string, tokens: readonly Token[]): ParseResult {
  const r = parseVerdict(clean, tokens);
  if ((question === 'q3' || question === 'q4') && 'ok' in r && r.ok && r.value === true && RESERVATIONS.test(tokens.map((t) => t.word).join(' '))) {
    return unclear('ambiguous', 'ambiguous: yes with a reservation ("sauf", "mais pas"), not fully');
  }
  return r;
}

function parseVerdict(clean: string, tokens: readonly Token[]): ParseResult {
  // the lead: filler, readings, connectors between readings
  const votes: Reading[] = [];
  let answerEnd = 0; // after the bare answers the reply starts with ("oui", "non merci", "ben oui"): the comment starts there
  let answering = true;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const r = readAt(tokens, i);
    if (r) {
      votes.push(r);
      i += r.length;
      if (answering && r.kind === 'answer' && r.polarity !== 0) answerEnd = i;
      else if (r.kind !== 'hedge') answering = false;
    } else if ((t.kind === 'sign' && t.word !== '/') || FILLER.has(t.word)) i++;
    else if (CONNECTORS.has(t.word) && votes.length > 0 && readAt(tokens, i + 1)) {
      answering = false; // "non mais pas grave": the comment is "mais pas grave"
      i++;
    } else break;
  }
  if (votes.length > 0) {
    if (votes.some((v) => v.polarity === 0 && v.kind === 'answer')) return unclear('no_yes_no', 'unsure: the reply hesitates, expected yes or no (oui / non)');
    const pos = votes.some((v) => v.polarity === 1);
    const neg = votes.some((v) => v.polarity === -1);
    if (pos && neg) return unclear('ambiguous', BOTH);
    if (pos || neg) {
      // "oui, très pro": the comment follows the bare answer; "très sympa, il a tout expliqué": the whole reply
      const comment = answerEnd > 0 ? commentFrom(clean, tokens, answerEnd) : commentFrom(clean, tokens, i) && commentFrom(clean, tokens, 0);
      return { ok: true, value: pos, ...(comment ? { comment } : {}) };
    }
  }
  // no lead: one-sided verdicts anywhere, negation applied, weak words ignored
  let yes = 0;
  let no = 0;
  for (let k = 0; k < tokens.length; ) {
    const r = readAt(tokens, k);
    if (!r) {
      k++;
      continue;
    }
    if (r.polarity === 0 && r.kind === 'answer') return unclear('no_yes_no', 'unsure: the reply hesitates, expected yes or no (oui / non)');
    if (!r.weak && r.polarity !== 0) {
      // "il n'est pas venu à l'heure": a negation two words back
      const before = [tokens[k - 1], tokens[k - 1]?.kind === 'word' ? tokens[k - 2] : undefined];
      const negated = (r.polarity === 1 || r.flips) && before.some((t) => t && t.word !== 'non' && t.word !== 'peu' && NEGATORS.has(t.word));
      if ((r.polarity === 1) !== negated) yes++;
      else no++;
    }
    k += r.length;
  }
  if (yes > 0 && no === 0) return { ok: true, value: true, comment: clean };
  if (no > 0 && yes === 0) return { ok: true, value: false, comment: clean };
  return yes > 0 ? unclear('ambiguous', BOTH) : unclear('no_yes_no', 'expected yes or no (oui / non)');
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
/** After a number, a unit: a quantity ("2 jours de retard", "à 8h"), not a score. */
const UNITS = set('fois|h|heure|heures|min|mn|minute|minutes|j|jour|jours|semaine|semaines|sem|mois|an|ans|euro|euros|eur|€|e|km|times|day|days|hour|hours|hr|hrs|week|weeks|month|months|year|years|minutes|mins|eme|er|ere|è|ème|e');
/** Scales given by a word after the number ("5 étoiles", "80 %"). */
const SCALE_WORDS: Record<string, number> = { etoile: 5, etoiles: 5, star: 5, stars: 5, '%': 100, pourcent: 100, percent: 100 };
/** Words a score follows ("je mets 8", "note de 7", "I'd give 9"): such a number wins over others in the reply. */
const CUES = set('note|noté|noter|mets|met|mettrais|mettrai|donne|donnerais|donnerai|dirais|dirai|give|say|rate|rating|score|évalue');

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
    const o = tokens[i + 1];
    const zeroTypo = o?.word === 'o' && o.start === t.end && /^\d$/.test(t.word); // "1O": the letter O for a zero
    const raw = Number(t.word.replace(',', '.')) * (zeroTypo ? 10 : 1);
    return { value: minus ? -raw : raw, from: minus ? i - 1 : i, to: i + (zeroTypo ? 2 : 1), strength: 2 };
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

/** "/10", "sur 10", "out of 10", "étoiles", "%" after a score: its index past the scale, and the scale. */
function scaleAfter(tokens: readonly Token[], i: number): { to: number; scale: number } | null {
  const w = tokens[i]?.word;
  if (w !== undefined && SCALE_WORDS[w] !== undefined) return { to: i + 1, scale: SCALE_WORDS[w] };
  let k = i;
  if (w === '/' || w === 'sur') k = i + 1;
  else if (w === 'out' && tokens[i + 1]?.word === 'of') k = i + 2;
  else return null;
  const n = numberAt(tokens, k);
  return n ? { to: n.to, scale: n.value } : null;
}

const isQuantity = (tokens: readonly Token[], n: NumberAt): boolean => UNITS.has(tokens[n.to]?.word ?? '') && tokens[n.to]!.kind !== 'number';

/** A score cue within the three tokens before the number, with only filler between ("la note de 8", "je vous mets un 9"). */
function cued(tokens: readonly Token[], n: NumberAt): boolean {
  for (let k = n.from - 1; k >= 0 && k >= n.from - 4; k--) {
    const w = tokens[k]!.word;
    if (CUES.has(w)) return true;
    if (!(FILLER.has(w) || tokens[k]!.kind === 'sign' || WEAK_NUMBERS.has(w) || w === 'vous' || w === 'un')) return false;
  }
  return false;
}

function checkScore(value: number): ParseResult | null {
  if (!Number.isFinite(value) || value < 0 || value > 10) return unclear('out_of_range', `out of range: ${value} is not between 0 and 10`);
  return null;
}

const badScale = (scale: number): ParseResult => unclear('bad_scale', `bad scale: a score out of ${scale}, expected a score out of 10`);

function parseScore(clean: string, tokens: readonly Token[]): ParseResult {
  // the lead: filler then one score, optionally "/10"; not followed by a range ("7 ou 8", "7-8") nor a unit ("2 jours")
  let i = 0;
  while (i < tokens.length && (FILLER.has(tokens[i]!.word) || (tokens[i]!.kind === 'sign' && tokens[i]!.word !== '-'))) i++;
  if (tokens[i]?.word === '-' && tokens[i + 1]?.kind === 'number') i++;
  const lead = numberAt(tokens, i);
  if (lead && lead.strength > 0 && !isQuantity(tokens, lead)) {
    let to = lead.to;
    const scale = scaleAfter(tokens, to);
    if (scale) to = scale.to;
    const nextWord = tokens[to]?.word;
    const range = (nextWord !== undefined && RANGE_WORDS.has(nextWord) && (numberAt(tokens, to + 1)?.strength ?? 0) > 0) || tokens[to]?.kind === 'number';
    if (!range && (!scale || scale.scale === 10)) {
      const bad = checkScore(lead.value);
      if (bad) return bad;
      const comment = commentFrom(clean, tokens, to);
      return { ok: true, value: Math.floor(lead.value), ...(comment ? { comment } : {}) };
    }
  }
  // anywhere: quantities left out; a cued score, else a score out of 10, else any; the strongest kind, all equal
  const found: Array<NumberAt & { scale: number | null; cued: boolean }> = [];
  for (let k = 0; k < tokens.length; ) {
    const n = numberAt(tokens, k);
    if (!n) {
      k++;
      continue;
    }
    const scale = scaleAfter(tokens, n.to);
    // "sur 10 : 8", "/10": the scale, not a score; "2 ou 3 fois": a range of quantities
    const isScale = ['sur', '/'].includes(tokens[n.from - 1]?.word ?? '') || (tokens[n.from - 1]?.word === 'of' && tokens[n.from - 2]?.word === 'out');
    const next = tokens[n.to]?.word;
    const rangeOf = next !== undefined && RANGE_WORDS.has(next) ? numberAt(tokens, n.to + 1) : null;
    if (!isScale && !isQuantity(tokens, n) && !(rangeOf && isQuantity(tokens, rangeOf))) found.push({ ...n, scale: scale?.scale ?? null, cued: cued(tokens, n) });
    k = scale ? scale.to : n.to;
  }
  // "8-9/10", "entre 7 et 8": two scores side by side
  for (const n of found) {
    const after = tokens[n.scale === null ? n.to : scaleAfter(tokens, n.to)!.to];
    const other = after && RANGE_WORDS.has(after.word) ? numberAt(tokens, tokens.indexOf(after) + 1) : null;
    if (other && other.strength > 0 && other.value !== n.value && !isQuantity(tokens, other)) return unclear('ambiguous', `ambiguous: several scores (${n.value}, ${other.value}), expected one score from 0 to 10`);
  }
  const pool = found.some((n) => n.cued) ? found.filter((n) => n.cued) : found.some((n) => n.scale === 10) ? found.filter((n) => n.scale === 10) : found;
  const wrongScale = pool.find((n) => n.scale !== null && n.scale !== 10);
  if (wrongScale) return badScale(wrongScale.scale!);
  const best = Math.max(-1, ...pool.map((n) => n.strength));
  const values = [...new Set(pool.filter((n) => n.strength === best).map((n) => n.value))];
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
  const text = typeof raw === 'string' ? raw : '';
  const clean = cleanReply(text);
  const tokens = tokenize(clean);
  const command = detectCommand(tokens, tokens.map((t) => t.word).join(' '));
  if (command) return { command };
  if (question === 'q5') {
    // the suggestion as typed (emojis kept), signature cut; an emoji alone is an answer, punctuation alone is not
    const typed = cleanReply(text, { emoji: false });
    if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(typed)) return unclear('empty', 'empty reply: no word or number in it');
    const chars = [...typed];
    return chars.length > MAX_SUGGESTION_CHARS ? { ok: true, value: chars.slice(0, MAX_SUGGESTION_CHARS).join(''), truncated: true } : { ok: true, value: typed };
  }
  if (!/[\p{L}\p{N}]/u.test(clean)) return unclear('empty', 'empty reply: no word or number in it');
  if (question === 'q1') return parseScore(clean, tokens);
  return parseYesNo(question, clean, tokens);
}

// ─────────────────────────────── several answers in one SMS ───────────────────────────────

export interface SeveralAnswer {
  readonly question: QuestionId;
  readonly value: number | boolean;
  readonly comment?: string;
}

/**
 * One SMS answering the current question and every yes/no question after it, by bare answers in order:
 * "9 oui oui non le disjoncteur saute encore" to Q1 → Q1 9, Q2 yes, Q3 yes, Q4 no with the comment "le disjoncteur
 * saute encore". Only from Q1 (a score, then three answers) or Q2 (three answers), when there is exactly one bare
 * answer (oui/non/yes/no…) for each question left up to Q4 and they are not all the same ("oui oui oui" is
 * emphasis, one answer); anything else → null, and the reply is read by parseAnswer as an answer to the current
 * question alone. Q5 (free text) is never taken from such a reply. The engine does not call it yet.
 */
export function parseSeveral(from: QuestionId, raw: string): SeveralAnswer[] | null {
  // from Q3, "oui non" is a hesitation far more often than two answers: only three answers or more are read
  const order: QuestionId[] = from === 'q1' ? ['q2', 'q3', 'q4'] : from === 'q2' ? ['q3', 'q4'] : [];
  if (order.length === 0) return null;
  const clean = cleanReply(typeof raw === 'string' ? raw : '');
  const tokens = tokenize(clean);
  if (detectCommand(tokens, tokens.map((t) => t.word).join(' '))) return null;
  const skip = (k: number): number => {
    while (k < tokens.length && (tokens[k]!.kind === 'sign' || FILLER.has(tokens[k]!.word) || CONNECTORS.has(tokens[k]!.word))) k++;
    return k;
  };
  let i = skip(0);
  const out: Array<{ question: QuestionId; value: number | boolean }> = [];
  if (from === 'q1') {
    const n = numberAt(tokens, i);
    if (!n || n.strength === 0 || isQuantity(tokens, n) || !Number.isInteger(n.value) || n.value < 0 || n.value > 10) return null;
    const scale = scaleAfter(tokens, n.to);
    if (scale && scale.scale !== 10) return null;
    out.push({ question: 'q1', value: n.value });
    i = scale ? scale.to : n.to;
  } else order.unshift(from);
  const bare = (k: number): Reading | null => {
    const r = readAt(tokens, k);
    return r && r.kind === 'answer' && r.polarity !== 0 ? r : null;
  };
  for (const q of order) {
    i = skip(i);
    const r = bare(i);
    if (!r) return null;
    out.push({ question: q, value: r.polarity === 1 });
    i += r.length;
  }
  if (bare(skip(i))) return null; // one answer too many: which goes where is a guess
  const yesNo = out.filter((a) => typeof a.value === 'boolean');
  if (yesNo.every((a) => a.value === yesNo[0]!.value)) return null; // "oui oui oui": emphasis, one answer
  const comment = commentFrom(clean, tokens, i);
  return out.map((a, k) => (k === out.length - 1 && comment ? { ...a, comment } : a));
}
