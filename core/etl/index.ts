export { runEtl } from './run.ts';
export {
  EtlError,
  parseEtlSource,
  type EtlFormat,
  type EtlInput,
  type EtlLineNote,
  type EtlOptions,
  type EtlSource,
  type EtlSummary,
} from './types.ts';
export { ERP_ENTITIES, type ErpEntity } from './sources/erp.ts';
export { parseDate, parseDateTime } from './fields.ts';
