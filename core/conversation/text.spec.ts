import { describe, expect, it } from 'vitest';
import { fold, sameWord, tokenize } from './text.ts';

describe('text folding', () => {
  it('removes accents, case and punctuation', () => {
    expect(fold('Tournée DÉCEMBRE Gaëtan œuvre')).toBe('tournee decembre gaetan oeuvre');
    expect(tokenize("Où va Karim aujourd'hui ?!")).toEqual(['ou', 'va', 'karim', 'aujourd', 'hui']);
    expect(tokenize('après-demain, 03/12/2026')).toEqual(['apres', 'demain', '03', '12', '2026']);
    expect(tokenize("'; DROP TABLE users; --")).toEqual(['drop', 'table', 'users']);
    expect(tokenize('?!… 👍')).toEqual([]);
  });

  it('tolerates one typo on long enough words only', () => {
    expect(sameWord('tournne', 'tournee', 6)).toBe(true);
    expect(sameWord('tounree', 'tournee', 6)).toBe(true);
    expect(sameWord('tourne', 'tournee', 6)).toBe(true);
    expect(sameWord('turnne', 'tournee', 6)).toBe(false);
    expect(sameWord('rout', 'route', 6)).toBe(false);
  });
});
