import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSolomon } from '../solomon/index.ts';
import type { Convention } from '../vrptw/index.ts';
import { checkRoutes } from './routes.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/solomon/${name}`, import.meta.url), 'utf8');

interface Reference {
  file: string;
  convention: Convention;
  distance: number;
  routes: number[][];
}

/** The LKH-3 reference routes of bks_routes.txt, one block per instance and convention. */
function references(): Reference[] {
  const refs: Reference[] = [];
  for (const line of fixture('bks_routes.txt').split(/\r?\n/)) {
    const head = /^\[(\w+) vehicles=\d+ distance=([\d.]+) convention=(.*)\]$/.exec(line);
    if (head) refs.push({ file: `${head[1]}.txt`, distance: Number(head[2]), convention: /truncated/.test(head[3]!) ? 'trunc1' : 'double', routes: [] });
    else if (/^\d/.test(line)) refs.at(-1)!.routes.push(line.trim().split(/\s+/).map(Number));
  }
  return refs;
}

describe('checkRoutes', () => {
  const refs = references();

  it('finds the nine reference blocks', () => {
    expect(refs).toHaveLength(9);
  });

  it.each(refs.map((r) => [r.file, r.convention, r] as const))('reproduces the BKS of %s (%s) exactly', (_file, _conv, ref) => {
    const check = checkRoutes(readSolomon(fixture(ref.file)), ref.routes, ref.convention);
    expect(check.errors).toEqual([]);
    expect(check.feasible).toBe(true);
    expect(check.vehicles).toBe(ref.routes.length);
    if (ref.convention === 'trunc1') expect(check.distance).toBe(ref.distance);
    else expect(check.distance).toBeCloseTo(ref.distance, 4);
  });

  it('gives 191.3 / 617.1 / 461.1 (trunc1) and 828.9369 / 1650.7992 / 1696.9492 (double)', () => {
    const got = refs.map((r) => `${r.file}:${r.convention}:${checkRoutes(readSolomon(fixture(r.file)), r.routes, r.convention).distance.toFixed(4)}`);
    expect(got).toEqual(expect.arrayContaining(['C101_25.txt:trunc1:191.3000', 'R101_25.txt:trunc1:617.1000', 'RC101_25.txt:trunc1:461.1000']));
    expect(got).toEqual(expect.arrayContaining(['C101_100.txt:double:828.9369', 'R101_100.txt:double:1650.7992', 'RC101_100.txt:double:1696.9492']));
  });

  it('reports a missing, a duplicated and an unknown customer', () => {
    const ref = refs.find((r) => r.file === 'C101_25.txt')!;
    const inst = readSolomon(fixture(ref.file));
    const routes = ref.routes.map((r) => r.slice());
    const moved = routes[0]!.pop()!;
    routes[1]!.push(routes[1]![0]!, 99);
    const check = checkRoutes(inst, routes, 'trunc1');
    expect(check.feasible).toBe(false);
    expect(check.errors).toEqual(
      expect.arrayContaining([`customer ${moved} is not visited`, expect.stringMatching(/is visited twice/), 'route 2: 99 is not a customer']),
    );
  });

  it('reports a late arrival, an overload and a late return', () => {
    const inst = readSolomon(fixture('C101_25.txt'));
    const all = Array.from({ length: 25 }, (_, k) => k + 1);
    const check = checkRoutes(inst, [all], 'double');
    expect(check.errors.some((e) => /after its due date/.test(e))).toBe(true);
    expect(check.errors).toContain('route 1: load 460 exceeds the capacity 200');
    const tight = { ...inst, nodes: inst.nodes.map((n) => (n.id === 0 ? { ...n, due: 10 } : n)) };
    expect(checkRoutes(tight, [[20]], 'double', { allowUnvisited: true }).errors).toEqual([expect.stringMatching(/back at the depot at .*after its due date 10/)]);
  });
});
