import { describe, expect, it } from 'vitest';
import { commentWords, wordFrequencies } from './words.ts';

describe('word frequencies of comments', () => {
  it('drops stop words and elisions, keeps accents', () => {
    expect(commentWords("Très bon accueil, l'intervention était rapide et le technicien très poli !")).toEqual([
      'bon', 'accueil', 'intervention', 'rapide', 'technicien', 'poli',
    ]);
  });

  it('counts words across comments, most frequent first, accents folded together', () => {
    const top = wordFrequencies(['Technicien ponctuel', 'technicien en retard', 'Retard de 2 h, technicien sympa', 'Délai trop long', 'delai respecté'], 3);
    expect(top).toEqual([
      { word: 'technicien', count: 3 },
      { word: 'délai', count: 2 },
      { word: 'retard', count: 2 },
    ]);
  });

  it('empty input gives no words', () => {
    expect(wordFrequencies([])).toEqual([]);
    expect(wordFrequencies(['et le la', '!!'])).toEqual([]);
  });
});
