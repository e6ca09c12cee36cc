import { describe, expect, it } from 'vitest';
import { mainThreadCpuMs, startLoopMonitor, threadCpuMsFromStat } from './loop-monitor.ts';

describe('bench-load event-loop monitor', () => {
  it('reads a thread CPU time from a /proc stat line, command names with spaces and parentheses included', () => {
    const line = '32009 (node) R 32007 32007 3925 0 -1 4194304 2156 0 0 0 8 2 0 0 20 0 7 0 237302';
    expect(threadCpuMsFromStat(line)).toBe(100); // (8 + 2) ticks × 10 ms
    expect(threadCpuMsFromStat('77 (my (odd) cmd) S 1 1 1 0 -1 0 0 0 0 0 150 50 0 0')).toBe(2000);
    expect(threadCpuMsFromStat('garbage')).toBeNull();
    expect(threadCpuMsFromStat('1 (x) S 1 2')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('reports a blocked event loop as a stall, with the main thread on CPU for most of it', async () => {
    const before = mainThreadCpuMs();
    expect(before).not.toBeNull();
    const monitor = startLoopMonitor(50);
    try {
      // let one tick pass so the monitor has a reference time, then block the loop for 250 ms of CPU time
      // (CPU, not wall time: on a loaded machine a wall-time spin may get only a fraction of a core)
      await new Promise<void>((resolve) => setImmediate(resolve));
      const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
      const until = cpu() + 250;
      while (cpu() < until) Math.sqrt(Math.random());
      // the next timer tick notices the stall (waits for the monitor's own timer, not a fixed delay)
      let report = monitor.report();
      while (report.stalls.length === 0) {
        await new Promise<void>((resolve) => setTimeout(resolve, 5));
        report = monitor.report();
      }
      const stall = report.stalls[0]!;
      expect(stall.ms).toBeGreaterThanOrEqual(200);
      expect(stall.cpuMs).not.toBeNull();
      // the main thread was running, not waiting: most of the 250 ms of CPU spun is on it (10 ms clock ticks;
      // the process's other threads may take a little of it)
      expect(stall.cpuMs!).toBeGreaterThanOrEqual(150);
      monitor.reset();
      expect(monitor.report().stalls).toEqual([]);
    } finally {
      monitor.stop();
    }
  });
});
