/**
 * Event-loop delay of a benchmarked process: Node's histogram (perf_hooks.monitorEventLoopDelay) for the
 * percentiles, plus a timeline of stalls (a 20 ms timer firing late by more than `stallMs`), with their epoch
 * time, so a stall can be matched with the turn that caused it. Reset and read over IPC by the bench.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** Linux clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

/**
 * CPU ms (user + system) of one thread from its /proc/<pid>/task/<tid>/stat line: fields 14 and 15, counted
 * after the command name, which may itself hold spaces and parentheses. Null for a line that is not one.
 */
export function threadCpuMsFromStat(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / CLOCK_TICKS;
}

/** The main thread's CPU ms so far (its tid is the pid), or null off Linux. Worker threads are not counted. */
export function mainThreadCpuMs(): number | null {
  try {
    return threadCpuMsFromStat(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export interface LoopReport {
  /** ms */
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** event-loop utilisation over the window (0..1): how busy the main thread was */
  utilization: number;
  /**
   * each timer tick that came late by more than the threshold: when (epoch ms), how late (ms), and how much CPU
   * the main thread itself used meanwhile (ms, 10 ms steps; null off Linux): close to `ms` = the main thread was
   * running code (blocking); far below = it was waiting for a CPU (other threads or processes).
   */
  stalls: Stall[];
}

export interface Stall {
  at: number;
  ms: number;
  cpuMs: number | null;
}

const TICK_MS = 20;

export function startLoopMonitor(stallMs = 50): { reset(): void; report(): LoopReport; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let elu = performance.eventLoopUtilization();
  let stalls: Stall[] = [];
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    const late = now - last - TICK_MS;
    if (late > stallMs) stalls.push({ at: Math.round(performance.timeOrigin + now), ms: Math.round(late), cpuMs: cpu !== null && lastCpu !== null ? cpu - lastCpu : null });
    last = now;
    lastCpu = cpu;
  }, TICK_MS);
  timer.unref();
  const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10;
  return {
    reset() {
      histogram.reset();
      elu = performance.eventLoopUtilization();
      stalls = [];
    },
    report() {
      const used = performance.eventLoopUtilization(elu);
      return {
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        mean: ms(histogram.mean),
        utilization: Math.round(used.utilization * 1000) / 1000,
        stalls: [...stalls],
      };
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
