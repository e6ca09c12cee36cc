import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from './csv.ts';
import { readTabularCsv } from './dataset.ts';

const fixture = readFileSync(new URL('./fixtures/telco-small.csv', import.meta.url), 'utf8');

describe('tabular CSV → matrix', () => {
  it('reads the Telco-like fixture: BOM, id dropped, text one-hot, blanks in TotalCharges kept missing and counted', () => {
    const d = readTabularCsv(fixture, { target: 'Churn' });
    expect(d.report).toMatchObject({ rows: 240, target: 'Churn', positive: 'Yes', negative: 'No' });
    expect(d.report.columns.find((c) => c.column === 'customerID')).toMatchObject({ kind: 'dropped', reason: expect.stringMatching(/identifiant/) });
    const total = d.report.columns.find((c) => c.column === 'TotalCharges')!;
    expect(total).toMatchObject({ kind: 'numeric', missing: 2 });
    expect(d.report.imputed).toBe(2);
    const j = d.features.indexOf('TotalCharges');
    const nan = Array.from({ length: d.X.rows }, (_, i) => d.X.data[i * d.X.cols + j]!).filter(Number.isNaN).length;
    expect(nan).toBe(2);
    // Contract one-hot: exactly one of its columns is 1 on every row
    const contract = d.features.map((f, k) => [f, k] as const).filter(([f]) => f.startsWith('Contract='));
    expect(contract.map(([f]) => f).sort()).toEqual(['Contract=Month-to-month', 'Contract=One year', 'Contract=Two year']);
    for (let i = 0; i < d.X.rows; i++) expect(contract.reduce((s, [, k]) => s + d.X.data[i * d.X.cols + k]!, 0)).toBe(1);
    expect(d.report.positives).toBe(Array.from(d.y).filter((v) => v === 1).length);
  });

  it('handles `;` and decimal commas, quotes, explicit --positive, --drop, and caps rare categories into "(autre)"', () => {
    const rows = ['id;ville;montant;note;sortie', ...Array.from({ length: 40 }, (_, i) => `${i};"${i < 30 ? 'Annecy' : i < 38 ? 'Thônes' : `Ville ${i}`}";${i},5;${i % 5};${i % 3 === 0 ? 'parti' : 'resté'}`)];
    const d = readTabularCsv(rows.join('\n'), { target: 'sortie', positive: 'parti', drop: ['note'], minCategoryShare: 0.1 });
    expect(d.features).toEqual(['ville=Annecy', 'ville=Thônes', 'ville=(autre)', 'montant']);
    expect(d.X.data[3 * 4 + 3]).toBe(3.5);
    expect(Array.from(d.X.data.subarray(39 * 4, 40 * 4))).toEqual([0, 0, 1, 39.5]);
    expect(d.report.columns.find((c) => c.column === 'ville')).toMatchObject({ categories: ['Annecy', 'Thônes'], other: 2 });
    expect(d.report.columns.find((c) => c.column === 'note')).toMatchObject({ kind: 'dropped', reason: 'ignorée (--drop)' });
    expect(d.report.columns.find((c) => c.column === 'id')).toMatchObject({ kind: 'dropped' });
    expect(d.report.positives).toBe(14);
  });

  it('reports odd values in a numeric column with their lines, and skips rows without a target', () => {
    const rows = ['Age,Balance,Exited', ...Array.from({ length: 60 }, (_, i) => `${20 + i},${i === 7 ? 'abc' : i * 10},${i === 12 ? '' : i % 4 === 0 ? 1 : 0}`)];
    const d = readTabularCsv(rows.join('\n'), { target: 'Exited' });
    const balance = d.report.columns.find((c) => c.column === 'Balance')!;
    expect(balance).toMatchObject({ kind: 'numeric', odd: { count: 1, lines: [9], examples: ['abc'] } });
    expect(d.report.skipped).toEqual({ count: 1, lines: [14] });
    expect(d.report.rows).toBe(59);
    expect(d.report.positive).toBe('1');
  });

  it('gives clear errors: unknown target, non-binary target, no positive value, bad CSV, empty file', () => {
    expect(() => readTabularCsv(fixture, { target: 'Churned' })).toThrow(/colonne cible « Churned » absente — colonnes : customerID, gender/);
    expect(() => readTabularCsv('a,b\n1,x\n2,y\n3,z\n', { target: 'b' })).toThrow(/exactement 2 valeurs, elle en a 3 \(« x », « y », « z »\)/);
    expect(() => readTabularCsv('a,b\n1,rouge\n2,vert\n', { target: 'b' })).toThrow(/--positive \(rouge ou vert\)/);
    expect(() => readTabularCsv('a,b\n1,rouge\n2,vert\n', { target: 'b', positive: 'bleu' })).toThrow(/valeur positive « bleu » absente/);
    expect(() => readTabularCsv('a,b\n1,2\n3\n', { target: 'b' })).toThrow(CsvError);
    expect(() => readTabularCsv('a,b\n1,2\n3\n', { target: 'b' })).toThrow(/ligne 3/);
    expect(() => readTabularCsv('\uFEFF  \n', { target: 'b' })).toThrow(/fichier vide/);
    expect(() => readCsv('a,a\n1,2\n')).toThrow(/« a » apparaît deux fois/);
    expect(() => readTabularCsv(fixture, { target: 'Churn', drop: ['nope'] })).toThrow(/colonne à ignorer « nope » absente/);
  });
});
