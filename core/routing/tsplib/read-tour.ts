import { isKeywordLine, parseKeyword, parseNumber, splitLines, tokens } from './lines.ts';
import { type TsplibTour, TsplibError } from './types.ts';

/**
 * Reads a TSPLIB tour file (`.opt.tour`): TOUR_SECTION of 1-based node ids, ended by -1 or EOF.
 * Checks the ids are positive integers and their count matches DIMENSION when given; whether they form a
 * permutation is the checker's business (core/routing/check/tour.ts).
 */
export function readTour(text: string, name = 'tour'): TsplibTour {
  const lines = splitLines(text);
  let tourName = name;
  let dimension: number | null = null;
  const nodes: number[] = [];
  let inSection = false;
  let ended = false;
  let sawSection = false;
  for (const line of lines) {
    if (ended) break;
    if (isKeywordLine(line)) {
      const kv = parseKeyword(line);
      if (!kv) throw new TsplibError(`${name}: line ${line.no}: cannot read "${line.text}"`);
      const [key, value] = kv;
      if (key === 'EOF') break;
      inSection = key === 'TOUR_SECTION';
      if (inSection) sawSection = true;
      if (key === 'NAME' && value) tourName = value.replace(/\.opt\.tour$|\.tour$/i, '');
      if (key === 'DIMENSION') {
        if (!/^\d+$/.test(value)) throw new TsplibError(`${name}: line ${line.no}: DIMENSION must be a positive integer, got "${value}"`);
        dimension = Number(value);
      }
      continue;
    }
    if (!inSection) throw new TsplibError(`${name}: line ${line.no}: data outside TOUR_SECTION: "${line.text}"`);
    for (const tok of tokens(line)) {
      const v = parseNumber(tok, line, name);
      if (v === -1) {
        ended = true;
        break;
      }
      if (!Number.isInteger(v) || v < 1) throw new TsplibError(`${name}: line ${line.no}: node id must be a positive integer, got "${tok}"`);
      nodes.push(v);
    }
  }
  if (!sawSection) throw new TsplibError(`${name}: missing TOUR_SECTION`);
  if (dimension !== null && nodes.length !== dimension) {
    throw new TsplibError(`${name}: TOUR_SECTION has ${nodes.length} nodes but DIMENSION is ${dimension}`);
  }
  return { name: tourName, dimension, nodes };
}
