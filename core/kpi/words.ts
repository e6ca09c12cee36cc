/**
 * Word frequencies of French survey comments (the data of a word cloud): lower-cased, accents kept for
 * display, elisions split ("l'intervention" → "intervention"), stop words and words of < 3 letters dropped.
 */

/** French function words and the survey's filler words, folded (no accents). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a au aux avec ce ces cet cette dans de des du elle elles en et eu eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y
  ete etre avoir ai as avons avez ont est sont etait etaient sera serait fait faire fais font ca cela ceci tout tous toute toutes tres trop bien plus moins
  aussi alors donc car comme si sans sous chez entre apres avant encore deja toujours jamais rien peu beaucoup vraiment assez quand comment pourquoi
  oui non merci bonjour monsieur madame mme mr svp the and was very for with this that`
    .split(/\s+/)
    .filter(Boolean),
);

const fold = (w: string): string => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

export interface WordCount {
  word: string;
  count: number;
}

/** Splits a comment into its meaningful words (lower case, accents kept). */
export function commentWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .split(/[^\p{L}'-]+/u)
    .map((w) => w.replace(/^[a-z]{1,2}'/u, '').replace(/^['-]+|['-]+$/g, ''))
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(fold(w)));
}

/** The `limit` most frequent words of the comments (ties: alphabetical). Words are grouped without accents. */
export function wordFrequencies(comments: Iterable<string>, limit = 30): WordCount[] {
  const counts = new Map<string, { word: string; count: number }>();
  for (const c of comments) {
    for (const w of commentWords(c)) {
      const key = fold(w);
      const e = counts.get(key);
      if (e) e.count++;
      else counts.set(key, { word: w, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.word.localeCompare(b.word, 'fr')).slice(0, limit);
}
