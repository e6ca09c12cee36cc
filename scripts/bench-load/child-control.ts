/** What a benchmarked bot process answers over IPC: its event-loop delay, and a CPU profile on demand. */
import { writeFileSync } from 'node:fs';
import { onParentMessage, sendToParent } from './ipc.ts';
import { startLoopMonitor } from './loop-monitor.ts';
import { cpuProfiler, summarizeProfile } from './profile.ts';

export function serveBenchControl(root: string): void {
  const loop = startLoopMonitor();
  const profiler = cpuProfiler();
  onParentMessage((m) => {
    switch (m.type) {
      case 'loop-reset':
        loop.reset();
        sendToParent({ type: 'ack' });
        return;
      case 'loop-report':
        sendToParent({ type: 'loop', report: loop.report() });
        return;
      case 'profile-start':
        void profiler.start().then(
          () => sendToParent({ type: 'ack' }),
          (err: unknown) => sendToParent({ type: 'failed', error: `profiler: ${String(err)}` }),
        );
        return;
      case 'profile-stop':
        void profiler.stop().then(
          (profile) => {
            writeFileSync(m.file, JSON.stringify(profile));
            sendToParent({ type: 'profile', file: m.file, summary: summarizeProfile(profile, root) });
          },
          (err: unknown) => sendToParent({ type: 'failed', error: `profiler: ${String(err)}` }),
        );
        return;
      default:
        sendToParent({ type: 'ack' });
    }
  });
}
