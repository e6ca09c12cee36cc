import { z } from 'zod';
import { DEVIS_STATUSES } from '../../warehouse/schema.ts';
import { date, num, oneOf, opt, reference, req, text } from '../fields.ts';
import { known, upsertSpec, validate } from '../spec.ts';
import { RowError } from '../types.ts';

const schema = z.object({
  source_ref: req(text(64)),
  client: req(reference()),
  date_emission: req(date()),
  date_reponse: opt(date()),
  statut: req(oneOf(DEVIS_STATUSES)),
  montant_ht: req(num({ min: 0 })),
  montant_ttc: req(num({ min: 0 })),
  intervention: opt(reference()),
  technicien: opt(reference()),
  type_intervention: opt(reference()),
});

/** ERP quotes → fact_devis (date_id = the issue date). */
export const erpDevis = upsertSpec({
  name: 'devis',
  required: ['source_ref', 'client', 'date_emission', 'statut', 'montant_ht', 'montant_ttc'],
  aliases: {
    source_ref: ['devis_ref', 'numero_devis', 'ref'],
    client: ['client_ref', 'client_id', 'client_source_ref', 'ref_client'],
    date_emission: ['date'],
    intervention: ['intervention_ref', 'intervention_id'],
    technicien: ['technicien_id', 'technicien_email'],
    type_intervention: ['type_intervention_id', 'type_code', 'code_type'],
  },
  plan({ refs }, data) {
    const { client, intervention, technicien, type_intervention, ...v } = validate(this, schema, data);
    if (known(v.date_reponse) && v.date_reponse < v.date_emission) throw new RowError(`date_reponse: ${v.date_reponse} is before date_emission ${v.date_emission}`);
    if (v.montant_ttc < v.montant_ht) throw new RowError(`montant_ttc: ${v.montant_ttc} is below montant_ht ${v.montant_ht}`);
    return { table: 'fact_devis', key: 'source_ref', row: {
      ...v,
      date_id: refs.dateId(v.date_emission),
      client_id: refs.client(client).client_id,
      intervention_id: known(intervention) ? refs.intervention(intervention).intervention_id : intervention,
      technicien_id: known(technicien) ? refs.technicien(technicien) : technicien,
      type_intervention_id: known(type_intervention) ? refs.type(type_intervention).type_intervention_id : type_intervention,
    } };
  },
});
