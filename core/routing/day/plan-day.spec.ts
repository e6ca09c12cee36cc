import { describe, expect, it } from 'vitest';
import { checkDay } from '../check/routes.ts';
import { EXACT_MAX_STOPS, planDay, planTeamDay } from './plan-day.ts';
import type { DayInput, LatLon } from './types.ts';

/** Flat km grid: 1 unit of lat/lon = 1 km, straight lines. */
const flatKm = (a: LatLon, b: LatLon) => Math.hypot(a.lat - b.lat, a.lon - b.lon);
const base = { lat: 0, lon: 0 };

function day(stops: DayInput['stops'], extra: Partial<DayInput> = {}): DayInput {
  return { base, stops, distanceKm: flatKm, ...extra };
}

/** Brute force over every order of every subset: most stops, then fewest km. */
function bruteForce(input: DayInput): { count: number; km: number } {
  const ids = input.stops.map((s) => s.id);
  let best = { count: 0, km: 0 };
  const rec = (order: (string | number)[], rest: (string | number)[]) => {
    const plan = { order, visits: [], unfitted: [], km: 0 } as never;
    void plan;
    const km = tourKm(input, order);
    if (km !== null && (order.length > best.count || (order.length === best.count && km < best.km - 1e-9))) best = { count: order.length, km };
    rest.forEach((id, k) => rec([...order, id], [...rest.slice(0, k), ...rest.slice(k + 1)]));
  };
  rec([], ids);
  return best;
}

function tourKm(input: DayInput, order: (string | number)[]): number | null {
  let t = 8 * 60;
  let here: LatLon = input.base;
  let km = 0;
  for (const id of order) {
    const s = input.stops.find((x) => x.id === id)!;
    const d = flatKm(here, s);
    km += d;
    t += (d / 40) * 60;
    if (s.window) {
      const [fh, fm] = s.window.from.split(':').map(Number);
      const [th, tm] = s.window.to.split(':').map(Number);
      t = Math.max(t, fh! * 60 + fm!);
      if (t > th! * 60 + tm!) return null;
    }
    t += s.serviceMin;
    here = s;
  }
  const back = flatKm(here, input.base);
  return t + (back / 40) * 60 <= 8 * 60 + 480 ? km + back : null;
}

describe('planDay', () => {
  it('starts and ends at the base, respects every window, and passes the independent check', () => {
    const input = day([
      { id: 'a', lat: 10, lon: 0, serviceMin: 30, window: { from: '10:00', to: '10:30' } },
      { id: 'b', lat: 10, lon: 10, serviceMin: 45 },
      { id: 'c', lat: 0, lon: 10, serviceMin: 30, window: { from: '08:00', to: '09:00' } },
      { id: 'd', lat: 5, lon: 5, serviceMin: 20 },
    ]);
    const plan = planDay(input);
    expect(plan.method).toBe('exact');
    expect(plan.unfitted).toEqual([]);
    expect(plan.order).toHaveLength(4);
    expect(plan.order[0]).toBe('c');
    expect(checkDay(input, plan)).toEqual({ feasible: true, km: expect.closeTo(plan.km, 3), errors: [] });
    const a = plan.visits.find((v) => v.id === 'a')!;
    expect(a.start >= '10:00' && a.start <= '10:30').toBe(true);
    expect(plan.leave).toBe('08:00');
    expect(plan.driveMin).toBeCloseTo((plan.km / 40) * 60, 1);
  });

  it('is exact for small days: matches a brute force on random days', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 15; trial++) {
      const stops = Array.from({ length: 6 }, (_, k) => {
        const from = 8 * 60 + Math.floor(rand() * 360);
        const w = rand() < 0.6 ? { from: hhmm(from), to: hhmm(from + 30 + Math.floor(rand() * 90)) } : undefined;
        return { id: k + 1, lat: rand() * 40 - 20, lon: rand() * 40 - 20, serviceMin: 20 + Math.floor(rand() * 60), ...(w ? { window: w } : {}) };
      });
      const input = day(stops);
      const plan = planDay(input);
      const best = bruteForce(input);
      expect(plan.order.length).toBe(best.count);
      expect(plan.km).toBeCloseTo(best.km, 3);
      expect(checkDay(input, plan).errors).toEqual([]);
    }
  });

  it('lists the visits that do not fit, with the reason, instead of failing', () => {
    const input = day([
      { id: 'early', lat: 40, lon: 0, serviceMin: 10, window: { from: '08:00', to: '08:30' } },
      { id: 'far', lat: 0, lon: 170, serviceMin: 60 },
      ...Array.from({ length: 7 }, (_, k) => ({ id: `long${k}`, lat: 1, lon: k, serviceMin: 100 })),
    ]);
    const plan = planDay(input);
    const reasons = Object.fromEntries(plan.unfitted.map((u) => [u.id, u.reason]));
    expect(reasons['early']).toBe('window-unreachable');
    expect(reasons['far']).toBe('exceeds-day');
    expect(plan.order.length).toBe(4);
    expect(plan.unfitted.filter((u) => u.reason === 'day-full')).toHaveLength(3);
    expect(plan.unfitted.every((u) => u.message.length > 10)).toBe(true);
    expect(checkDay(input, plan).errors).toEqual([]);
    expect(plan.workMin).toBeLessThanOrEqual(480);
  });

  it('uses the engine above 8 stops, windows and day limit still hard', () => {
    const stops = Array.from({ length: 12 }, (_, k) => ({
      id: `s${k}`,
      lat: 10 * Math.cos(k),
      lon: 10 * Math.sin(2 * k),
      serviceMin: 25,
      ...(k % 3 === 0 ? { window: { from: hhmm(8 * 60 + 40 * k), to: hhmm(8 * 60 + 40 * k + 60) } } : {}),
    }));
    const input = day(stops, { seed: 3, maxIterations: 1500 });
    expect(stops.length).toBeGreaterThan(EXACT_MAX_STOPS);
    const plan = planDay(input);
    expect(plan.method).toBe('engine');
    expect(checkDay(input, plan).errors).toEqual([]);
    expect(plan.order.length + plan.unfitted.length).toBe(12);
    expect(planDay(input)).toEqual(plan);
  });

  it('plans a whole team, one day per technician', () => {
    const days = Array.from({ length: 3 }, (_, t) => day(Array.from({ length: 10 }, (_, k) => ({ id: k, lat: t + k, lon: k % 4, serviceMin: 30 }))));
    const plans = planTeamDay(days);
    expect(plans).toHaveLength(3);
    plans.forEach((p, t) => expect(checkDay(days[t]!, p).errors).toEqual([]));
  });

  it('rejects bad input with the field named', () => {
    expect(() => planDay(day([{ id: 'x', lat: 0, lon: 0, serviceMin: 10, window: { from: '9h', to: '10:00' } }]))).toThrow(/stops\.0\.window\.from/);
    expect(() => planDay(day([{ id: 'x', lat: 0, lon: 0, serviceMin: 10, window: { from: '11:00', to: '10:00' } }]))).toThrow(/créneau finit avant/);
    expect(() => planDay(day([{ id: 'x', lat: 0, lon: 0, serviceMin: 10 }, { id: 'x', lat: 1, lon: 0, serviceMin: 10 }]))).toThrow(/même id/);
    expect(planDay(day([])).order).toEqual([]);
  });
});

describe('checkDay', () => {
  it('catches a window broken by a hand-made order', () => {
    const input = day([
      { id: 'a', lat: 10, lon: 0, serviceMin: 30, window: { from: '08:00', to: '08:30' } },
      { id: 'b', lat: 0, lon: 30, serviceMin: 30 },
    ]);
    const plan = planDay(input);
    const swapped = { ...plan, order: ['b', 'a'] };
    expect(checkDay(input, swapped).errors.some((e) => /after its window/.test(e))).toBe(true);
  });
});

function hhmm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
