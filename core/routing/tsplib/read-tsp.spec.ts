import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMatrix, readTsplib, TsplibError } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tsplib/${name}`, import.meta.url), 'utf8');

const square = (header: string, coords: string, tail = 'EOF\n') =>
  `NAME : sq\nTYPE : TSP\nDIMENSION : 4\n${header}NODE_COORD_SECTION\n${coords}${tail}`;
const SQUARE = '1 0 0\n2 3 0\n3 3 4\n4 0 4\n';

describe('readTsplib', () => {
  it('reads the shared files with their quirks (KEY: value, NAME with .tsp, space before EOF, trailing spaces, blank lines after EOF)', () => {
    const u = readTsplib(fixture('ulysses16.tsp'));
    expect(u).toMatchObject({ name: 'ulysses16', dimension: 16, edgeWeightType: 'GEO' });
    expect(u.x?.[0]).toBe(38.24);
    expect(u.y?.[0]).toBe(20.42);
    const b = readTsplib(fixture('burma14.tsp'));
    expect(b).toMatchObject({ name: 'burma14', dimension: 14, edgeWeightType: 'GEO' });
    expect(b.x?.[13]).toBe(20.09);
    const a = readTsplib(fixture('att48.tsp'));
    expect(a).toMatchObject({ dimension: 48, edgeWeightType: 'ATT' });
  });

  it('tolerates CRLF, leading and trailing spaces, scientific notation, a missing EOF and `KEY:value`', () => {
    const text = ` NAME:sq  \r\nTYPE: TSP \r\nDIMENSION :4\r\nEDGE_WEIGHT_TYPE :  EUC_2D  \r\nNODE_COORD_SECTION \r\n  1  0.0e+00 0\r\n 2 3.00000e+00   0.0\r\n3 3 4E0\r\n4 -0 .4e1 \r\n`;
    const inst = readTsplib(text);
    expect(Array.from(inst.x!)).toEqual([0, 3, 3, -0]);
    expect(Array.from(inst.y!)).toEqual([0, 0, 4, 4]);
    expect(Array.from(buildMatrix(inst))).toEqual([0, 3, 5, 4, 3, 0, 4, 5, 5, 4, 0, 3, 4, 5, 3, 0]);
  });

  it('accepts node lines in any order and an annotated TYPE', () => {
    const inst = readTsplib(square('EDGE_WEIGHT_TYPE: CEIL_2D\n', '3 3 4\n1 0 0\n4 0 4\n2 3 0\n').replace('TYPE : TSP', 'TYPE : TSP (M.~HOFMEISTER)'));
    expect(Array.from(inst.x!)).toEqual([0, 3, 3, 0]);
  });

  it('reads EXPLICIT matrices in every symmetric format to the same full matrix', () => {
    // The 4-node square: d(1,2)=3, d(1,3)=5, d(1,4)=4, d(2,3)=4, d(2,4)=5, d(3,4)=3.
    const expected = [0, 3, 5, 4, 3, 0, 4, 5, 5, 4, 0, 3, 4, 5, 3, 0];
    const bodies: Record<string, string> = {
      FULL_MATRIX: '0 3 5 4\n3 0 4 5\n5 4 0 3\n4 5 3 0',
      UPPER_ROW: '3 5 4\n4 5\n3',
      LOWER_ROW: '3\n5 4\n4 5 3',
      UPPER_DIAG_ROW: '0 3 5 4 0 4 5 0 3 0',
      LOWER_DIAG_ROW: '0\n3 0\n5 4 0\n4 5 3 0',
      UPPER_COL: '3 5 4 4 5 3',
      LOWER_COL: '3 5 4 4 5 3',
    };
    for (const [format, body] of Object.entries(bodies)) {
      const text = `NAME: e\nTYPE: TSP\nDIMENSION: 4\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: ${format}\nEDGE_WEIGHT_SECTION\n${body}\nDISPLAY_DATA_SECTION\n1 0 0\n2 3 0\n3 3 4\n4 0 4\nEOF\n`;
      expect(Array.from(buildMatrix(readTsplib(text))), format).toEqual(expected);
    }
  });

  it('rejects bad files with a clear message', () => {
    const err = (text: string) => {
      try {
        readTsplib(text, 'bad.tsp');
      } catch (e) {
        expect(e).toBeInstanceOf(TsplibError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_3D\n', SQUARE))).toMatch(/unknown or unsupported EDGE_WEIGHT_TYPE "EUC_3D"/);
    expect(err(square('', SQUARE))).toMatch(/missing EDGE_WEIGHT_TYPE/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', '1 0 0\n2 3 0\n3 3 4\n'))).toMatch(/NODE_COORD_SECTION has 3 nodes but DIMENSION is 4/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', SQUARE + '5 1 1\n'))).toMatch(/line 10: node id 5 is outside 1..4/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', '1 0 0\n2 3 0\n3 3,5 4\n4 0 4\n'))).toMatch(/line 8: bad number "3,5"/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', '1 0 0\n2 3 0\n3 3 4 7\n4 0 4\n'))).toMatch(/line 8: expected "id x y"/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', '1 0 0\n1 3 0\n3 3 4\n4 0 4\n'))).toMatch(/line 7: node 1 appears twice/);
    expect(err('NAME: x\nTYPE: TSP\nDIMENSION: 4\nEDGE_WEIGHT_TYPE: EUC_2D\nEOF\n')).toMatch(/no NODE_COORD_SECTION/);
    expect(err('NAME: x\nTYPE: TSP\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n')).toMatch(/missing DIMENSION/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', SQUARE).replace('DIMENSION : 4', 'DIMENSION : four'))).toMatch(/DIMENSION must be a positive integer, got "four"/);
    expect(err(square('EDGE_WEIGHT_TYPE : EUC_2D\n', SQUARE).replace('TYPE : TSP', 'TYPE : ATSP'))).toMatch(/TYPE ATSP is not supported/);
    expect(err('NAME: e\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2\nEOF\n')).toMatch(/has 2 numbers but UPPER_ROW with DIMENSION 3 needs 3/);
    expect(err('NAME: e\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1\n2 0\nEOF\n')).toMatch(/not symmetric/);
    expect(err('NAME: e\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: FUNCTION\nEDGE_WEIGHT_SECTION\n1\nEOF\n')).toMatch(/EDGE_WEIGHT_FORMAT "FUNCTION" is not supported/);
    expect(err('NAME: e\nDIMENSION: 2\n7 1 2\n')).toMatch(/line 3: data outside any section/);
  });
});
