/**
 * A tabular CSV → a numeric matrix and a 0/1 target, for checking the model on any data:
 * - numeric columns are used as numbers; blanks (and NA, NaN, null, ?) stay missing (NaN) and are counted —
 *   each model imputes them with the median of its training rows; a mostly numeric column (≥ 95 % of its
 *   filled cells) keeps its odd values as missing too, counted with their first lines;
 * - text columns are one-hot encoded: categories kept by frequency (at least `minCategoryShare` of the rows,
 *   at most `maxCategories`), the rest in one "(autre)" column; blanks get their own "(vide)" column;
 * - identifiers are dropped unless kept with `keepIds`: a text column whose values are all distinct
 *   (customerID), an integer column whose values are all distinct and whose name says id/number/index
 *   (RowNumber, CustomerId); a constant column is dropped too. Every choice is in the report.
 */
import { CsvError, readCsv, type CsvTable } from './csv.ts';
import type { Labeled } from './matrix.ts';

export interface TabularOptions {
  readonly target: string;
  /** the positive class value; default 1 / yes / true / oui / churn when the target has one of them */
  readonly positive?: string;
  readonly drop?: readonly string[];
  readonly maxCategories?: number;
  readonly minCategoryShare?: number;
  readonly keepIds?: boolean;
}

export interface ColumnReport {
  readonly column: string;
  readonly kind: 'numeric' | 'categorical' | 'dropped';
  /** for dropped columns: why */
  readonly reason?: string;
  /** blank cells (numeric: imputed by the models; categorical: the "(vide)" category) */
  readonly missing: number;
  /** numeric columns: non-numeric values treated as missing, and their first lines */
  readonly odd?: { readonly count: number; readonly lines: readonly number[]; readonly examples: readonly string[] };
  /** categorical: the kept categories and how many rows went to "(autre)" */
  readonly categories?: readonly string[];
  readonly other?: number;
}

export interface DatasetReport {
  readonly rows: number;
  readonly target: string;
  readonly positive: string;
  readonly negative: string;
  readonly positives: number;
  /** rows skipped because their target is blank, with their lines (first 10) */
  readonly skipped: { readonly count: number; readonly lines: readonly number[] };
  readonly columns: readonly ColumnReport[];
  /** total missing numeric cells the models impute */
  readonly imputed: number;
}

export interface TabularDataset extends Labeled {
  readonly report: DatasetReport;
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);
const NUMBER = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/;
const POSITIVE_NAMES = ['1', 'yes', 'true', 'oui', 'y', 'o', 'churn', 'churned', 'exited', 'vrai'];
const ID_NAME = /(^|[^a-z])id$|^id|number$|^index$|^row|numero$|^num$/i;
const CAMEL_ID = /[a-z](Id|ID)$/;

export const isMissing = (s: string): boolean => MISSING.has(s.trim().toLowerCase());
const toNumber = (s: string): number => Number(s.replace(',', '.'));

export function readTabularCsv(text: string, options: TabularOptions, name = 'CSV'): TabularDataset {
  return encodeTable(readCsv(text, name), options, name);
}

export function encodeTable(table: CsvTable, options: TabularOptions, name = 'CSV'): TabularDataset {
  const { header } = table;
  const targetIndex = header.indexOf(options.target);
  if (targetIndex < 0) throw new CsvError(`${name} : colonne cible « ${options.target} » absente — colonnes : ${header.join(', ')}`);
  for (const d of options.drop ?? []) {
    if (!header.includes(d)) throw new CsvError(`${name} : colonne à ignorer « ${d} » absente — colonnes : ${header.join(', ')}`);
  }
  // the target: exactly two values
  const kept: number[] = [];
  const skippedLines: number[] = [];
  const counts = new Map<string, number>();
  table.rows.forEach((r, i) => {
    const v = (r[targetIndex] ?? '').trim();
    if (isMissing(v)) {
      skippedLines.push(table.lines[i]!);
      return;
    }
    kept.push(i);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  });
  const values = [...counts.keys()];
  if (values.length !== 2) {
    const shown = values.slice(0, 8).map((v) => `« ${v} »`).join(', ');
    throw new CsvError(
      `${name} : la cible « ${options.target} » doit avoir exactement 2 valeurs, elle en a ${values.length}${values.length ? ` (${shown}${values.length > 8 ? '…' : ''})` : ''}`,
    );
  }
  const positive = options.positive ?? values.find((v) => POSITIVE_NAMES.includes(v.toLowerCase()));
  if (positive === undefined) throw new CsvError(`${name} : cible « ${options.target} » : dites quelle valeur est positive avec --positive (${values.join(' ou ')})`);
  if (!counts.has(positive)) throw new CsvError(`${name} : valeur positive « ${positive} » absente de la cible « ${options.target} » (valeurs : ${values.join(', ')})`);
  const negative = values.find((v) => v !== positive)!;

  const n = kept.length;
  const y = new Uint8Array(n);
  kept.forEach((i, k) => {
    y[k] = (table.rows[i]![targetIndex] ?? '').trim() === positive ? 1 : 0;
  });

  const reports: ColumnReport[] = [];
  const encoders: ((row: string[], out: Float64Array, at: number) => void)[] = [];
  const features: string[] = [];
  const drop = new Set(options.drop ?? []);
  const maxCategories = options.maxCategories ?? 20;
  const minCount = Math.max(1, Math.ceil((options.minCategoryShare ?? 0.005) * n));
  let imputed = 0;

  header.forEach((column, j) => {
    if (j === targetIndex) return;
    if (drop.has(column)) {
      reports.push({ column, kind: 'dropped', reason: 'ignorée (--drop)', missing: 0 });
      return;
    }
    const cells = kept.map((i) => (table.rows[i]![j] ?? '').trim());
    const filled = cells.filter((c) => !isMissing(c));
    const missing = n - filled.length;
    const numeric = filled.filter((c) => NUMBER.test(c));
    if (filled.length === 0) {
      reports.push({ column, kind: 'dropped', reason: 'toujours vide', missing });
      return;
    }
    const distinct = new Set(filled);
    if (distinct.size === 1 && missing === 0) {
      reports.push({ column, kind: 'dropped', reason: 'constante', missing });
      return;
    }
    if (numeric.length >= 0.95 * filled.length) {
      const allDistinct = distinct.size === filled.length && filled.length === n;
      if (!options.keepIds && allDistinct && numeric.every((c) => /^[-+]?\d+$/.test(c)) && (ID_NAME.test(column) || CAMEL_ID.test(column))) {
        reports.push({ column, kind: 'dropped', reason: 'identifiant (entiers tous distincts)', missing });
        return;
      }
      const oddLines: number[] = [];
      const oddExamples: string[] = [];
      let odd = 0;
      cells.forEach((c, k) => {
        if (!isMissing(c) && !NUMBER.test(c)) {
          odd++;
          if (oddLines.length < 10) oddLines.push(table.lines[kept[k]!]!);
          if (oddExamples.length < 5 && !oddExamples.includes(c)) oddExamples.push(c);
        }
      });
      imputed += missing + odd;
      const col = features.length;
      features.push(column);
      encoders.push((row, out, at) => {
        const c = (row[j] ?? '').trim();
        out[at + col] = isMissing(c) || !NUMBER.test(c) ? NaN : toNumber(c);
      });
      reports.push(odd > 0 ? { column, kind: 'numeric', missing, odd: { count: odd, lines: oddLines, examples: oddExamples } } : { column, kind: 'numeric', missing });
      return;
    }
    if (!options.keepIds && distinct.size === filled.length && filled.length === n) {
      reports.push({ column, kind: 'dropped', reason: 'identifiant (valeurs toutes distinctes)', missing });
      return;
    }
    const freq = new Map<string, number>();
    for (const c of cells) freq.set(isMissing(c) ? '' : c, (freq.get(isMissing(c) ? '' : c) ?? 0) + 1);
    const ranked = [...freq.entries()].filter(([v, k]) => v !== '' && k >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const categories = ranked.slice(0, maxCategories).map(([v]) => v);
    const keptSet = new Set(categories);
    const other = cells.filter((c) => !isMissing(c) && !keptSet.has(c)).length;
    const levels = [...categories, ...(other > 0 ? ['(autre)'] : []), ...(missing > 0 ? ['(vide)'] : [])];
    if (levels.length < 2) {
      reports.push({ column, kind: 'dropped', reason: `aucune catégorie assez fréquente (≥ ${minCount} lignes)`, missing });
      return;
    }
    const base = features.length;
    const index = new Map(levels.map((l, k) => [l, base + k]));
    for (const l of levels) features.push(`${column}=${l}`);
    encoders.push((row, out, at) => {
      const c = (row[j] ?? '').trim();
      const level = isMissing(c) ? '(vide)' : keptSet.has(c) ? c : '(autre)';
      out[at + index.get(level)!] = 1;
    });
    reports.push({ column, kind: 'categorical', missing, categories, other });
  });

  if (features.length === 0) throw new CsvError(`${name} : aucune colonne utilisable en dehors de la cible « ${options.target} »`);
  const cols = features.length;
  const data = new Float64Array(n * cols);
  kept.forEach((i, k) => {
    for (const enc of encoders) enc(table.rows[i]!, data, k * cols);
  });
  let positives = 0;
  for (const v of y) positives += v;
  if (positives < 2 || n - positives < 2) throw new CsvError(`${name} : trop peu de lignes par classe (${positives} positives, ${n - positives} négatives)`);
  return {
    X: { rows: n, cols, data },
    y,
    features,
    report: {
      rows: n,
      target: options.target,
      positive,
      negative,
      positives,
      skipped: { count: skippedLines.length, lines: skippedLines.slice(0, 10) },
      columns: reports,
      imputed,
    },
  };
}
