/**
 * Pure figures of the load benchmark: percentiles, reply latencies matched to their requests, the ratios to
 * the echo bot, the goal checks and the printed table (tested in report.spec.ts).
 */

/** The q-quantile (0..1) of ascending `sorted` values, nearest-rank; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (q <= 0) return sorted[0]!;
  if (q >= 1) return sorted[sorted.length - 1]!;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
}

/**
 * Reply latency: for each reply that reached the fake channel on a conversation, the time since the latest
 * request of that conversation sent at or before it (one request in flight per conversation, so that is its
 * request). Replies with no request before them (a follow-up of a previous phase…) are not counted.
 * Both lists are epoch milliseconds; `sent` ascending per conversation.
 */
export function replyLatencies(sent: ReadonlyMap<string, readonly number[]>, arrived: ReadonlyMap<string, readonly number[]>): number[] {
  const out: number[] = [];
  for (const [conversation, arrivals] of arrived) {
    const starts = sent.get(conversation);
    if (!starts || starts.length === 0) continue;
    let i = 0;
    for (const at of [...arrivals].sort((a, b) => a - b)) {
      while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
      if (starts[i]! <= at) out.push(at - starts[i]!);
    }
  }
  return out;
}

export interface ScenarioResult {
  scenario: string;
  /** which process answered: the bare SDK echo bot or ours */
  target: 'echo' | 'bot';
  durationS: number;
  /** 2xx answers per second */
  turnsPerSec: number;
  http: LatencySummary;
  /** time until the reply reached the fake channel (null when not measured) */
  reply: LatencySummary | null;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** event-loop delay of the answering process during the scenario (ms) */
  eventLoop: { p99: number; max: number } | null;
  note?: string;
}

export interface GoalCheck {
  name: string;
  ok: boolean;
  detail: string;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** The goals: simple ≥ 0.8× echo throughput; route p95 ≤ 2× echo p95; 0 errors in every scenario. */
export function goalChecks(results: readonly ScenarioResult[]): GoalCheck[] {
  const echo = results.find((r) => r.scenario === 'echo');
  const simple = results.find((r) => r.scenario === 'simple');
  const route = results.find((r) => r.scenario === 'route');
  const checks: GoalCheck[] = [];
  if (echo && simple) {
    const ratio = simple.turnsPerSec / echo.turnsPerSec;
    checks.push({ name: 'simple ≥ 0.8× echo throughput', ok: ratio >= 0.8, detail: `${fmt(simple.turnsPerSec)} vs ${fmt(echo.turnsPerSec)} turns/s = ${fmt(ratio, 2)}×` });
  }
  if (echo && route) {
    const ratio = route.http.p95 / echo.http.p95;
    checks.push({ name: 'route p95 ≤ 2× echo p95', ok: ratio <= 2, detail: `${fmt(route.http.p95)} vs ${fmt(echo.http.p95)} ms = ${fmt(ratio, 2)}×` });
  }
  const failed = results.filter((r) => failures(r) > 0);
  checks.push({
    name: '0 errors',
    ok: failed.length === 0,
    detail: failed.length === 0 ? `${results.length} scenario(s), no error, timeout or non-2xx` : failed.map((r) => `${r.scenario}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`).join('; '),
  });
  return checks;
}

export const failures = (r: ScenarioResult): number => r.errors + r.timeouts + r.non2xx;

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

/** The side-by-side table: throughput, HTTP and reply latencies, failures, ratios to the echo bot, event loop. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const echo = results.find((r) => r.scenario === 'echo');
  const header = ['scenario', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'reply p50/p95 ms', 'errors', 'non-2xx', '× echo tput', '× echo p95', 'loop p99/max ms'];
  const rows = results.map((r) => [
    `${r.scenario} (${r.target})`,
    fmt(r.turnsPerSec),
    fmt(r.http.p50),
    fmt(r.http.p95),
    fmt(r.http.p99),
    fmt(r.http.max, 0),
    r.reply ? `${fmt(r.reply.p50)}/${fmt(r.reply.p95)}` : '–',
    String(r.errors + r.timeouts),
    String(r.non2xx),
    echo ? fmt(r.turnsPerSec / echo.turnsPerSec, 2) : '–',
    echo ? fmt(r.http.p95 / echo.http.p95, 2) : '–',
    r.eventLoop ? `${fmt(r.eventLoop.p99)}/${fmt(r.eventLoop.max)}` : '–',
  ]);
  return pad([header, ...rows]);
}

/** One slice of a scenario: the closed loop's figures, the answering process's event loop, the reply times. */
export interface Slice {
  run: { durationS: number; latencies: number[]; errors: number; timeouts: number; non2xx: number; ok: number };
  loop: { p99: number; max: number };
  /** ms from each request to its reply at the channel */
  replies: number[];
  /** activities the channel received during the slice; null when the scenario has no channel (SMS) */
  repliesAtChannel: number | null;
}

/** A scenario's result over its slices: latencies pooled, counts summed, the event loop's worst slice. */
export function mergeSlices(scenario: string, target: 'echo' | 'bot', slices: readonly Slice[]): ScenarioResult {
  if (slices.length === 0) throw new Error(`no slice for ${scenario}`);
  const sum = (f: (s: Slice) => number): number => slices.reduce((a, s) => a + f(s), 0);
  const durationS = sum((s) => s.run.durationS);
  const ok = sum((s) => s.run.ok);
  const replies = slices.flatMap((s) => s.replies);
  const channelled = slices.every((s) => s.repliesAtChannel !== null);
  const missing = channelled ? ok - sum((s) => s.repliesAtChannel!) : 0;
  return {
    scenario,
    target,
    durationS,
    turnsPerSec: durationS > 0 ? ok / durationS : 0,
    http: summarize(slices.flatMap((s) => s.run.latencies)),
    reply: replies.length > 0 ? summarize(replies) : null,
    errors: sum((s) => s.run.errors),
    timeouts: sum((s) => s.run.timeouts),
    non2xx: sum((s) => s.run.non2xx),
    eventLoop: { p99: Math.max(...slices.map((s) => s.loop.p99)), max: Math.max(...slices.map((s) => s.loop.max)) },
    ...(missing > 0 ? { note: `${missing} answered turn(s) without a reply at the channel` } : {}),
  };
}
