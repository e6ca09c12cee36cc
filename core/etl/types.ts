import { ETL_SOURCES } from '../warehouse/schema.ts';

export type EtlSource = (typeof ETL_SOURCES)[number];
export type EtlFormat = 'csv' | 'json';

export interface EtlInput {
  /** the original file name: recorded with the batch, and a hint for the format and the ERP entity */
  readonly fileName: string;
  readonly text: string;
  /** default: from the extension, else sniffed from the content */
  readonly format?: EtlFormat;
  /** ERP only: clients | contrats | interventions | devis */
  readonly entity?: string;
}

export interface EtlOptions {
  /** the clock (tests); default: now */
  readonly now?: Date;
  /** on the bridged database (Azure SQL): write by bulk load + one UPDATE/INSERT per chunk (default true); SQLite always loads row by row */
  readonly setBased?: boolean;
  /** rows per chunk of a set-based load (default 5 000) */
  readonly setChunk?: number;
}

/** A row the ETL refused (line: CSV file line, JSON 1-based item index; 0 = the whole input). */
export interface EtlLineNote {
  readonly line: number;
  readonly reason: string;
}

export interface EtlSummary {
  readonly batchId: number;
  readonly source: EtlSource;
  readonly fileName: string;
  readonly format: EtlFormat;
  readonly read: number;
  readonly loaded: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** the first 20 rejects (all of them are in etl_rejects) */
  readonly rejects: EtlLineNote[];
  /** rows loaded with a correction (e.g. a text cut to its maximum length), the first 20 */
  readonly warnings: EtlLineNote[];
}

/** A problem with the whole input (not one row). Recorded in etl_batches / etl_rejects (line 0) before it is thrown. */
export class EtlError extends Error {
  override readonly name = 'EtlError';
  /** the etl_batches row that records the failure, once recorded */
  batchId: number | null = null;
}

/** A problem with one row: it becomes an etl_rejects row and the batch goes on. */
export class RowError extends Error {
  override readonly name = 'RowError';
}

export function parseEtlSource(s: string): EtlSource {
  const v = s.trim().toLowerCase();
  if ((ETL_SOURCES as readonly string[]).includes(v)) return v as EtlSource;
  throw new EtlError(`unknown source "${s}" (expected ${ETL_SOURCES.join(', ')})`);
}
