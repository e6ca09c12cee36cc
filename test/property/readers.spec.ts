/**
 * TSPLIB (.tsp, .opt.tour) and Solomon readers on mutated real files (../shared/data): lines dropped, doubled,
 * swapped or cut, tokens replaced by garbage or extreme numbers, headers changed (a huge DIMENSION, another
 * format), bytes flipped. Each read either returns an instance or throws the reader's own error
 * (TsplibError / SolomonFormatError) with a message — never a TypeError or RangeError, never a hang (each read
 * is timed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSolomon, SolomonFormatError } from '../../core/routing/solomon/index.ts';
import { readTour, readTsplib, TsplibError } from '../../core/routing/tsplib/index.ts';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const files = (dir: string, ext: RegExp): { name: string; text: string }[] =>
  readdirSync(join(DATA, dir))
    .filter((f) => ext.test(f))
    .map((f) => ({ name: f, text: readFileSync(join(DATA, dir, f), 'utf8') }))
    // the small ones keep the runs fast; the mutations are what matters
    .filter((f) => f.text.length < 40_000);

const TSP = files('tsplib', /\.tsp$/);
const TOURS = files('tsplib', /\.opt\.tour$/);
const SOLOMON = files('solomon', /_(25|100)\.txt$/);

/** Values a broken or hostile file may hold. */
const garbage = fc.oneof(
  fc.constantFrom('', ' ', '-1', '0', '-0', '1e309', '-1e309', 'NaN', 'Infinity', '1e-400', '99999999999', '123456789012345678901234567890',
    '2147483648', '4294967297', '1.5', ',', ':', 'EOF', 'NODE_COORD_SECTION', 'EDGE_WEIGHT_SECTION', 'TOUR_SECTION', 'DIMENSION : 1000000000',
    'DIMENSION: 3000000', 'EDGE_WEIGHT_TYPE : EXPLICIT', 'EDGE_WEIGHT_FORMAT : FULL_MATRIX', 'EDGE_WEIGHT_FORMAT: LOWER_DIAG_ROW', 'TYPE : ATSP',
    'VEHICLE', 'NUMBER     CAPACITY', 'CUSTOMER', 'CUST NO.  XCOORD.', '\u0000', '\uFEFF', '\r', '\t', '１２３', '٣', 'x'.repeat(10_000)),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);

type Mutation = (lines: string[]) => string[];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (l) => l.filter((_, k) => k !== i % Math.max(1, l.length))),
  fc.nat().map((i): Mutation => (l) => l.flatMap((x, k) => (k === i % Math.max(1, l.length) ? [x, x] : [x]))),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => (l) => {
    // (an empty list has nothing to swap: swapping index 0 with itself would put an undefined line in it)
    if (l.length < 2) return l;
    const a = i % Math.max(1, l.length);
    const b = j % Math.max(1, l.length);
    const out = [...l];
    [out[a], out[b]] = [out[b]!, out[a]!];
    return out;
  }),
  fc.tuple(fc.nat(), fc.nat(), garbage).map(([i, t, g]): Mutation => (l) =>
    l.map((x, k) => {
      if (k !== i % Math.max(1, l.length)) return x;
      const toks = x.split(/(\s+)/);
      const words = toks.map((w, n) => [w, n] as const).filter(([w]) => w.trim() !== '');
      if (words.length === 0) return g;
      toks[words[t % words.length]![1]] = g;
      return toks.join('');
    }),
  ),
  fc.tuple(fc.nat(), garbage).map(([i, g]): Mutation => (l) => [...l.slice(0, i % (l.length + 1)), g, ...l.slice(i % (l.length + 1))]),
  fc.nat().map((i): Mutation => (l) => l.slice(0, i % (l.length + 1))),
  fc.tuple(fc.constantFrom('DIMENSION', 'EDGE_WEIGHT_TYPE', 'EDGE_WEIGHT_FORMAT', 'TYPE', 'NAME'), garbage).map(([key, g]): Mutation => (l) =>
    l.map((x) => (x.trim().toUpperCase().startsWith(key) ? `${key} : ${g}` : x)),
  ),
  fc.constantFrom<Mutation>(
    (l) => l.map((x) => (/^\s*DIMENSION/i.test(x) ? 'DIMENSION : 2000000000' : x)),
    (l) => l.map((x) => (/^\s*DIMENSION/i.test(x) ? 'DIMENSION : 250000' : x)),
    (l) => l.map((x) => x.replace(/\s+/g, '\t')),
    (l) => l.map((x) => x.toLowerCase()),
    (l) => [l.join('\r')],
    (l) => l.reverse(),
  ),
);

/** 1 to 4 mutations on the file's lines, then maybe a flipped byte. */
const mutate = (text: string): fc.Arbitrary<string> =>
  fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })), { nil: undefined })).map(([ms, flip]) => {
    let lines = text.split('\n');
    for (const m of ms) lines = m(lines);
    let out = lines.join('\n');
    if (flip && out.length > 0) {
      const at = flip[0] % out.length;
      out = out.slice(0, at) + String.fromCharCode(flip[1]) + out.slice(at + 1);
    }
    return out;
  });

const MAX_MS = 2000;

function expectClean(read: () => unknown, errorClass: new (...a: never[]) => Error): void {
  const t0 = performance.now();
  try {
    read();
  } catch (e) {
    if (!(e instanceof errorClass)) throw new Error(`expected ${errorClass.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    if (e.message.length < 10) throw new Error(`unclear error message: "${e.message}"`);
  }
  const ms = performance.now() - t0;
  if (ms > MAX_MS) throw new Error(`read took ${Math.round(ms)} ms`);
}

describe('readers on mutated real files', () => {
  it('the untouched files read (sanity)', () => {
    expect(TSP.length).toBeGreaterThan(5);
    expect(SOLOMON.length).toBeGreaterThan(3);
    for (const f of TSP) expect(readTsplib(f.text, f.name).dimension).toBeGreaterThan(1);
    for (const f of TOURS) expect(readTour(f.text, f.name).nodes.length).toBeGreaterThan(1);
    for (const f of SOLOMON) expect(readSolomon(f.text).nodes.length).toBeGreaterThan(1);
  });

  it('readTsplib: an instance or a TsplibError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TSP).chain((f) => mutate(f.text).map((text) => ({ name: f.name, text }))), ({ name, text }) => expectClean(() => readTsplib(text, name), TsplibError)),
      { numRuns: 400 },
    );
  });

  it('readTour: a tour or a TsplibError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TOURS).chain((f) => mutate(f.text).map((text) => ({ name: f.name, text }))), ({ name, text }) => expectClean(() => readTour(text, name), TsplibError)),
      { numRuns: 300 },
    );
  });

  it('readSolomon: an instance or a SolomonFormatError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOLOMON).chain((f) => mutate(f.text)), (text) => expectClean(() => readSolomon(text), SolomonFormatError)),
      { numRuns: 300 },
    );
  });

  it('arbitrary text: never anything but the readers’ errors', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectClean(() => readTsplib(text), TsplibError);
        expectClean(() => readTour(text), TsplibError);
        expectClean(() => readSolomon(text), SolomonFormatError);
      }),
      { numRuns: 150 },
    );
  });
});
