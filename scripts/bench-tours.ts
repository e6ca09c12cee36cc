/**
 * The −20 % promise, measured: every technician-day of the demo's next two weeks (the planned, unoptimised
 * order of core/warehouse/demo/planning.ts) against the optimised order of core/planning/tournee.ts (planDay,
 * same distance: haversine × ROAD_FACTOR, same windows, 40 km/h), and the time per day. Every optimised day is
 * checked by the independent checker (core/routing/check checkDay).
 * Run: `npx tsx scripts/bench-tours.ts [--seed 42] [--today 2026-12-01] [--clients 400] [--json]`.
 */
import { parseArgs } from 'node:util';
import { checkDay } from '../core/routing/check/routes.ts';
import { dayRoute, optimiseRoute, routeSettingsFromEnv, scheduleOrder } from '../core/planning/tournee.ts';
import { openDb } from '../core/warehouse/db.ts';
import { DEFAULT_DEMO_OPTIONS, generateDemo } from '../core/warehouse/demo/index.ts';

export interface ToursBench {
  seed: number;
  today: string;
  days: number;
  stops: number;
  /** days whose planned order breaks a window (compared over the stops both orders serve) */
  plannedInfeasibleDays: number;
  unfittedStops: number;
  /** km of the planned order vs the optimised order, same stops, unrounded */
  kmPlanned: number;
  kmOptimised: number;
  savingPct: number;
  /** the same, over the days whose planned order keeps every window (like for like) */
  feasibleDays: { days: number; kmPlanned: number; kmOptimised: number; savingPct: number };
  /** days where the optimised order is shorter / per-day saving range */
  daysImproved: number;
  bestDaySavingPct: number;
  msPerDayMean: number;
  msPerDayMax: number;
}

export function benchTours(options: { seed: number; today: string; clients: number }): ToursBench {
  const db = openDb(':memory:');
  generateDemo(db, { seed: options.seed, today: options.today, clients: options.clients, technicians: DEFAULT_DEMO_OPTIONS.technicians, months: DEFAULT_DEMO_OPTIONS.months });
  const settings = routeSettingsFromEnv();
  const days = db
    .prepare(`SELECT DISTINCT technicien_id AS id, date_prevue AS date FROM planned_interventions WHERE statut = 'planifie' ORDER BY date_prevue, technicien_id`)
    .all() as { id: number; date: string }[];
  let stops = 0;
  let unfitted = 0;
  let infeasible = 0;
  let kmPlanned = 0;
  let kmOptimised = 0;
  let improved = 0;
  let best = 0;
  const feasible = { days: 0, kmPlanned: 0, kmOptimised: 0 };
  const times: number[] = [];
  for (const { id, date } of days) {
    const route = dayRoute(db, id, date, { roadFactor: settings.roadFactor });
    const t0 = performance.now();
    const r = optimiseRoute(route, settings);
    times.push(performance.now() - t0);
    const check = checkDay(r.input!, r.plan!);
    if (!check.feasible) throw new Error(`technicien ${id}, ${date}: the optimised day fails the check: ${check.errors.join('; ')}`);
    const served = new Set(r.plan!.order);
    const before = scheduleOrder(r.input!, route.stops.map((s) => s.plannedId).filter((p) => served.has(p))).km;
    stops += route.stops.length;
    unfitted += r.unfitted.length;
    if (!r.plannedFeasible) infeasible++;
    else {
      feasible.days++;
      feasible.kmPlanned += before;
      feasible.kmOptimised += r.plan!.km;
    }
    kmPlanned += before;
    kmOptimised += r.plan!.km;
    if (r.plan!.km < before - 1e-9) improved++;
    if (before > 0) best = Math.max(best, (before - r.plan!.km) / before);
  }
  db.close();
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    seed: options.seed,
    today: options.today,
    days: days.length,
    stops,
    plannedInfeasibleDays: infeasible,
    unfittedStops: unfitted,
    kmPlanned: round(kmPlanned),
    kmOptimised: round(kmOptimised),
    savingPct: round(((kmPlanned - kmOptimised) / kmPlanned) * 100),
    feasibleDays: {
      days: feasible.days,
      kmPlanned: round(feasible.kmPlanned),
      kmOptimised: round(feasible.kmOptimised),
      savingPct: round(((feasible.kmPlanned - feasible.kmOptimised) / Math.max(1e-9, feasible.kmPlanned)) * 100),
    },
    daysImproved: improved,
    bestDaySavingPct: round(best * 100),
    msPerDayMean: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length), 2),
    msPerDayMax: round(Math.max(0, ...times), 2),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { seed: { type: 'string', default: String(DEFAULT_DEMO_OPTIONS.seed) }, today: { type: 'string', default: '2026-12-01' }, clients: { type: 'string', default: String(DEFAULT_DEMO_OPTIONS.clients) }, json: { type: 'boolean' } },
  });
  const r = benchTours({ seed: Number(values.seed), today: values.today!, clients: Number(values.clients) });
  if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else {
    process.stdout.write(
      [
        `Démo graine ${r.seed}, aujourd’hui ${r.today} : ${r.days} journées technicien (${r.stops} interventions) sur les deux semaines à venir`,
        `  ordre prévu     ${r.kmPlanned.toFixed(1).padStart(9)} km`,
        `  ordre optimisé  ${r.kmOptimised.toFixed(1).padStart(9)} km   −${r.savingPct} % (objectif −20 %)`,
        `  journées dont l’ordre prévu tient ses créneaux (${r.feasibleDays.days}) : ${r.feasibleDays.kmPlanned.toFixed(1)} → ${r.feasibleDays.kmOptimised.toFixed(1)} km, −${r.feasibleDays.savingPct} %`,
        `  journées raccourcies ${r.daysImproved}/${r.days}, meilleure journée −${r.bestDaySavingPct} %`,
        `  ordre prévu hors créneau : ${r.plannedInfeasibleDays} journée(s), ${r.unfittedStops} intervention(s) ne tenant pas`,
        `  temps par journée (planDay + comparaison) : moyenne ${r.msPerDayMean} ms, max ${r.msPerDayMax} ms`,
      ].join('\n') + '\n',
    );
  }
}
