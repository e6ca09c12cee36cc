/** Worker thread: loads HiGHS once, solves each instance it is sent, posts the result back. */
import { parentPort } from 'node:worker_threads';
import loadHighs, { type Highs } from 'highs';
import type { PlanningConfig } from '../config.ts';
import type { PlanningInstance } from '../model/types.ts';
import { solveWithHighs } from './highs-solve.ts';

// the package's ESM entry default-exports the loader; its typings describe the CommonJS shape
const highs = (loadHighs as unknown as () => Promise<Highs>)();

parentPort?.on('message', (msg: { instance: PlanningInstance; config: PlanningConfig }) => {
  highs
    .then((h) => parentPort?.postMessage({ ok: true, result: solveWithHighs(h, msg.instance, msg.config) }))
    .catch((err: unknown) => parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }));
});
