import { z } from 'zod';
import { bool, date, datetime, int, num, opt, reference, req, text } from '../fields.ts';
import { known, round2, upsertSpec, validate } from '../spec.ts';
import { RowError } from '../types.ts';

const money = () => opt(num({ min: 0 }));

const schema = z.object({
  source_ref: req(text(64)),
  date: req(date()),
  client: req(reference()),
  technicien: req(reference()),
  type_intervention: req(reference()),
  zone: opt(reference()),
  contrat: opt(reference()),
  date_demande: opt(date()),
  date_echeance: opt(date()),
  heure_arrivee: opt(datetime()),
  heure_depart: opt(datetime()),
  duree_min: opt(int({ min: 0, max: 24 * 60 })),
  duree_prevue_min: opt(int({ min: 0, max: 24 * 60 })),
  km_parcourus: opt(num({ min: 0 })),
  km_plan_initial: opt(num({ min: 0 })),
  pieces_remplacees: opt(int({ min: 0 })),
  montant_pieces: money(),
  montant_mo: money(),
  montant_total: money(),
  montant_depassement: money(),
  montant_refacture: money(),
  satisfaction_note: opt(int({ min: 1, max: 5 })),
  conforme: opt(bool()),
  resolu_premiere_visite: opt(bool()),
  est_reclamation: opt(bool()),
  motif_reclamation: opt(text(200)),
  rapport_signe_at: opt(datetime()),
});

/** Minutes between two ISO instants. */
export const minutesBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/**
 * ERP completed interventions → fact_interventions. Zone from the client when absent, planned duration
 * from the type when absent, duree_min from the arrival/departure times when absent,
 * ecart_min = duree_min − duree_prevue_min, montant_total = pièces + main-d'œuvre when absent.
 */
export const erpInterventions = upsertSpec({
  name: 'interventions',
  required: ['source_ref', 'date', 'client', 'technicien', 'type_intervention'],
  aliases: {
    source_ref: ['intervention_ref', 'numero_intervention', 'ref'],
    date: ['date_intervention', 'date_id', 'jour'],
    client: ['client_ref', 'client_id', 'client_source_ref', 'ref_client'],
    technicien: ['technicien_id', 'technicien_email', 'email_technicien'],
    type_intervention: ['type_intervention_id', 'type_code', 'code_type', 'code', 'type'],
    zone: ['zone_id', 'nom_zone'],
    contrat: ['contrat_ref', 'contrat_id'],
  },
  plan({ refs }, data) {
    const d = { ...data };
    if (typeof d.date_id === 'number' || (typeof d.date_id === 'string' && /^\d{8}$/.test(d.date_id.trim()))) {
      const s = String(d.date_id).trim();
      d.date_id = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`; // YYYYMMDD key → ISO
    }
    const { date: day, client, technicien, type_intervention, zone, contrat, ...v } = validate(this, schema, d);
    if (known(v.heure_arrivee) && known(v.heure_depart) && Date.parse(v.heure_depart) < Date.parse(v.heure_arrivee)) {
      throw new RowError(`heure_depart: ${v.heure_depart} is before heure_arrivee ${v.heure_arrivee}`);
    }
    const c = refs.client(client);
    const type = refs.type(type_intervention);
    const duree_prevue_min = v.duree_prevue_min ?? type.duree_standard_min;
    const duree_min = v.duree_min ?? (known(v.heure_arrivee) && known(v.heure_depart) ? minutesBetween(v.heure_arrivee, v.heure_depart) : v.duree_min);
    const montant_total =
      v.montant_total ?? (known(v.montant_pieces) || known(v.montant_mo) ? round2((v.montant_pieces ?? 0) + (v.montant_mo ?? 0)) : v.montant_total);
    return { table: 'fact_interventions', key: 'source_ref', row: {
      ...v,
      date_id: refs.dateId(day),
      client_id: c.client_id,
      technicien_id: refs.technicien(technicien),
      type_intervention_id: type.type_intervention_id,
      zone_id: known(zone) ? refs.zone(zone) : c.zone_id,
      contrat_id: known(contrat) ? refs.contrat(contrat) : contrat,
      duree_prevue_min,
      duree_min,
      ecart_min: known(duree_min) ? duree_min - duree_prevue_min : undefined,
      montant_total,
    } };
  },
});
