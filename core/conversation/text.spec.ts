import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, fold, sameWord, tokenize, withinOneEdit } from './text.ts';

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

  it('folds plain ASCII and accented text alike', () => {
    expect(fold('NPS du Mois')).toBe('nps du mois');
    expect(fold('clients à risque')).toBe('clients a risque');
    expect(fold('Cœur ÆTHER')).toBe('coeur aether');
  });
});

describe('distances', () => {
  it('damerauLevenshtein is the optimal string alignment distance', () => {
    expect(damerauLevenshtein('ca', 'abc')).toBe(3);
    expect(damerauLevenshtein('abcdef', 'badcfe')).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('abc', '')).toBe(3);
  });

  it('withinOneEdit agrees with damerauLevenshtein ≤ 1 on every pair of short words', () => {
    const words = [''];
    for (let len = 1; len <= 4; len++) for (const w of words.filter((x) => x.length === len - 1)) words.push(`${w}a`, `${w}b`, `${w}c`);
    let disagreements = 0;
    for (const a of words) for (const b of words) if (withinOneEdit(a, b) !== damerauLevenshtein(a, b) <= 1) disagreements++;
    expect(words.length).toBe(121);
    expect(disagreements).toBe(0);
    expect(withinOneEdit('tournee', 'tounree')).toBe(true);
    expect(withinOneEdit('tournee', 'turnne')).toBe(false);
  });
});
