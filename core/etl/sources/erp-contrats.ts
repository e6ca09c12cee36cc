import { z } from 'zod';
import { CONTRAT_STATUSES } from '../../warehouse/schema.ts';
import { date, int, num, oneOf, opt, reference, req, text } from '../fields.ts';
import { known, upsertSpec, validate, valuesOf } from '../spec.ts';
import { RowError } from '../types.ts';

const schema = z.object({
  source_ref: req(text(64)),
  client: req(reference()),
  formule: req(oneOf(valuesOf('fact_contrats', 'formule'))),
  date_debut: req(date()),
  date_fin: req(date()),
  montant_annuel: req(num({ min: 0 })),
  statut: req(oneOf(CONTRAT_STATUSES)),
  numero_renouvellement: opt(int({ min: 0 })),
  contrat_precedent: opt(reference()),
  date_resiliation: opt(date()),
  motif_resiliation: opt(text(200)),
});

/** ERP contract periods → fact_contrats (date_id = the start date). */
export const erpContrats = upsertSpec({
  name: 'contrats',
  required: ['source_ref', 'client', 'formule', 'date_debut', 'date_fin', 'montant_annuel', 'statut'],
  aliases: {
    source_ref: ['contrat_ref', 'numero_contrat', 'ref'],
    client: ['client_ref', 'client_id', 'client_source_ref', 'ref_client'],
    montant_annuel: ['montant'],
    contrat_precedent: ['contrat_precedent_ref', 'contrat_precedent_id'],
  },
  plan({ refs }, data) {
    const { client, contrat_precedent, ...v } = validate(this, schema, data);
    if (v.date_fin < v.date_debut) throw new RowError(`date_fin: ${v.date_fin} is before date_debut ${v.date_debut}`);
    if (known(v.date_resiliation) && v.date_resiliation < v.date_debut) throw new RowError(`date_resiliation: ${v.date_resiliation} is before date_debut ${v.date_debut}`);
    return { table: 'fact_contrats', key: 'source_ref', row: {
      ...v,
      client_id: refs.client(client).client_id,
      contrat_precedent_id: known(contrat_precedent) ? refs.contrat(contrat_precedent, 'contrat_precedent') : contrat_precedent,
      date_id: refs.dateId(v.date_debut),
    } };
  },
});
