import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSolomon, SolomonFormatError } from './read.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/solomon/${name}`, import.meta.url), 'utf8');

const SMALL = ['TINY', '', 'VEHICLE', 'NUMBER     CAPACITY', '  2         50', '', 'CUSTOMER', 'CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME', ' '];

describe('readSolomon', () => {
  it('reads the CRLF 25-customer file (its last line has no CR)', () => {
    const text = fixture('C101_25.txt');
    expect(text.includes('\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(false);
    const inst = readSolomon(text);
    expect(inst.name).toBe('C101');
    expect(inst.vehicles).toBe(25);
    expect(inst.capacity).toBe(200);
    expect(inst.nodes).toHaveLength(26);
    expect(inst.nodes[0]).toEqual({ id: 0, x: 40, y: 50, demand: 0, ready: 0, due: 1236, service: 0 });
    expect(inst.nodes[25]!.id).toBe(25);
  });

  it('reads the 100-customer files, whose first 26 rows are the 25-customer file', () => {
    for (const name of ['C101', 'R101', 'RC101']) {
      const big = readSolomon(fixture(`${name}_100.txt`));
      const small = readSolomon(fixture(`${name}_25.txt`));
      expect(big.nodes).toHaveLength(101);
      expect(big.nodes.slice(0, 26)).toEqual(small.nodes);
    }
  });

  it('tolerates LF, tabs, odd spacing and trailing spaces', () => {
    const text = [...SMALL, '0\t10  10 0 0 100 0   ', '  1 12 10   5 0   50  3  ', '2  10 15 5 5 60 3'].join('\n') + '\n\n';
    const inst = readSolomon(text);
    expect(inst.nodes.map((n) => n.id)).toEqual([0, 1, 2]);
    expect(inst.nodes[2]).toEqual({ id: 2, x: 10, y: 15, demand: 5, ready: 5, due: 60, service: 3 });
  });

  it('names the line of a short row', () => {
    const text = [...SMALL, '0 10 10 0 0 100 0', '1 12 10 5 0 50'].join('\r\n');
    expect(() => readSolomon(text)).toThrow(/line 11: customer row: expected 7 numbers, got 6/);
  });

  it('rejects non-numbers, gaps in numbering and inverted windows with the line', () => {
    expect(() => readSolomon([...SMALL, '0 10 10 0 0 100 0', '1 12 x 5 0 50 3'].join('\n'))).toThrow(/line 11: customer row: "x" is not a number/);
    expect(() => readSolomon([...SMALL, '0 10 10 0 0 100 0', '2 12 10 5 0 50 3'].join('\n'))).toThrow(/line 11: expected customer number 1, got 2/);
    expect(() => readSolomon([...SMALL, '0 10 10 0 0 100 0', '1 12 10 5 60 50 3'].join('\n'))).toThrow(/line 11: customer 1: ready time 60 is after due date 50/);
  });

  it('rejects missing sections and empty files', () => {
    expect(() => readSolomon('')).toThrow(SolomonFormatError);
    expect(() => readSolomon('X\nCUSTOMER\n')).toThrow(/no "VEHICLE" section/);
    expect(() => readSolomon('X\nVEHICLE\nNUMBER CAPACITY\n2 abc\n')).toThrow(/line 4: vehicle number and capacity: "abc" is not a number/);
    expect(() => readSolomon(SMALL.join('\n'))).toThrow(/needs the depot/);
  });
});

describe('readSolomon without a final newline', () => {
  it('keeps the last row', () => {
    const text = ['T', 'VEHICLE', 'NUMBER CAPACITY', '1 10', 'CUSTOMER', 'CUST NO. X Y', '0 0 0 0 0 100 0', '1 3 4 1 0 50 2'].join('\r\n');
    expect(readSolomon(text).nodes[1]).toEqual({ id: 1, x: 3, y: 4, demand: 1, ready: 0, due: 50, service: 2 });
  });
});
