import { type Line, isKeywordLine, parseKeyword, parseNumber, splitLines, tokens } from './lines.ts';
import { EDGE_WEIGHT_TYPES, type EdgeWeightType, type TspInstance, TsplibError } from './types.ts';
import { explicitWeights } from './explicit.ts';

const SUPPORTED_TYPES = new Set(['TSP']);

/**
 * Reads a symmetric TSPLIB `.tsp` file: EUC_2D, CEIL_2D, ATT and GEO coordinates, or EXPLICIT weights
 * (FULL_MATRIX, UPPER_ROW, LOWER_ROW, UPPER_DIAG_ROW, LOWER_DIAG_ROW and their _COL twins).
 * Tolerates `KEY : value` / `KEY: value`, trailing spaces, CRLF, blank lines, a missing or spaced `EOF`.
 * Throws a TsplibError naming the file, the line and the reason.
 */
export function readTsplib(text: string, name = 'instance'): TspInstance {
  const lines = splitLines(text);
  const headers = new Map<string, string>();
  const sections = new Map<string, Line[]>();
  let current: Line[] | null = null;
  for (const line of lines) {
    if (!isKeywordLine(line)) {
      if (!current) throw new TsplibError(`${name}: line ${line.no}: data outside any section: "${line.text}"`);
      current.push(line);
      continue;
    }
    const kv = parseKeyword(line);
    if (!kv) throw new TsplibError(`${name}: line ${line.no}: cannot read "${line.text}" (expected KEY : value)`);
    const [key, value] = kv;
    if (key === 'EOF') break;
    if (key.endsWith('_SECTION')) {
      if (sections.has(key)) throw new TsplibError(`${name}: line ${line.no}: ${key} appears twice`);
      current = [];
      sections.set(key, current);
      // Some writers put the first data on the keyword line itself ("EDGE_WEIGHT_SECTION: 1 2 3").
      if (value !== '') current.push({ no: line.no, text: value });
      continue;
    }
    current = null;
    headers.set(key, value);
  }

  const fileName = headers.get('NAME')?.replace(/\.tsp$/i, '') || name;
  // Some files annotate the type ("TSP (M.~HOFMEISTER)"): the first word is the type.
  const type = (headers.get('TYPE') ?? 'TSP').split(/\s+/)[0]!.toUpperCase();
  if (!SUPPORTED_TYPES.has(type)) throw new TsplibError(`${name}: TYPE ${type} is not supported (symmetric TSP only)`);

  const dimRaw = headers.get('DIMENSION');
  if (dimRaw === undefined) throw new TsplibError(`${name}: missing DIMENSION`);
  if (!/^\d+$/.test(dimRaw) || Number(dimRaw) < 1) throw new TsplibError(`${name}: DIMENSION must be a positive integer, got "${dimRaw}"`);
  const n = Number(dimRaw);

  const ewt = (headers.get('EDGE_WEIGHT_TYPE') ?? '').toUpperCase();
  if (ewt === '') throw new TsplibError(`${name}: missing EDGE_WEIGHT_TYPE`);
  if (!(EDGE_WEIGHT_TYPES as readonly string[]).includes(ewt)) {
    throw new TsplibError(`${name}: unknown or unsupported EDGE_WEIGHT_TYPE "${ewt}" (supported: ${EDGE_WEIGHT_TYPES.join(', ')})`);
  }
  const edgeWeightType = ewt as EdgeWeightType;
  const base = { name: fileName, comment: headers.get('COMMENT') ?? '', dimension: n, edgeWeightType };

  if (edgeWeightType === 'EXPLICIT') {
    const section = sections.get('EDGE_WEIGHT_SECTION');
    if (!section) throw new TsplibError(`${name}: EDGE_WEIGHT_TYPE EXPLICIT but no EDGE_WEIGHT_SECTION`);
    const format = (headers.get('EDGE_WEIGHT_FORMAT') ?? '').toUpperCase();
    const weights = explicitWeights(section, n, format, name);
    const coords = sections.has('NODE_COORD_SECTION') ? readCoords(sections.get('NODE_COORD_SECTION')!, n, name) : null;
    return { ...base, x: coords?.x ?? null, y: coords?.y ?? null, weights };
  }
  const section = sections.get('NODE_COORD_SECTION');
  if (!section) throw new TsplibError(`${name}: EDGE_WEIGHT_TYPE ${ewt} but no NODE_COORD_SECTION`);
  const { x, y } = readCoords(section, n, name);
  return { ...base, x, y, weights: null };
}

/** NODE_COORD_SECTION: exactly n lines `id x y`, ids 1..n each once (any order). */
function readCoords(section: readonly Line[], n: number, name: string): { x: Float64Array; y: Float64Array } {
  // before allocating n of anything: a corrupted DIMENSION (4294967297) must be a TsplibError, not a RangeError
  if (section.length < n) throw new TsplibError(`${name}: NODE_COORD_SECTION has ${section.length} nodes but DIMENSION is ${n}`);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const seen = new Uint8Array(n);
  for (const line of section) {
    const t = tokens(line);
    if (t.length !== 3) throw new TsplibError(`${name}: line ${line.no}: expected "id x y", got "${line.text}"`);
    const id = parseNumber(t[0]!, line, name);
    if (!Number.isInteger(id) || id < 1 || id > n) {
      throw new TsplibError(`${name}: line ${line.no}: node id ${t[0]} is outside 1..${n} (DIMENSION mismatch?)`);
    }
    if (seen[id - 1]) throw new TsplibError(`${name}: line ${line.no}: node ${id} appears twice`);
    seen[id - 1] = 1;
    x[id - 1] = parseNumber(t[1]!, line, name);
    y[id - 1] = parseNumber(t[2]!, line, name);
  }
  if (section.length !== n) {
    throw new TsplibError(`${name}: NODE_COORD_SECTION has ${section.length} nodes but DIMENSION is ${n}`);
  }
  return { x, y };
}
