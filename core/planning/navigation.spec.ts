import { describe, expect, it } from 'vitest';
import { MAPS_MAX_WAYPOINTS, navigationLinks } from './navigation.ts';

const base = { lat: 45.8905, lon: 6.0962 };
const stops = (n: number) => Array.from({ length: n }, (_, k) => ({ lat: 45.9 + k / 1000, lon: 6.1 + k / 1000 }));
const fmt = (p: { lat: number; lon: number }) => `${p.lat.toFixed(5)},${p.lon.toFixed(5)}`;
const parse = (url: string) => {
  const u = new URL(url);
  const waypoints = u.searchParams.get('waypoints');
  return {
    host: `${u.origin}${u.pathname}`,
    api: u.searchParams.get('api'),
    travelmode: u.searchParams.get('travelmode'),
    origin: u.searchParams.get('origin'),
    destination: u.searchParams.get('destination'),
    waypoints: waypoints === null ? [] : waypoints.split('|'),
  };
};

describe('navigationLinks', () => {
  it('is one Google Maps directions link base → stops → base up to 9 waypoints', () => {
    const s = stops(MAPS_MAX_WAYPOINTS);
    const links = navigationLinks(base, s);
    expect(links).toHaveLength(1);
    expect(parse(links[0]!.url)).toEqual({
      host: 'https://www.google.com/maps/dir/', api: '1', travelmode: 'driving', origin: fmt(base), destination: fmt(base), waypoints: s.map(fmt),
    });
    expect(links[0]).toMatchObject({ from: 1, to: 9 });
  });

  it('splits above the limit, each link starting where the previous one ended', () => {
    const s = stops(23);
    const links = navigationLinks(base, s);
    const parts = links.map((l) => parse(l.url));
    expect(parts.every((p) => p.waypoints.length <= MAPS_MAX_WAYPOINTS)).toBe(true);
    expect(parts[0]!.origin).toBe(fmt(base));
    expect(parts.at(-1)!.destination).toBe(fmt(base));
    for (let k = 1; k < parts.length; k++) expect(parts[k]!.origin).toBe(parts[k - 1]!.destination);
    // every stop once, in order, along the chain of links
    const visited = parts.flatMap((p, k) => [...p.waypoints, ...(k < parts.length - 1 ? [p.destination!] : [])]);
    expect(visited).toEqual(s.map(fmt));
    expect(links.map((l) => [l.from, l.to])).toEqual([[1, 10], [11, 20], [21, 23]]);
  });

  it('ends with a plain return link when the stops fill the previous links exactly', () => {
    const links = navigationLinks(base, stops(10));
    expect(links).toHaveLength(2);
    expect(parse(links[1]!.url)).toMatchObject({ origin: fmt(stops(10)[9]!), destination: fmt(base), waypoints: [] });
    expect(links[1]).toMatchObject({ from: 10, to: 10 });
  });

  it('takes another limit, and refuses a bad one', () => {
    expect(navigationLinks(base, stops(23), 25)).toHaveLength(1);
    expect(navigationLinks(base, stops(5), 2).map((l) => parse(l.url).waypoints.length)).toEqual([2, 2]);
    expect(() => navigationLinks(base, stops(3), -1)).toThrow(/maxWaypoints/);
  });
});
