import { type Line, parseNumber, tokens } from './lines.ts';
import { TsplibError } from './types.ts';

/** The (row, col) cells an EDGE_WEIGHT_FORMAT lists, in file order (symmetric: _COL twins mirror _ROW ones). */
function cells(format: string, n: number): Array<[number, number]> | null {
  const out: Array<[number, number]> = [];
  const upper = (diag: boolean) => {
    for (let i = 0; i < n; i++) for (let j = diag ? i : i + 1; j < n; j++) out.push([i, j]);
  };
  const lower = (diag: boolean) => {
    for (let i = 0; i < n; i++) for (let j = 0; diag ? j <= i : j < i; j++) out.push([i, j]);
  };
  switch (format) {
    case 'FULL_MATRIX':
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push([i, j]);
      return out;
    case 'UPPER_ROW':
    case 'LOWER_COL':
      upper(false);
      return out;
    case 'LOWER_ROW':
    case 'UPPER_COL':
      lower(false);
      return out;
    case 'UPPER_DIAG_ROW':
    case 'LOWER_DIAG_COL':
      upper(true);
      return out;
    case 'LOWER_DIAG_ROW':
    case 'UPPER_DIAG_COL':
      lower(true);
      return out;
    default:
      return null;
  }
}

/** EDGE_WEIGHT_SECTION → full symmetric n×n matrix (row-major). Numbers may span lines freely. */
/** How many numbers an EDGE_WEIGHT_FORMAT lists for n nodes; null when the format is not supported. */
function cellCount(format: string, n: number): number | null {
  if (format === 'FULL_MATRIX') return n * n;
  if (['UPPER_ROW', 'LOWER_COL', 'LOWER_ROW', 'UPPER_COL'].includes(format)) return (n * (n - 1)) / 2;
  if (['UPPER_DIAG_ROW', 'LOWER_DIAG_COL', 'LOWER_DIAG_ROW', 'UPPER_DIAG_COL'].includes(format)) return (n * (n + 1)) / 2;
  return null;
}

export function explicitWeights(section: readonly Line[], n: number, format: string, name: string): Float64Array {
  // Count before building the n² cell list and matrix: a corrupted DIMENSION must be a TsplibError at once, not a
  // hang, an out-of-memory or a RangeError.
  const needed = cellCount(format, n);
  const given = section.reduce((sum, line) => sum + tokens(line).length, 0);
  if (needed !== null && given < needed) {
    throw new TsplibError(`${name}: EDGE_WEIGHT_SECTION has ${given} numbers but ${format} with DIMENSION ${n} needs ${needed}`);
  }
  const order = cells(format, n);
  if (!order) {
    throw new TsplibError(
      `${name}: EDGE_WEIGHT_FORMAT "${format || '(missing)'}" is not supported (FULL_MATRIX, UPPER_ROW, LOWER_ROW, UPPER_DIAG_ROW, LOWER_DIAG_ROW, or a _COL twin)`,
    );
  }
  const w = new Float64Array(n * n);
  let k = 0;
  for (const line of section) {
    for (const tok of tokens(line)) {
      const v = parseNumber(tok, line, name);
      const cell = order[k++];
      if (!cell) throw new TsplibError(`${name}: line ${line.no}: EDGE_WEIGHT_SECTION has more than the ${order.length} numbers ${format} needs for DIMENSION ${n}`);
      const [i, j] = cell;
      if (format === 'FULL_MATRIX' && j < i && w[j * n + i] !== v) {
        throw new TsplibError(`${name}: line ${line.no}: FULL_MATRIX is not symmetric at (${i + 1}, ${j + 1}); asymmetric TSP is not supported`);
      }
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  if (k !== order.length) {
    throw new TsplibError(`${name}: EDGE_WEIGHT_SECTION has ${k} numbers but ${format} with DIMENSION ${n} needs ${order.length}`);
  }
  for (let i = 0; i < n; i++) w[i * n + i] = 0;
  return w;
}
