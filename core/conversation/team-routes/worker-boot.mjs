// Worker entry in plain JavaScript: registers tsx in this thread, then loads the TypeScript worker
// (the pattern of core/planning/solver/worker-boot.mjs). Messages posted before the listener exists wait in the
// port's queue.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
