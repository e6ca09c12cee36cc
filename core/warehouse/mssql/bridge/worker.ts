/** The bridge's worker: one backend (one connection), requests answered strictly one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Backend, BackendConfig, QueryResult, Request, Response, WorkerInit } from './protocol.ts';

async function openBackend(cfg: BackendConfig): Promise<Backend> {
  if (cfg.kind === 'mssql') return (await import('./backend-mssql.ts')).openMssqlBackend(cfg.config);
  return (await import('./backend-sqlite.ts')).openSqliteBackend(cfg.path, cfg.init);
}

const init = workerData as WorkerInit;
const flag = new Int32Array(init.flag);
const port = init.port;
const backendReady = openBackend(init.backend);
// a failed connection is reported to the first request, not as an unhandled rejection
backendReady.catch(() => undefined);

function answer(r: Response): void {
  port.postMessage(r);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

async function run(backend: Backend, req: Request): Promise<QueryResult | null> {
  switch (req.op) {
    case 'query':
      return backend.query(req.sql, req.params, req.mode, req.identity);
    case 'exec':
      return backend.exec(req.sql).then(() => null);
    case 'begin':
      return backend.begin().then(() => null);
    case 'commit':
      return backend.commit().then(() => null);
    case 'rollback':
      return backend.rollback().then(() => null);
    case 'savepoint':
      return backend.savepoint(req.name).then(() => null);
    case 'release':
      return backend.release(req.name).then(() => null);
    case 'rollbackTo':
      return backend.rollbackTo(req.name).then(() => null);
    case 'bulk': {
      const n = await backend.bulk(req.table, req.columns, req.rows);
      return { rows: [], columns: [], changes: n, lastInsertRowid: null };
    }
    case 'close':
      return backend.close().then(() => null);
  }
}

// strictly sequential: the caller is blocked until each answer anyway, this only guards against misuse
let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (msg: { id: number; req: Request }) => {
  chain = chain.then(async () => {
    try {
      const backend = await backendReady;
      const result = await run(backend, msg.req);
      answer({ id: msg.id, ok: true, result });
      if (msg.req.op === 'close') parentPort!.close();
    } catch (e) {
      const err = e as { message?: string; code?: string; number?: number };
      answer({ id: msg.id, ok: false, error: { message: String(err?.message ?? e), code: err?.code, number: err?.number } });
    }
  });
});
