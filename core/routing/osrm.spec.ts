import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crowKm, roadKm, type LatLon } from './distance.ts';
import { OsrmClient, OsrmError, RoadDistances, roadDistancesFromEnv } from './osrm.ts';

/**
 * A local OSRM stand-in speaking the real /table/v1/{profile}/{lon,lat;…}?annotations=distance,duration
 * protocol: road metres = 2 × the great-circle distance, 50 km/h. Paths with "fail" answer like OSRM's errors.
 */
let server: http.Server;
let base: string;
const requests: string[] = [];
let mode: 'ok' | 'no-route' | 'invalid' | 'http500' = 'ok';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/table\/v1\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (mode === 'http500') return void res.writeHead(500, { 'Content-Type': 'text/html' }).end('<h1>oops</h1>');
    if (!m || mode === 'invalid') return void res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'InvalidQuery', message: 'Query string malformed' }));
    const pts = m[2]!.split(';').map((c) => {
      const [lon, lat] = c.split(',').map(Number) as [number, number];
      return { lat, lon };
    });
    const distances = pts.map((a, i) => pts.map((b, j) => (mode === 'no-route' && i === 0 && j === 1 ? null : 2000 * crowKm(a, b))));
    const durations = distances.map((row) => row.map((d) => (d === null ? null : (d / 1000 / 50) * 3600)));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'Ok', distances, durations, sources: [], destinations: [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const annecy: LatLon = { lat: 45.8992, lon: 6.1294 };
const seynod: LatLon = { lat: 45.8856, lon: 6.0883 };
const sevrier: LatLon = { lat: 45.864, lon: 6.142 };

describe('OsrmClient.table', () => {
  it('asks /table with lon,lat pairs and both annotations, and returns km and minutes', async () => {
    mode = 'ok';
    const t = await new OsrmClient(`${base}/`).table([annecy, seynod, sevrier]);
    expect(requests.at(-1)).toBe('/table/v1/driving/6.129400,45.899200;6.088300,45.885600;6.142000,45.864000?annotations=distance,duration');
    expect(t.km[0]![1]).toBeCloseTo(2 * crowKm(annecy, seynod), 6);
    expect(t.km[1]![1]).toBe(0);
    expect(t.minutes[0]![1]).toBeCloseTo((2 * crowKm(annecy, seynod) / 50) * 60, 6);
  });

  it('turns every OSRM failure into a clear OsrmError', async () => {
    const client = new OsrmClient(base);
    mode = 'no-route';
    await expect(client.table([annecy, seynod])).rejects.toThrow(/no road between point 0 and point 1/);
    mode = 'invalid';
    await expect(client.table([annecy, seynod])).rejects.toThrow(/OSRM: InvalidQuery — Query string malformed/);
    mode = 'http500';
    await expect(client.table([annecy, seynod])).rejects.toThrow(/HTTP 500 with no table/);
    mode = 'ok';
    await expect(new OsrmClient('http://127.0.0.1:1').table([annecy, seynod])).rejects.toBeInstanceOf(OsrmError);
    await expect(new OsrmClient(base, { maxPoints: 2 }).table([annecy, seynod, sevrier])).rejects.toThrow(/over the limit of 2/);
    expect(() => new OsrmClient('not a url')).toThrow(/OSRM_URL is not a URL/);
    expect(() => new OsrmClient('ftp://x')).toThrow(/http\(s\)/);
  });
});

describe('RoadDistances', () => {
  it('uses the estimate until OSRM answered, then the road distance, fetching misses in the background', async () => {
    mode = 'ok';
    const d = new RoadDistances(new OsrmClient(base), 1.3);
    expect(d.km(annecy, seynod)).toBeCloseTo(roadKm(annecy, seynod, 1.3), 9);
    await d.flush(); // the miss above was queued: the background fetch settles here
    expect(d.km(annecy, seynod)).toBeCloseTo(2 * crowKm(annecy, seynod), 6);
    await d.prefetch([seynod, sevrier]);
    expect(d.km(sevrier, seynod)).toBeCloseTo(2 * crowKm(sevrier, seynod), 6);
  });

  it('keeps the estimate when OSRM fails, and reports the error', async () => {
    mode = 'http500';
    const errors: unknown[] = [];
    const d = new RoadDistances(new OsrmClient(base), 1.3, (e) => errors.push(e));
    await d.prefetch([annecy, sevrier]);
    expect(errors).toHaveLength(1);
    expect(d.km(annecy, sevrier)).toBeCloseTo(roadKm(annecy, sevrier, 1.3), 9);
    mode = 'ok';
  });

  it('is haversine × factor without OSRM_URL, and one shared instance per configuration', () => {
    const plain = roadDistancesFromEnv(1.3, {});
    expect(plain.km(annecy, seynod)).toBeCloseTo(roadKm(annecy, seynod, 1.3), 9);
    expect(roadDistancesFromEnv(1.3, {})).toBe(plain);
    expect(roadDistancesFromEnv(1.3, { OSRM_URL: base })).not.toBe(plain);
    expect(() => roadDistancesFromEnv(1.3, { OSRM_URL: base, OSRM_TIMEOUT_MS: 'soon' })).toThrow(/OSRM_TIMEOUT_MS/);
  });
});
