import { z } from 'zod';
import { PORTAL_STATUSES } from '../../warehouse/schema.ts';
import { applyAliases, cutText, date, datetime, oneOf, opt, overlong, reference, req, text } from '../fields.ts';
import type { ParsedInput } from '../parse.ts';
import { known, singleGroup, upsertSpec, validate, valuesOf, type RecordGroup } from '../spec.ts';
import { RowError } from '../types.ts';
import { parisDate } from '../../warehouse/calendar.ts';

const DESCRIPTION_MAX = 500;

const schema = z.object({
  request_id: req(text(64)),
  client: req(reference()),
  type_intervention: opt(reference()),
  date_demande: req(datetime()),
  date_souhaitee: opt(date()),
  creneau: opt(oneOf(valuesOf('portal_requests', 'creneau'))),
  description: opt(cutText(DESCRIPTION_MAX)),
  statut: opt(oneOf(PORTAL_STATUSES)),
});

/** Appointment requests from the client portal → portal_requests (statut a_valider unless given). */
export const portalRequests = upsertSpec({
  name: 'portal requests',
  required: ['request_id', 'client', 'date_demande'],
  aliases: {
    request_id: ['id', 'source_ref', 'demande_id', 'numero_demande'],
    client: ['client_ref', 'client_id', 'client_source_ref', 'ref_client'],
    type_intervention: ['type_code', 'code_type', 'type_intervention_id', 'type'],
    date_souhaitee: ['date_souhaite', 'date_rdv'],
    creneau: ['plage', 'moment'],
  },
  plan({ refs }, data) {
    const v = validate(this, schema, data);
    if (known(v.date_souhaitee) && v.date_souhaitee < parisDate(new Date(v.date_demande))) {
      throw new RowError(`date_souhaitee: ${v.date_souhaitee} is before the request date ${v.date_demande.slice(0, 10)}`);
    }
    const row = {
      source_ref: v.request_id,
      client_id: refs.client(v.client).client_id,
      type_intervention_id: known(v.type_intervention) ? refs.type(v.type_intervention).type_intervention_id : v.type_intervention,
      date_demande: v.date_demande,
      date_souhaitee: v.date_souhaitee,
      creneau: v.creneau,
      description: v.description,
      statut: v.statut ?? undefined,
    };
    const warnings = overlong(applyAliases(data, this.aliases), { description: DESCRIPTION_MAX });
    return { table: 'portal_requests', key: 'source_ref', row, insertDefaults: { statut: 'a_valider' }, warnings };
  },
});

export function routePortal(parsed: ParsedInput): RecordGroup[] {
  return singleGroup(portalRequests, parsed.records, parsed.columns);
}
