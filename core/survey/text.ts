/**
 * Text normalisation for SMS replies: NFKC, invisible characters removed, emoji thumbs → words, signatures cut,
 * and a folded (lower-case, accent-free, plain quotes and dashes) copy tokenised with each token's offset in the
 * cleaned original, so a comment can be taken from the original text with its accents and apostrophes.
 */

const YES_EMOJI = /[\u{1F44D}\u{1F44C}\u{2705}\u{2714}\u{2611}\u{1F642}\u{1F600}\u{1F603}\u{1F604}\u{1F60A}\u{1F601}\u{1F44F}\u{1F64F}\u{1F4AF}\u{2764}\u{1F60D}]/gu;
const NO_EMOJI = /[\u{1F44E}\u{274C}\u{2716}\u{274E}\u{1F641}\u{2639}\u{1F620}\u{1F621}\u{1F61E}\u{1F612}\u{1F615}]/gu;
/** The keycap "ten" emoji: a score. */
const KEYCAP_TEN = /\u{1F51F}/gu;
/** Skin tones, variation selectors, zero-width joiners and other invisible characters. */
const INVISIBLE = /[\u{1F3FB}-\u{1F3FF}\u{FE00}-\u{FE0F}\u{200B}-\u{200D}\u{2060}\u{FEFF}\u{00AD}]/gu;

/** A line that starts a signature or a phone's footer: it and what follows are dropped. */
const SIGNATURE_LINE = /^\s*(--|—|__|envoy[ée] (de|depuis) mon|sent from my|get outlook|obtenir outlook|t[ée]l[ée]charger outlook|cordialement|bien cordialement|bien [àa] vous|salutations|best regards|regards|kind regards)/i;
/** The same phrases at the end of a single line ("Oui. Cordialement, Jean Dupont"). */
const SIGNATURE_TAIL = /[\s,.;!]+(bien cordialement|cordialement|bien [àa] vous|sinc[èe]res salutations|envoy[ée] (de|depuis) mon \S+|sent from my \S+|obtenir outlook pour \S+|get outlook for \S+|best regards|kind regards)\b.*$/is;

/**
 * NFKC, invisible characters removed, non-breaking spaces made plain, signature cut, trimmed; with `emoji` (the
 * default, for the answers) thumbs and smileys become "oui"/"non" and 🔟 becomes 10 — a suggestion (Q5) keeps its
 * emojis as typed. Quotes and dashes stay as typed: `fold` makes them plain for the parser.
 */
export function cleanReply(raw: string, { emoji = true }: { readonly emoji?: boolean } = {}): string {
  let s = raw.normalize('NFKC').replace(INVISIBLE, '');
  s = s.replace(/[\u00A0\u202F\t]/g, ' ');
  if (emoji) s = s.replace(YES_EMOJI, ' oui ').replace(NO_EMOJI, ' non ').replace(KEYCAP_TEN, ' 10 ');
  const lines = s.split(/\r?\n/);
  const cut = lines.findIndex((line, i) => i > 0 && SIGNATURE_LINE.test(line));
  s = (cut > 0 ? lines.slice(0, cut) : lines).join('\n');
  s = s.replace(SIGNATURE_TAIL, '');
  return s.replace(/[ ]{2,}/g, ' ').trim();
}

export interface Token {
  /** Folded text: lower case, accents removed, repeated letters collapsed ("ouiii" → "oui"). */
  readonly word: string;
  readonly kind: 'word' | 'number' | 'sign';
  /** Offset in the cleaned text where the token starts / ends. */
  readonly start: number;
  readonly end: number;
  /** Followed by an apostrophe ("n'importe", "c'est"): the apostrophe itself is not a token. */
  readonly elided: boolean;
}

const PLAIN: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '`': "'", '\u02BC': "'", '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u00AB': '"', '\u00BB': '"', '\u2212': '-' };

/** Lower case without accents, plain quotes and dashes; one output character per input UTF-16 unit so offsets survive. */
export function fold(s: string): string {
  let out = '';
  for (const raw of s) {
    const ch = PLAIN[raw] ?? (/[\u2010-\u2015]/.test(raw) ? '-' : raw);
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    // keep the length: a character that folds to several (or none) stays itself, lower-cased if that keeps it
    const same = f.length === ch.length ? f : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
    out += ch === 'œ' || ch === 'Œ' ? 'o' : same; // œ → o keeps length 1 ("cœur" is not an answer word anyway)
  }
  return out;
}

/** Collapses runs of the same letter: "ouiii" → "oui", "nooon" → "non", "nn" → "n". */
export function collapse(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

const TOKEN = /\d+(?:[.,]\d+)?|\p{L}+|[^\s\p{L}\d]/gu;

/** Tokens of a cleaned reply (words, numbers, signs), folded, with offsets. */
export function tokenize(clean: string): Token[] {
  const folded = fold(clean);
  const tokens: Token[] = [];
  for (const m of folded.matchAll(TOKEN)) {
    const text = m[0];
    if (text === "'") {
      const last = tokens.at(-1);
      if (last && last.end === m.index) tokens[tokens.length - 1] = { ...last, elided: true };
      continue;
    }
    const kind = /^\d/.test(text) ? 'number' : /^\p{L}/u.test(text) ? 'word' : 'sign';
    tokens.push({ word: kind === 'word' ? collapse(text) : text, kind, start: m.index, end: m.index + text.length, elided: false });
  }
  return tokens;
}
