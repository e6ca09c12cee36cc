/**
 * The synchronous bridge's wire format. The caller (main thread) posts a Request to the worker and blocks on
 * Atomics.wait; the worker runs it on its single connection, posts the Response on a MessagePort and wakes
 * the caller, which reads it with receiveMessageOnPort (the synckit technique).
 */
import type { MessagePort } from 'node:worker_threads';

export interface BoundParam {
  readonly name: string;
  readonly value: unknown;
}

export type Request =
  | { readonly op: 'query'; readonly sql: string; readonly params: readonly BoundParam[]; readonly mode: 'rows' | 'run'; readonly identity: boolean }
  /** a script of statements without parameters (DDL, migrations) */
  | { readonly op: 'exec'; readonly sql: string }
  | { readonly op: 'begin' }
  | { readonly op: 'commit' }
  | { readonly op: 'rollback' }
  | { readonly op: 'savepoint'; readonly name: string }
  | { readonly op: 'release'; readonly name: string }
  | { readonly op: 'rollbackTo'; readonly name: string }
  /** rows appended to a table in one round trip: the driver's bulk load (mssql), a prepared INSERT (test backend) */
  | { readonly op: 'bulk'; readonly table: string; readonly columns: readonly BulkColumn[]; readonly rows: readonly (readonly unknown[])[] }
  | { readonly op: 'close' };

/** A column of a bulk load, typed as the warehouse schema declares it (the T-SQL type follows from it). */
export interface BulkColumn {
  readonly name: string;
  readonly type: 'int' | 'real' | 'money' | 'text' | 'bool' | 'date' | 'datetime' | 'json';
  readonly nullable: boolean;
  /** NVARCHAR(n) for text; unset = NVARCHAR(MAX) */
  readonly maxLength?: number;
  /** the table's IDENTITY column, given explicit values (a bulk load keeps them: the column is in its list) */
  readonly identity?: boolean;
}

export type Row = Record<string, unknown>;

export interface QueryResult {
  readonly rows: Row[];
  /** column names in order (for pluck/raw) */
  readonly columns: string[];
  readonly changes: number;
  readonly lastInsertRowid: number | null;
}

export type Response =
  | { readonly id: number; readonly ok: true; readonly result: QueryResult | null }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: string; readonly number?: number } };

/** What the worker runs requests on: SQL Server through `mssql`, or better-sqlite3 for the bridge's own tests. */
export interface Backend {
  query(sql: string, params: readonly BoundParam[], mode: 'rows' | 'run', identity: boolean): Promise<QueryResult>;
  exec(sql: string): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  savepoint(name: string): Promise<void>;
  release(name: string): Promise<void>;
  rollbackTo(name: string): Promise<void>;
  /** appends the rows (values in column order); answers how many were written */
  bulk(table: string, columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]): Promise<number>;
  close(): Promise<void>;
}

export type BackendConfig =
  | { readonly kind: 'mssql'; readonly config: Record<string, unknown> }
  /** test backend: a better-sqlite3 file (or :memory:), statements in SQLite syntax with @name parameters */
  | { readonly kind: 'sqlite'; readonly path: string; readonly init?: string };

export interface WorkerInit {
  readonly backend: BackendConfig;
  readonly flag: SharedArrayBuffer;
  readonly port: MessagePort;
}
