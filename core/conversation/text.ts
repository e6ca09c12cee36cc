/** Text helpers for parsing what people type: accent/case/punctuation folding, tokens, typo tolerance. */

const ASCII = /^[\x00-\x7f]*$/;

/** Lower case, accents removed, apostrophes and punctuation turned into spaces, spaces collapsed. */
export function fold(text: string): string {
  // plain ASCII has no accents nor ligatures: lower case is all there is to do
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œ]/g, 'oe')
    .replace(/[æ]/g, 'ae');
}

/** Folded words: letters and digits only (`"Tournée de Karim, demain ?"` → `tournee de karim demain`). */
export function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

/** Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap neighbours). */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const cols = b.length + 1;
  // three rolling rows (i-2, i-1, i) instead of the whole matrix
  let twoBack = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let row = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, twoBack[j - 2]! + 1);
      row[j] = v;
    }
    [twoBack, prev, row] = [prev, row, twoBack];
  }
  return prev[b.length]!;
}

/**
 * Whether `a` and `b` are at most one edit apart (`damerauLevenshtein(a, b) <= 1`), in one pass without a matrix:
 * equal, one letter substituted, two neighbours swapped, or one letter inserted/deleted.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (a[i] === b[i]) i++;
    // first difference at i: a substitution (rest equal) or a swap of i and i+1 (rest equal)
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [long, short] = la > lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

/**
 * Whether a typed token stands for a known word: equal, or — when the word has at least `minFuzzyLength`
 * letters — one typo away (Damerau-Levenshtein ≤ 1).
 */
export function sameWord(token: string, word: string, minFuzzyLength: number): boolean {
  if (token === word) return true;
  if (word.length < minFuzzyLength || token.length < minFuzzyLength - 1) return false;
  if (Math.abs(token.length - word.length) > 1) return false;
  return withinOneEdit(token, word);
}

/**
 * Everyday words that must never be taken for a typo of a keyword or a name ("toute" is not "route",
 * "doing" is not "going").
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'le la les un une des de du d l a au aux et ou en y ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ' +
    'je tu il elle on nous vous ils elles me moi te toi se lui eux qui que quoi quel quelle quels quelles dont ' +
    'est sont suis es etes ai as avons avez ont va vais vas vont fait faire peux peut pouvez pourrais voudrais veux ' +
    'pour par sur sous avec sans dans chez entre vers depuis pendant avant apres tout toute tous toutes autre autres ' +
    'plus moins tres bien pas ne ni non oui si alors donc mais car comme comment combien quand pourquoi ' +
    'montre montrer affiche afficher donne donner liste lister voir dis dire stp svp merci ' +
    'the a an of to in on at for by with from and or is are was be been my your his her our their me you it ' +
    'what which who whom where when why how show give list tell please can could would will do does doing did ' +
    'this that these those there here all any some not no yes get see let lets about into out up ' +
    'commander commande appeler appelle appele rappeler envoyer'
  ).split(' '),
);
