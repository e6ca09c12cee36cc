/**
 * KPI card benchmark: a demo warehouse of the issue's size (default 50 000 clients, 200 technicians, 24 months),
 * then every dashboard card (and the ROI and a few single KPIs). First the process warms up as a running bot has
 * (each card once: code compiled, statements prepared; the time of the very first card of the process is printed
 * for the record), then per card: cold (the first card after a write: the query memo is empty, every query runs)
 * and warm (5 more runs: median, max), card bytes, Adaptive Card checks. Goal: cold and warm ≤ 300 ms per card,
 * under Teams' 28 KB.
 * Run: `npx tsx scripts/bench-kpi.ts [--clients 50000] [--technicians 200] [--months 24] [--db path]`
 * (--db reuses a warehouse file already filled, e.g. by `sav demo`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCard } from '../cards/index.ts';
import type { Dashboard } from '../core/conversation/types.ts';
import { kpiReply, type KpiName } from '../core/kpi/index.ts';
import { openDb } from '../core/warehouse/db.ts';
import { generateDemo } from '../core/warehouse/demo/index.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const today = arg('today', '2026-11-24');
const path = arg('db', join(mkdtempSync(join(tmpdir(), 'sav-bench-kpi-')), 'sav.db'));
const db = openDb(path);
if (!existsSync(path) || (db.prepare('SELECT COUNT(*) AS n FROM dim_clients').get() as { n: number }).n === 0) {
  const t0 = performance.now();
  const s = generateDemo(db, { seed: 42, today, clients: Number(arg('clients', '50000')), technicians: Number(arg('technicians', '200')), months: Number(arg('months', '24')), assistant: true });
  console.log(`demo: ${s.rows.dim_clients} clients, ${s.rows.fact_interventions} interventions in ${Math.round(performance.now() - t0)} ms (${path})`);
}
db.pragma('optimize');

const cases: { name: string; dashboard: Dashboard; kpi?: KpiName; period: string }[] = [
  ...(['direction', 'planning', 'technicians', 'quality', 'finance'] as const).map((d) => ({ name: d, dashboard: d, period: today.slice(0, 7) })),
  { name: 'technicians (week)', dashboard: 'technicians', period: '2026-W47' },
  { name: 'roi', dashboard: 'finance', kpi: 'roi', period: today.slice(0, 7) },
  { name: 'kpi nps', dashboard: 'quality', kpi: 'nps', period: today.slice(0, 7) },
  { name: 'kpi heatmap', dashboard: 'direction', kpi: 'heatmap', period: today.slice(0, 7) },
];
let ok = true;
const colds: number[] = [];
const runOf = (c: (typeof cases)[number]) => () => kpiReply(db, { dashboard: c.dashboard, period: c.period, today, lang: 'fr', ...(c.kpi ? { kpi: c.kpi } : {}) });
const w0 = performance.now();
runOf(cases[0]!)();
console.log(`first card of the process (${cases[0]!.name}): ${(performance.now() - w0).toFixed(0)} ms`);
for (const c of cases) {
  db.prepare('UPDATE dim_zones SET densite = densite WHERE zone_id = 1').run();
  runOf(c)();
}
for (const c of cases) {
  const run = runOf(c);
  // cold: the first card after a change of the data (the memo is reset by a write)
  db.prepare('UPDATE dim_zones SET densite = densite WHERE zone_id = 1').run();
  const c0 = performance.now();
  run();
  const cold = performance.now() - c0;
  const times: number[] = [];
  let card = run().card;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    card = run().card;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const bytes = Buffer.byteLength(JSON.stringify(card));
  const problems = checkCard(card);
  const pass = cold <= 300 && times[2]! <= 300 && bytes < 28 * 1024 && problems.length === 0;
  colds.push(cold);
  ok &&= pass;
  console.log(`${pass ? 'ok  ' : 'FAIL'} ${c.name.padEnd(20)} cold ${cold.toFixed(0).padStart(5)} ms  warm median ${times[2]!.toFixed(0).padStart(4)} ms  max ${times[4]!.toFixed(0).padStart(4)} ms  ${String(bytes).padStart(6)} bytes${problems.length ? `  ${problems.join('; ')}` : ''}`);
}
db.close();
process.exitCode = ok ? 0 : 1;
