import { describe, expect, it } from 'vitest';
import { failures, formatTable, goalChecks, mergeSlices, percentile, replyLatencies, summarize, type ScenarioResult, type Slice } from './report.ts';
import { summarizeProfile, type CpuProfile } from './profile.ts';

function result(scenario: string, turnsPerSec: number, p95: number, over: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario,
    target: scenario === 'echo' ? 'echo' : 'bot',
    durationS: 10,
    turnsPerSec,
    http: { count: 100, p50: p95 / 2, p95, p99: p95 * 1.5, max: p95 * 2 },
    reply: null,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    eventLoop: { p99: 12, max: 30 },
    ...over,
  };
}

describe('bench-load figures', () => {
  it('percentiles are nearest-rank over sorted values', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 0.5)).toBe(50);
    expect(percentile(v, 0.95)).toBe(95);
    expect(percentile(v, 0.99)).toBe(99);
    expect(percentile(v, 1)).toBe(100);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(summarize([5, 1, 3])).toEqual({ count: 3, p50: 3, p95: 5, p99: 5, max: 5 });
  });

  it('reply latency: each arrival is matched with the latest request of its conversation sent before it', () => {
    const sent = new Map([
      ['a', [1000, 1100, 1300]],
      ['b', [1000]],
    ]);
    const arrived = new Map([
      ['a', [1050, 1290, 1310]],
      ['b', [1400]],
      ['c', [1500]], // no request: not counted
    ]);
    expect(replyLatencies(sent, arrived).sort((x, y) => x - y)).toEqual([10, 50, 190, 400]);
    // an arrival before any request of its conversation (a previous phase's follow-up) is not counted
    expect(replyLatencies(new Map([['a', [2000]]]), new Map([['a', [1500, 2100]]]))).toEqual([100]);
  });

  it('goal checks: simple ≥ 0.8× echo throughput, route p95 ≤ 2× echo p95, no error anywhere', () => {
    const pass = goalChecks([result('echo', 200, 50), result('simple', 170, 60), result('route', 150, 100)]);
    expect(pass.map((c) => [c.name, c.ok])).toEqual([
      ['simple ≥ 0.8× echo throughput', true],
      ['route p95 ≤ 2× echo p95', true],
      ['0 errors', true],
    ]);
    const fail = goalChecks([result('echo', 200, 50), result('simple', 150, 60), result('route', 150, 101, { non2xx: 2 })]);
    expect(fail.map((c) => c.ok)).toEqual([false, false, false]);
    expect(fail[0]!.detail).toContain('0.75×');
    expect(fail[2]!.detail).toContain('route: 0 errors, 0 timeouts, 2 non-2xx');
    expect(failures(result('x', 1, 1, { errors: 1, timeouts: 2, non2xx: 3 }))).toBe(6);
    // without an echo run, only the error check
    expect(goalChecks([result('route', 10, 10)]).map((c) => c.name)).toEqual(['0 errors']);
  });

  it('the table shows each scenario with its ratios to the echo bot', () => {
    const table = formatTable([result('echo', 200, 50), result('simple', 100, 75, { reply: { count: 1, p50: 4, p95: 9, max: 9, p99: 9 } })]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^scenario\s+turns\/s\s+p50 ms\s+p95 ms/);
    expect(lines[1]).toMatch(/^echo \(echo\)\s+200\.0\s+25\.0\s+50\.0.*1\.00\s+1\.00/);
    expect(lines[2]).toMatch(/^simple \(bot\)\s+100\.0\s+37\.5\s+75\.0.*4\.0\/9\.0.*0\.50\s+1\.50\s+12\.0\/30\.0$/);
  });

  it('slices merge into one result: latencies pooled, counts summed, the worst event loop, missing replies noted', () => {
    const slice = (ok: number, latencies: number[], loopMax: number, atChannel: number | null, errors = 0): Slice => ({
      run: { durationS: 5, latencies, errors, timeouts: 0, non2xx: 0, ok },
      loop: { p99: loopMax / 2, max: loopMax },
      replies: latencies.map((x) => x / 2),
      repliesAtChannel: atChannel,
    });
    const r = mergeSlices('route', 'bot', [slice(3, [10, 20, 30], 40, 3), slice(2, [40, 50], 90, 1, 1)]);
    expect(r.durationS).toBe(10);
    expect(r.turnsPerSec).toBe(0.5);
    expect(r.http).toEqual({ count: 5, p50: 30, p95: 50, p99: 50, max: 50 });
    expect(r.reply?.count).toBe(5);
    expect(r.errors).toBe(1);
    expect(r.eventLoop).toEqual({ p99: 45, max: 90 });
    expect(r.note).toBe('1 answered turn(s) without a reply at the channel');
    expect(mergeSlices('sms', 'bot', [slice(2, [1, 2], 5, null)]).note).toBeUndefined();
    expect(() => mergeSlices('x', 'bot', [])).toThrow(/no slice/);
  });

  it('a CPU profile is summed by function, self and inclusive, with project paths relative to the root', () => {
    const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: frame('ask', 'file:///repo/core/conversation/ask.ts', 9), children: [3, 4] },
        { id: 3, callFrame: frame('kpiReply', 'file:///repo/core/kpi/index.ts', 19) },
        { id: 4, callFrame: frame('prepare', 'file:///repo/node_modules/better-sqlite3/lib/methods/wrappers.js', 3) },
        { id: 5, callFrame: frame('(idle)', '') },
      ],
      samples: [3, 3, 4, 2, 5],
      timeDeltas: [1000, 1000, 2000, 500, 4000],
      startTime: 0,
      endTime: 8500,
    };
    const s = summarizeProfile(profile, '/repo');
    expect(s.totalMs).toBe(9);
    expect(s.idleMs).toBe(4);
    expect(s.self[0]).toEqual({ name: 'kpiReply core/kpi/index.ts:20', ms: 2, share: 23.5 });
    expect(s.self.map((h) => h.name)).toContain('prepare better-sqlite3/lib/methods/wrappers.js:4');
    expect(s.self.some((h) => h.name.startsWith('(idle)'))).toBe(false);
    expect(s.inclusive[0]).toEqual({ name: 'ask core/conversation/ask.ts:10', ms: 4.5, share: 52.9 });
    expect(s.inclusive.every((h) => /^[^ ]+ (core|bot|cards)\//.test(h.name))).toBe(true);
  });
});
