/**
 * A synchronous database with the part of better-sqlite3's API the app uses — prepare().get/all/run/iterate/
 * pluck, exec, transaction (nested → savepoints, .immediate/.deferred/.exclusive), pragma — over an
 * asynchronous driver running in a worker thread. Each call posts a request and blocks on Atomics.wait until
 * the worker answers on a MessagePort (read with receiveMessageOnPort): the synckit technique, without the
 * dependency. The worker holds ONE connection, so a transaction stays on its session.
 *
 * A call that does not answer within `timeoutMs` throws BridgeTimeoutError and the worker is ended (its
 * connection closes, so SQL Server rolls back whatever was open); the next call starts a new one.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { BackendConfig, BoundParam, BulkColumn, QueryResult, Request, Response, Row } from './bridge/protocol.ts';
import { parameterise, translate, type ParamSource, type Translated } from './translate.ts';

export class BridgeTimeoutError extends Error {
  constructor(
    readonly op: string,
    readonly ms: number,
  ) {
    super(`database call (${op}) did not answer within ${ms} ms: connection reset`);
    this.name = 'BridgeTimeoutError';
  }
}

/** An error the database (or driver) reported; `code` / `number` as the driver gives them. */
export class BridgeSqlError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly number: number | undefined,
    readonly sql: string | undefined,
  ) {
    super(message);
    this.name = 'BridgeSqlError';
  }
}

export interface BridgeOptions {
  readonly backend: BackendConfig;
  /** T-SQL translation of each statement (default: true for mssql, false for the sqlite test backend) */
  readonly translate?: boolean;
  /** per call (default 30 s) */
  readonly timeoutMs?: number;
  /** how long to wait for the first connection (default 30 s) */
  readonly connectTimeoutMs?: number;
}

type Prepared = Translated;

/** Values of better-sqlite3-style arguments for the statement's parameters. */
export function bindArgs(params: readonly ParamSource[], args: readonly unknown[], sql: string): BoundParam[] {
  const flat = args.flatMap((a) => (Array.isArray(a) ? (a as unknown[]) : [a]));
  const named = flat.length > 0 && isPlainObject(flat[flat.length - 1]) ? (flat.pop() as Record<string, unknown>) : null;
  const out: BoundParam[] = [];
  let positional = 0;
  for (const p of params) {
    if ('index' in p) {
      if (p.index >= flat.length) throw new RangeError(`Too few parameter values were provided for: ${sql.slice(0, 120)}`);
      out.push({ name: p.name, value: normalise(flat[p.index]) });
      positional++;
    } else {
      if (!named || !(p.key in named)) throw new RangeError(`Missing named parameter "${p.key}"`);
      out.push({ name: p.name, value: normalise(named[p.key]) });
    }
  }
  if (flat.length > positional) throw new RangeError(`Too many parameter values were provided for: ${sql.slice(0, 120)}`);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype;
}

function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null'); // as better-sqlite3
  return v;
}

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export class BridgedStatement {
  private plucked = false;
  private rawRows = false;
  constructor(
    private readonly db: BridgedDatabase,
    readonly source: string,
    private readonly prepared: Prepared,
  ) {}

  get reader(): boolean {
    return /^\s*(SELECT|WITH|VALUES)\b/i.test(this.source) || /\bRETURNING\b/i.test(this.source);
  }

  pluck(on = true): this {
    this.plucked = on;
    return this;
  }

  raw(on = true): this {
    this.rawRows = on;
    return this;
  }

  private shape(r: QueryResult): unknown[] {
    if (this.plucked) return r.rows.map((row) => row[r.columns[0] ?? Object.keys(row)[0]!]);
    if (this.rawRows) return r.rows.map((row) => r.columns.map((c) => row[c]));
    return r.rows;
  }

  all(...args: unknown[]): unknown[] {
    return this.shape(this.db.query(this.prepared, bindArgs(this.prepared.params, args, this.source), 'rows'));
  }

  get(...args: unknown[]): unknown {
    return this.all(...args)[0];
  }

  *iterate(...args: unknown[]): IterableIterator<unknown> {
    yield* this.all(...args);
  }

  run(...args: unknown[]): RunResult {
    const r = this.db.query(this.prepared, bindArgs(this.prepared.params, args, this.source), 'run');
    return { changes: r.changes, lastInsertRowid: r.lastInsertRowid ?? 0 };
  }
}

type TxFn<A extends unknown[], R> = ((...args: A) => R) & { deferred: (...args: A) => R; immediate: (...args: A) => R; exclusive: (...args: A) => R; default: (...args: A) => R };

export class BridgedDatabase {
  readonly name: string;
  readonly memory = false;
  readonly readonly = false;
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private flag: Int32Array | null = null;
  private seq = 0;
  private depth = 0;
  private dataVersion = 0;
  private closed = false;
  private readonly cache = new Map<string, Prepared>();
  private readonly translating: boolean;
  /** rows of bulk writers not sent yet, in the order they were added (segments of one table each) */
  private queue = new Map<readonly BulkColumn[], { table: string; columns: readonly BulkColumn[]; rank: number; order: number; rows: (readonly unknown[])[] }>();
  private queued = 0;
  private readonly timeoutMs: number;

  constructor(private readonly options: BridgeOptions) {
    this.translating = options.translate ?? options.backend.kind === 'mssql';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.name = options.backend.kind === 'mssql' ? 'mssql' : options.backend.path;
    this.call({ op: 'exec', sql: 'SELECT 1' }); // connects now: a bad address or password fails here
  }

  get open(): boolean {
    return !this.closed;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  private start(): void {
    const { port1, port2 } = new MessageChannel();
    const flagBuf = new SharedArrayBuffer(4);
    this.flag = new Int32Array(flagBuf);
    this.port = port1;
    this.worker = new Worker(new URL('./bridge/worker-boot.mjs', import.meta.url), {
      workerData: { backend: this.options.backend, flag: flagBuf, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
    this.worker.on('error', () => undefined); // reported through the next call's timeout/answer
  }

  private reset(): void {
    this.dropQueue();
    const w = this.worker;
    this.worker = null;
    this.port?.close();
    this.port = null;
    this.depth = 0;
    if (w) void w.terminate();
  }

  /** One blocking round trip. */
  call(req: Request, timeoutMs = this.timeoutMs): QueryResult | null {
    if (this.closed && req.op !== 'close') throw new TypeError('The database connection is not open');
    if (this.queued > 0 && req.op !== 'bulk') {
      // queued bulk rows come before anything else on the session; a rollback drops them with the rest
      if (req.op === 'rollback' || req.op === 'rollbackTo') this.dropQueue();
      else this.flushQueue();
    }
    if (!this.worker) {
      this.start();
      // a new worker connects first: its first call may take the connection time
      timeoutMs = Math.max(timeoutMs, this.options.connectTimeoutMs ?? 30_000);
    }
    const id = ++this.seq;
    Atomics.store(this.flag!, 0, 0);
    this.worker!.postMessage({ id, req });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.flag!, 0, 0, left) === 'timed-out') {
        this.reset();
        throw new BridgeTimeoutError(req.op, timeoutMs);
      }
      const msg = receiveMessageOnPort(this.port!)?.message as Response | undefined;
      Atomics.store(this.flag!, 0, 0);
      if (!msg) continue;
      if (msg.id !== id) continue; // an answer to a call that timed out earlier
      if (!msg.ok) throw new BridgeSqlError(msg.error.message, msg.error.code, msg.error.number, req.op === 'query' || req.op === 'exec' ? req.sql : req.op === 'bulk' ? `bulk load into ${req.table}` : undefined);
      return msg.result;
    }
  }

  /** The statement as sent: translated to T-SQL (mssql) or only its parameters renamed (test backend). */
  prepareText(sql: string): Prepared {
    let p = this.cache.get(sql);
    if (!p) {
      p = this.translating ? translate(sql) : parameterise(sql);
      this.cache.set(sql, p);
    }
    return p;
  }

  query(p: Prepared, params: BoundParam[], mode: 'rows' | 'run'): QueryResult {
    if (p.kind === 'pragma') return { rows: [], columns: [], changes: 0, lastInsertRowid: null };
    const r = this.call({ op: 'query', sql: p.sql, params, mode, identity: p.identity })!;
    if (mode === 'run') this.dataVersion++;
    return r;
  }

  prepare(sql: string): BridgedStatement {
    return new BridgedStatement(this, sql, this.prepareText(sql));
  }

  /** Runs SQL written for SQLite (translated); several statements allowed, no parameters. */
  exec(sql: string): this {
    const p = this.prepareText(sql);
    if (p.kind !== 'pragma') this.call({ op: 'exec', sql: p.sql });
    this.dataVersion++;
    return this;
  }

  /** 'mssql' when statements are translated to T-SQL for SQL Server; 'sqlite' for the test backend */
  get dialect(): 'mssql' | 'sqlite' {
    return this.options.backend.kind;
  }

  /** Runs a native statement (no translation) with named parameters: withAppLock's sp_getapplock. */
  queryNative(sql: string, params: Record<string, unknown>): QueryResult {
    return this.call({ op: 'query', sql, params: Object.entries(params).map(([name, value]) => ({ name, value })), mode: 'run', identity: false })!;
  }

  /**
   * Appends rows to a table in ONE round trip: the driver's bulk load on SQL Server, a prepared INSERT on the
   * test backend. Runs in the open transaction, if any. Use `bulkInsert` (bulk.ts): it types the columns from
   * the schema, batches, and makes the whole load atomic.
   */
  bulk(table: string, columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]): number {
    const r = this.call({ op: 'bulk', table, columns, rows })!;
    this.dataVersion++;
    return r.changes;
  }

  /**
   * Queues one row for a bulk load (bulk.ts `bulkWriter`). Every queued row is sent before any other
   * statement, commit or savepoint of this connection (so the app reads its own writes), or when `batchSize`
   * rows are queued. A flush sends one bulk load per table: tables in foreign-key order (`rank`: parents
   * first), then in the order they were first queued; rows of a table in the order added. A refused row
   * surfaces at that next call (inside a transaction: the transaction fails and rolls back, as it would have
   * on the INSERT).
   */
  queueBulk(table: string, columns: readonly BulkColumn[], row: readonly unknown[], batchSize: number, rank = 0): void {
    if (this.closed) throw new TypeError('The database connection is not open');
    let group = this.queue.get(columns);
    if (!group) this.queue.set(columns, (group = { table, columns, rank, order: this.queue.size, rows: [] }));
    group.rows.push(row);
    if (++this.queued >= batchSize) this.flushQueue();
  }

  /** Sends the queued bulk rows now. */
  flushQueue(): void {
    if (this.queued === 0) return;
    const groups = [...this.queue.values()].sort((a, b) => a.rank - b.rank || a.order - b.order);
    this.dropQueue();
    for (const g of groups) this.bulk(g.table, g.columns, g.rows);
  }

  private dropQueue(): void {
    this.queue = new Map();
    this.queued = 0;
  }

  /** Runs T-SQL as is (DDL, migrations): no translation. */
  execNative(sql: string): this {
    this.call({ op: 'exec', sql });
    this.dataVersion++;
    return this;
  }

  /**
   * PRAGMAs are SQLite's: none reaches the server. `data_version` answers a new number on every call (so a
   * cache keyed on it never serves stale figures: other instances write to the same database); the others
   * answer nothing.
   */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const name = source.trim().split(/\s*=\s*/)[0]!.toLowerCase();
    if (name === 'data_version') {
      const v = ++this.dataVersion;
      return options.simple ? v : [{ data_version: v }];
    }
    return options.simple ? undefined : [];
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): TxFn<A, R> {
    const wrapped = (...args: A): R => {
      const nested = this.depth > 0;
      const sp = `sav_sp_${this.depth}`;
      this.call(nested ? { op: 'savepoint', name: sp } : { op: 'begin' });
      this.depth++;
      let result: R;
      try {
        result = fn(...args);
        this.flushQueue(); // a refused queued row fails this transaction, not the next statement
      } catch (e) {
        this.depth--;
        try {
          this.call(nested ? { op: 'rollbackTo', name: sp } : { op: 'rollback' });
        } catch {
          // the connection is gone or the server already rolled back: the original error matters
        }
        throw e;
      }
      this.depth--;
      this.call(nested ? { op: 'release', name: sp } : { op: 'commit' });
      this.dataVersion++;
      return result;
    };
    return Object.assign(wrapped, { deferred: wrapped, immediate: wrapped, exclusive: wrapped, default: wrapped });
  }

  close(): this {
    if (this.closed) return this;
    try {
      if (this.worker) this.call({ op: 'close' }, 5_000);
    } finally {
      this.closed = true;
      this.reset();
    }
    return this;
  }
}

export type { Row };
