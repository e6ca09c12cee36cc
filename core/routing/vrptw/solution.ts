import type { Route } from './route.ts';

/** Routes plus the customers not served. */
export interface Solution {
  routes: Route[];
  absent: number[];
  dist: number;
}

export function solution(routes: Route[], absent: number[]): Solution {
  let dist = 0;
  for (const r of routes) dist += r.dist;
  return { routes, absent, dist };
}

/** Lexicographic comparison: fewer absent customers, then (if counted) fewer vehicles, then distance. <0 when a is better. */
export function compare(a: Solution, b: Solution, countVehicles: boolean): number {
  if (a.absent.length !== b.absent.length) return a.absent.length - b.absent.length;
  if (countVehicles && a.routes.length !== b.routes.length) return a.routes.length - b.routes.length;
  return a.dist - b.dist;
}
