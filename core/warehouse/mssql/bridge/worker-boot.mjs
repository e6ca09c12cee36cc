// Worker entry in plain JavaScript: registers tsx in this thread (when the app runs from TypeScript sources),
// then loads the TypeScript worker. Requests posted before the listener exists wait in the port's queue.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
