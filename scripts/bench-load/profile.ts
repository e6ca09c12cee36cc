/**
 * Where a benchmarked process spends its main thread: a V8 CPU profile taken over one scenario (node:inspector
 * in the child, started and stopped over IPC), summarised as the functions with the most time — self and
 * inclusive — named by file, function and line. The summary is pure (tested in profile.spec.ts).
 */
import { Session } from 'node:inspector';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  /** µs between samples */
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotSpot {
  /** "function file:line" (project files relative to the root, packages as pkg/…) */
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  gcMs: number;
  self: HotSpot[];
  /** inclusive time of the project's own functions (core/, bot/, cards/) and the SDK's turn entry */
  inclusive: HotSpot[];
}

function frameName(frame: CpuProfileNode['callFrame'], root: string): string {
  let url = frame.url.startsWith('file://') ? decodeURIComponent(frame.url.slice('file://'.length)) : frame.url;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) url = url.slice(nm + '/node_modules/'.length);
  else if (root && url.startsWith(root)) url = url.slice(root.length).replace(/^\//, '');
  const fn = frame.functionName || '(anonymous)';
  return url ? `${fn} ${url}:${frame.lineNumber + 1}` : fn;
}

const PROJECT = /^[^ ]+ (core|bot|cards)\//;

/** The top `limit` functions by self time and, for the project's own code, by inclusive time. */
export function summarizeProfile(profile: CpuProfile, root: string, limit = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const perNode = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    perNode.set(id, (perNode.get(id) ?? 0) + us);
    total += us;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  for (const [id, us] of perNode) {
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node.callFrame, root);
    if (node.callFrame.functionName === '(idle)') idle += us;
    if (node.callFrame.functionName === '(garbage collector)') gc += us;
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const k = frameName(n.callFrame, root);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>, keep: (k: string) => boolean): HotSpot[] =>
    [...m]
      .filter(([k]) => keep(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: total > 0 ? Math.round((us / total) * 1000) / 10 : 0 }));
  return {
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    gcMs: Math.round(gc / 1000),
    self: top(self, (k) => !k.startsWith('(idle)') && !k.startsWith('(root)') && !k.startsWith('(program)')),
    inclusive: top(inclusive, (k) => PROJECT.test(k)),
  };
}

/** The child side: a CPU profiler on this thread, started and stopped on demand. */
export function cpuProfiler(): { start(): Promise<void>; stop(): Promise<CpuProfile> } {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    },
    async stop() {
      const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
      return profile;
    },
  };
}
