import { z } from 'zod';
import { roadKm, type LatLon } from './distance.ts';

/**
 * Road distances from an OSRM server (its `/table` service), the existing engine we lean on when `OSRM_URL`
 * is set, instead of haversine × road factor.
 */

export class OsrmError extends Error {}

/** The part of OSRM's /table answer we use (https://project-osrm.org/docs/v5.24.0/api/#table-service). */
const tableAnswer = z.object({
  code: z.string(),
  message: z.string().optional(),
  distances: z.array(z.array(z.number().nullable())).optional(),
  durations: z.array(z.array(z.number().nullable())).optional(),
});

export interface OsrmTable {
  /** km[i][j]: road km from point i to point j */
  km: number[][];
  /** minutes[i][j]: driving minutes */
  minutes: number[][];
}

export interface OsrmOptions {
  /** default 'driving' */
  profile?: string;
  /** default 5 000 ms */
  timeoutMs?: number;
  /** OSRM's default max-table-size is 100 points */
  maxPoints?: number;
}

/** A client of one OSRM server. */
export class OsrmClient {
  private readonly base: string;
  private readonly profile: string;
  private readonly timeoutMs: number;
  private readonly maxPoints: number;

  constructor(baseUrl: string, options: OsrmOptions = {}) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new OsrmError(`OSRM_URL is not a URL: "${baseUrl}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OsrmError(`OSRM_URL must be http(s), got "${baseUrl}"`);
    this.base = url.toString().replace(/\/+$/, '');
    this.profile = options.profile ?? 'driving';
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxPoints = options.maxPoints ?? 100;
  }

  /** The full distance and duration matrix between `points` (one request). */
  async table(points: readonly LatLon[]): Promise<OsrmTable> {
    if (points.length < 2) return { km: points.map(() => [0]), minutes: points.map(() => [0]) };
    if (points.length > this.maxPoints) throw new OsrmError(`OSRM table of ${points.length} points is over the limit of ${this.maxPoints}`);
    const coords = points.map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
    const url = `${this.base}/table/v1/${encodeURIComponent(this.profile)}/${coords}?annotations=distance,duration`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new OsrmError(`OSRM did not answer (${err instanceof Error ? err.message : String(err)})`);
    }
    const body: unknown = await res.json().catch(() => null);
    const parsed = tableAnswer.safeParse(body);
    if (!parsed.success) throw new OsrmError(`OSRM answered HTTP ${res.status} with no table`);
    const answer = parsed.data;
    if (answer.code !== 'Ok') throw new OsrmError(`OSRM: ${answer.code}${answer.message ? ` — ${answer.message}` : ''}`);
    if (!answer.distances || !answer.durations) throw new OsrmError('OSRM answered without distances or durations (annotations=distance,duration)');
    const square = (m: (number | null)[][], scale: number, what: string): number[][] => {
      if (m.length !== points.length || m.some((row) => row.length !== points.length)) throw new OsrmError(`OSRM ${what} matrix is not ${points.length}×${points.length}`);
      return m.map((row, i) =>
        row.map((v, j) => {
          if (v === null) throw new OsrmError(`OSRM found no road between point ${i} and point ${j}`);
          return v / scale;
        }),
      );
    };
    return { km: square(answer.distances, 1000, 'distance'), minutes: square(answer.durations, 60, 'duration') };
  }
}

const key = (p: LatLon): string => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;

let fetchedVersion = 0;

/**
 * Bumped whenever road distances arrive from OSRM in this process: an answer computed before (on estimates) may
 * differ now, so caches of answers key on it (core/conversation/answer-cache.ts).
 */
export function roadDistancesVersion(): number {
  return fetchedVersion;
}

/**
 * Road km between points for the synchronous tour code: OSRM distances fetched ahead (`prefetch`, e.g. by the
 * morning job before building the tours) and cached; a pair not fetched yet falls back to haversine × road
 * factor and is fetched in the background, so the next answer uses the road distance.
 */
export class RoadDistances {
  private readonly cache = new Map<string, number>();
  private readonly pending = new Set<string>();
  private backgroundRun: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: OsrmClient | null,
    private readonly factor: number,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Road km from a to b (cached OSRM distance, else the haversine estimate). */
  readonly km = (a: LatLon, b: LatLon): number => {
    if (!this.client) return roadKm(a, b, this.factor);
    const hit = this.cache.get(`${key(a)}>${key(b)}`);
    if (hit !== undefined) return hit;
    const first = this.pending.size === 0;
    this.pending.add(key(a)).add(key(b));
    if (first) queueMicrotask(() => void this.flush());
    return roadKm(a, b, this.factor);
  };

  /** The road km already fetched between these points (to hand to another thread's instance: `seed`). */
  known(points: readonly LatLon[]): [string, number][] {
    const out: [string, number][] = [];
    for (const a of points) {
      for (const b of points) {
        const k = `${key(a)}>${key(b)}`;
        const km = this.cache.get(k);
        if (km !== undefined) out.push([k, km]);
      }
    }
    return out;
  }

  /** Adds road km fetched elsewhere (`known` of another thread's instance). */
  seed(entries: Iterable<readonly [string, number]>): void {
    let added = false;
    for (const [k, km] of entries) {
      if (this.cache.get(k) !== km) {
        this.cache.set(k, km);
        added = true;
      }
    }
    if (added) fetchedVersion++;
  }

  /** Fetches and caches the matrix between `points`. Errors are reported to onError: the estimate stays in use. */
  async prefetch(points: readonly LatLon[]): Promise<void> {
    if (!this.client || points.length < 2) return;
    try {
      const t = await this.client.table(points);
      points.forEach((a, i) => points.forEach((b, j) => this.cache.set(`${key(a)}>${key(b)}`, t.km[i]![j]!)));
      fetchedVersion++;
    } catch (err) {
      this.onError(err);
    }
  }

  /** Fetches, in the background, the points asked for since the last call (settles when done). */
  flush(): Promise<void> {
    if (!this.client || this.pending.size === 0) return this.backgroundRun;
    const points = [...this.pending].map((k) => {
      const [lat, lon] = k.split(',').map(Number) as [number, number];
      return { lat, lon };
    });
    this.pending.clear();
    this.backgroundRun = this.backgroundRun.then(() => this.prefetch(points.slice(0, 100)));
    return this.backgroundRun;
  }
}

const providers = new Map<string, RoadDistances>();

/**
 * The road distances of this process: OSRM when `OSRM_URL` is set (`OSRM_PROFILE`, `OSRM_TIMEOUT_MS`), else
 * haversine × `factor`. One instance per configuration, so its cache is shared by every answer.
 */
export function roadDistancesFromEnv(factor: number, env: NodeJS.ProcessEnv = process.env): RoadDistances {
  const url = env.OSRM_URL?.trim() ?? '';
  const id = `${url}|${factor}|${env.OSRM_PROFILE ?? ''}|${env.OSRM_TIMEOUT_MS ?? ''}`;
  let p = providers.get(id);
  if (!p) {
    const timeout = env.OSRM_TIMEOUT_MS ? Number(env.OSRM_TIMEOUT_MS) : undefined;
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new OsrmError(`OSRM_TIMEOUT_MS must be a positive integer, got "${env.OSRM_TIMEOUT_MS}"`);
    const client = url === '' ? null : new OsrmClient(url, { ...(env.OSRM_PROFILE ? { profile: env.OSRM_PROFILE } : {}), ...(timeout ? { timeoutMs: timeout } : {}) });
    p = new RoadDistances(client, factor);
    providers.set(id, p);
  }
  return p;
}
