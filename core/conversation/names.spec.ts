import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { seedFixture } from './fixtures.ts';
import { findTechnician, loadTechnicians, mentionsSelf, type TechnicianName } from './names.ts';
import { damerauLevenshtein, tokenize } from './text.ts';

let db: Db;
let techs: TechnicianName[];
beforeAll(() => {
  db = openDb(':memory:');
  seedFixture(db);
  techs = loadTechnicians(db);
});
const who = (text: string) => findTechnician(tokenize(text), techs).technician?.name;

describe('technician names', () => {
  it.each([
    ['tournée de Karim', 'Karim Benali'], ['tournée de Benali', 'Karim Benali'], ['karim benali', 'Karim Benali'], ['KARIM', 'Karim Benali'],
    ['route for Gaëtan', 'Gaëtan Morel'], ['route for Gaetan', 'Gaëtan Morel'], ['gaëtan morel', 'Gaëtan Morel'], ['Morel', 'Gaëtan Morel'],
    ['where is Julien going', 'Julien Favre'], ['Favre', 'Julien Favre'], ['lucas', 'Lucas Perrin'], ['Perrin', 'Lucas Perrin'],
    ['Thomas Girard', 'Thomas Girard'], ['girard', 'Thomas Girard'],
    // one typo on names of ≥ 5 letters
    ['Karin', 'Karim Benali'], ['Kraim', 'Karim Benali'], ['Benalli', 'Karim Benali'], ['Gaetn', 'Gaëtan Morel'], ['Julein', 'Julien Favre'],
    ['Lukas', 'Lucas Perrin'], ['Perin', 'Lucas Perrin'], ['Tomas', 'Thomas Girard'], ['Girad', 'Thomas Girard'], ["Karim's route", 'Karim Benali'],
    // everyday short forms: a nickname, or the first 4+ letters of a long name
    ['tournée de Tom', 'Thomas Girard'], ['gaet', 'Gaëtan Morel'], ['juli demain', 'Julien Favre'],
  ])('%s → %s', (text, name) => expect(who(text)).toBe(name));

  it('does not accept two typos, nor everyday words that look like names', () => {
    expect(who('Kareem')).toBeUndefined();
    expect(who('Jlien')).toBe('Julien Favre');
    expect(who('Jln')).toBeUndefined();
    expect(who('ma tournée demain')).toBeUndefined();
    expect(who('morale')).toBeUndefined();
    expect(who('tomates')).toBeUndefined();
  });

  it('gives the id and "Prénom Nom" from dim_techniciens, not a hard-coded list', () => {
    expect(findTechnician(tokenize('tournée de Karim'), techs).technician).toEqual({ id: 3, name: 'Karim Benali' });
    db.prepare(
      `INSERT INTO dim_techniciens (technicien_id, nom, prenom, email, specialites, zone_principale, base_latitude, base_longitude)
       VALUES (6, 'Le Gall', 'Karim', 'k.legall@example.test', '[]', 1, 45.9, 6.1)`,
    ).run();
    const withTwoKarims = loadTechnicians(db);
    const ambiguous = findTechnician(tokenize('tournée de Karim'), withTwoKarims);
    expect(ambiguous.technician).toBeUndefined();
    expect(ambiguous.candidates.map((c) => c.id).sort()).toEqual([3, 6]);
    expect(findTechnician(tokenize('Karim Le Gall'), withTwoKarims).technician).toEqual({ id: 6, name: 'Karim Le Gall' });
    expect(findTechnician(tokenize('karim benali'), withTwoKarims).technician?.id).toBe(3);
    db.prepare('DELETE FROM dim_techniciens WHERE technicien_id = 6').run();
  });

  it('sees a renamed technician at the next call, and hands each caller its own list', () => {
    const before = loadTechnicians(db);
    before.pop();
    expect(loadTechnicians(db)).toHaveLength(5);
    db.prepare("UPDATE dim_techniciens SET prenom = 'Karima' WHERE technicien_id = 3").run();
    expect(loadTechnicians(db).find((x) => x.id === 3)).toEqual({ id: 3, name: 'Karima Benali', first: ['karima'], last: ['benali'] });
    db.prepare("UPDATE dim_techniciens SET prenom = 'Karim' WHERE technicien_id = 3").run();
    expect(loadTechnicians(db).find((x) => x.id === 3)?.name).toBe('Karim Benali');
  });

  it('spots self references', () => {
    expect(mentionsSelf(tokenize('ma tournée'))).toBe(true);
    expect(mentionsSelf(tokenize('mes km'))).toBe(true);
    expect(mentionsSelf(tokenize('where am I going'))).toBe(true);
    expect(mentionsSelf(tokenize('tournée de Karim'))).toBe(false);
  });
});

describe('damerauLevenshtein', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(damerauLevenshtein('karim', 'karim')).toBe(0);
    expect(damerauLevenshtein('karim', 'kraim')).toBe(1);
    expect(damerauLevenshtein('karim', 'karin')).toBe(1);
    expect(damerauLevenshtein('karim', 'karimm')).toBe(1);
    expect(damerauLevenshtein('karim', 'kareem')).toBe(2);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });
});
