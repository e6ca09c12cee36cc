import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readSolomon } from '../solomon/index.ts';
import { dataFromInstance } from './data.ts';
import { vrptwRng } from '../rng.ts';
import { recreate } from './recreate.ts';
import { neighbourLists, ruinStrings } from './ruin.ts';
import type { Route } from './route.ts';

describe('ruinStrings', () => {
  const inst = readSolomon(readFileSync(new URL('../fixtures/solomon/R101_100.txt', import.meta.url), 'utf8'));
  const data = dataFromInstance(inst, 'double');
  const neighbours = neighbourLists(data);

  it('lists neighbours nearest first, the customer itself at the head', () => {
    const nb = neighbours[5]!;
    expect(nb[0]).toBe(5);
    for (let k = 1; k < nb.length; k++) expect(data.dist[5 * data.n + nb[k]!]!).toBeGreaterThanOrEqual(data.dist[5 * data.n + nb[k - 1]!]!);
  });

  it('removes a few customers and keeps the rest in feasible routes', () => {
    const rng = vrptwRng(9);
    const routes: Route[] = [];
    recreate(data, routes, Array.from({ length: 100 }, (_, k) => k + 1), rng, 100);
    for (let trial = 0; trial < 50; trial++) {
      const { routes: kept, removed } = ruinStrings(data, routes, neighbours, rng);
      expect(removed.length).toBeGreaterThan(0);
      expect(removed.length).toBeLessThanOrEqual(40);
      const all = [...kept.flatMap((r) => r.nodes), ...removed].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 100 }, (_, k) => k + 1));
      expect(kept.every((r) => r.feasible && r.nodes.length > 0)).toBe(true);
    }
  });
});
