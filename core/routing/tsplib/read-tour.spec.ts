import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTour, TsplibError } from './index.ts';

describe('readTour', () => {
  it('reads an .opt.tour file (1-based ids ended by -1)', () => {
    const t = readTour(readFileSync(new URL('../fixtures/tsplib/eil51.opt.tour', import.meta.url), 'utf8'));
    expect(t.name).toBe('eil51');
    expect(t.dimension).toBe(51);
    expect(t.nodes).toHaveLength(51);
    expect(t.nodes[0]).toBe(1);
    expect(new Set(t.nodes).size).toBe(51);
  });

  it('accepts ids on one line, CRLF, and a tour ended by EOF without -1', () => {
    expect(readTour('NAME : x.tour\r\nTYPE : TOUR\r\nTOUR_SECTION\r\n3 1 2\r\nEOF\r\n').nodes).toEqual([3, 1, 2]);
    expect(readTour('TOUR_SECTION\n2\n1\n').nodes).toEqual([2, 1]);
  });

  it('rejects bad tours clearly', () => {
    expect(() => readTour('DIMENSION : 3\nTOUR_SECTION\n1\n2\n-1\n', 't')).toThrow(/TOUR_SECTION has 2 nodes but DIMENSION is 3/);
    expect(() => readTour('TOUR_SECTION\n1\n2.5\n-1\n', 't')).toThrow(/line 3: node id must be a positive integer, got "2.5"/);
    expect(() => readTour('TOUR_SECTION\n1\nx2\n', 't')).toThrow(TsplibError);
    expect(() => readTour('NAME : t\nEOF\n', 't')).toThrow(/missing TOUR_SECTION/);
  });
});
