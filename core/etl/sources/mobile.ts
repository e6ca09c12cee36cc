import { z } from 'zod';
import type { Db } from '../../warehouse/db.ts';
import { datetime, num, oneOf, opt, reference, req, text } from '../fields.ts';
import { stmt, upsert } from '../load.ts';
import type { ParsedInput } from '../parse.ts';
import { known, singleGroup, validate, valuesOf, type EntitySpec, type RecordGroup } from '../spec.ts';
import { RowError } from '../types.ts';
import { minutesBetween } from './erp-interventions.ts';

const schema = z.object({
  event_id: req(text(64)),
  technicien: req(reference()),
  intervention_ref: req(text(64)),
  type: req(oneOf(valuesOf('mobile_events', 'type'))),
  at: req(datetime()),
  latitude: opt(num({ min: -90, max: 90 })),
  longitude: opt(num({ min: -180, max: 180 })),
});

interface Times {
  heure_arrivee: string | null;
  heure_depart: string | null;
}

/** The check-in and check-out known for an intervention: the mobile events, else the intervention row. */
function knownTimes(db: Db, ref: string, excludeEvent: string): Times {
  const at = (type: string): string | null =>
    (
      stmt(db, 'SELECT at FROM mobile_events WHERE intervention_ref = ? AND type = ? AND source_ref <> ? ORDER BY at DESC LIMIT 1').get(ref, type, excludeEvent) as
        | { at: string }
        | undefined
    )?.at ?? null;
  const fact = stmt(db, 'SELECT heure_arrivee, heure_depart FROM fact_interventions WHERE source_ref = ?').get(ref) as Times | undefined;
  return { heure_arrivee: at('check_in') ?? fact?.heure_arrivee ?? null, heure_depart: at('check_out') ?? fact?.heure_depart ?? null };
}

/**
 * Applies an event to the intervention it names: a check-in sets heure_arrivee (and moves the planned
 * row to en_cours), a check-out heure_depart; with both, duree_min and ecart_min are recomputed.
 */
function applyEvent(db: Db, type: string, ref: string, at: string): void {
  if (type === 'check_in') {
    stmt(db, "UPDATE planned_interventions SET statut = 'en_cours' WHERE source_ref = ? AND statut IN ('a_planifier', 'planifie')").run(ref);
  }
  const fact = stmt(db, 'SELECT intervention_id, heure_arrivee, heure_depart, duree_prevue_min FROM fact_interventions WHERE source_ref = ?').get(ref) as
    | (Times & { intervention_id: number; duree_prevue_min: number })
    | undefined;
  if (!fact) return;
  const times: Times = { ...fact, [type === 'check_in' ? 'heure_arrivee' : 'heure_depart']: at };
  const duree = known(times.heure_arrivee) && known(times.heure_depart) ? minutesBetween(times.heure_arrivee, times.heure_depart) : null;
  stmt(db, 
    `UPDATE fact_interventions SET heure_arrivee = ?, heure_depart = ?,
       duree_min = COALESCE(?, duree_min), ecart_min = CASE WHEN ? IS NULL THEN ecart_min ELSE ? - duree_prevue_min END
     WHERE intervention_id = ?`,
  ).run(times.heure_arrivee, times.heure_depart, duree, duree, duree, fact.intervention_id);
}

/** GPS check-in / check-out events of the technicians' app → mobile_events, and their effect on the intervention. */
export const mobileEvents: EntitySpec = {
  name: 'mobile events',
  required: ['event_id', 'technicien', 'intervention_ref', 'type', 'at'],
  aliases: {
    event_id: ['id', 'source_ref', 'evenement_id'],
    technicien: ['technicien_id', 'technicien_email', 'email'],
    intervention_ref: ['intervention', 'intervention_id', 'ref_intervention'],
    type: ['event', 'event_type', 'evenement'],
    at: ['timestamp', 'horodatage', 'date_heure', 'heure'],
    latitude: ['lat'],
    longitude: ['lon', 'lng'],
  },
  load({ db, refs }, data) {
    const v = validate(this, schema, data);
    const technicien_id = refs.technicien(v.technicien);
    const t = knownTimes(db, v.intervention_ref, v.event_id);
    const ms = Date.parse(v.at);
    if (v.type === 'check_out' && known(t.heure_arrivee) && ms < Date.parse(t.heure_arrivee)) {
      throw new RowError(`at: the check-out (${v.at}) is before the check-in (${t.heure_arrivee}) of intervention ${v.intervention_ref}`);
    }
    if (v.type === 'check_in' && known(t.heure_depart) && ms > Date.parse(t.heure_depart)) {
      throw new RowError(`at: the check-in (${v.at}) is after the check-out (${t.heure_depart}) of intervention ${v.intervention_ref}`);
    }
    const result = upsert(db, 'mobile_events', 'source_ref', {
      source_ref: v.event_id,
      technicien_id,
      intervention_ref: v.intervention_ref,
      type: v.type,
      at: v.at,
      latitude: v.latitude,
      longitude: v.longitude,
    });
    applyEvent(db, v.type, v.intervention_ref, v.at);
    return result;
  },
};

export function routeMobile(parsed: ParsedInput): RecordGroup[] {
  return singleGroup(mobileEvents, parsed.records, parsed.columns);
}
