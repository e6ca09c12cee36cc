import { normalizeKey, type ParsedInput, type SourceRecord } from '../parse.ts';
import { checkColumns, type EntitySpec, type RecordGroup } from '../spec.ts';
import { EtlError, RowError, type EtlInput } from '../types.ts';
import { erpClients } from './erp-clients.ts';
import { erpContrats } from './erp-contrats.ts';
import { erpDevis } from './erp-devis.ts';
import { erpInterventions } from './erp-interventions.ts';

/** The ERP entities, in load order (a contract needs its client, an intervention its contract…). */
export const ERP_ENTITIES = [erpClients, erpContrats, erpInterventions, erpDevis] as const;
export type ErpEntity = (typeof ERP_ENTITIES)[number]['name'];

const SYNONYMS: Record<string, EntitySpec> = {
  client: erpClients,
  clients: erpClients,
  contrat: erpContrats,
  contrats: erpContrats,
  contract: erpContrats,
  contracts: erpContrats,
  intervention: erpInterventions,
  interventions: erpInterventions,
  devis: erpDevis,
  quote: erpDevis,
  quotes: erpDevis,
};

const EXPECTED = ERP_ENTITIES.map((e) => e.name).join(', ');

export function erpEntity(name: string): EntitySpec | undefined {
  return SYNONYMS[normalizeKey(name)];
}

/** The entity a file name speaks of (`export_interventions_2026-12.csv`), if exactly one. */
export function entityFromFileName(fileName: string): EntitySpec | undefined {
  const base = normalizeKey(fileName.split(/[\\/]/).pop() ?? '');
  const hits = new Set(
    Object.entries(SYNONYMS)
      .filter(([word]) => base.includes(word))
      .map(([, spec]) => spec),
  );
  return hits.size === 1 ? [...hits][0] : undefined;
}

const noEntityError = (): RowError => new RowError(`entity: the row does not say which ERP entity it is (an "entity" field: ${EXPECTED})`);
const noEntity: EntitySpec = {
  name: 'unknown',
  required: [],
  aliases: {},
  load() {
    throw noEntityError();
  },
  plan() {
    throw noEntityError();
  },
};

/**
 * Which entity each ERP record holds: the `entity` option, else the JSON object key, else an
 * `entity` (or `type`) field of the row, else the file name. Groups come in load order.
 */
export function routeErp(parsed: ParsedInput, input: EtlInput): RecordGroup[] {
  let forced: EntitySpec | undefined;
  if (input.entity !== undefined && input.entity.trim() !== '') {
    forced = erpEntity(input.entity);
    if (!forced) throw new EtlError(`unknown ERP entity "${input.entity}" (expected ${EXPECTED})`);
  }
  const fromName = entityFromFileName(input.fileName);
  const byEntity = new Map<EntitySpec, SourceRecord[]>();
  for (const rec of parsed.records) {
    let spec = forced;
    if (!spec && rec.group !== undefined) {
      spec = erpEntity(rec.group);
      if (!spec) throw new EtlError(`unknown ERP entity "${rec.group}" in the JSON object (expected keys ${EXPECTED})`);
    }
    if (!spec) {
      const field = rec.data.entity ?? rec.data.entite;
      if (typeof field === 'string' && field.trim() !== '') spec = erpEntity(field) ?? noEntity;
      else if (typeof rec.data.type === 'string') spec = erpEntity(rec.data.type);
    }
    spec ??= fromName ?? noEntity;
    const list = byEntity.get(spec) ?? [];
    list.push(rec);
    byEntity.set(spec, list);
  }
  if (parsed.records.length > 0 && byEntity.size === 1 && byEntity.has(noEntity)) {
    throw new EtlError(
      `cannot tell which ERP entity "${input.fileName}" holds: give the entity option (${EXPECTED}), an "entity" field per row, or a file name containing one`,
    );
  }
  const fileLevel = forced ?? fromName;
  if (parsed.records.length === 0 && fileLevel) checkColumns(fileLevel, parsed.columns);
  const groups = [...ERP_ENTITIES, noEntity].filter((spec) => byEntity.has(spec)).map((spec) => ({ spec, records: byEntity.get(spec)! }));
  for (const g of groups) if (g.spec !== noEntity) checkColumns(g.spec, parsed.columns);
  return groups;
}
