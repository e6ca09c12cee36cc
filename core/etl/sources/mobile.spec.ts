import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../warehouse/db.ts';
import { openDb } from '../../warehouse/db.ts';
import { fixture, insertIntervention, seedReference } from '../fixtures/reference.ts';
import { runEtl } from '../index.ts';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  seedReference(db);
  insertIntervention(db, 'I0100', '2026-12-03', 1, 1, 60);
  insertIntervention(db, 'I0102', '2026-12-03', 2, 2, 60);
  db.prepare(
    `INSERT INTO planned_interventions (source_ref, client_id, type_intervention_id, zone_id, technicien_id, date_prevue, duree_prevue_min, date_demande, statut, origine)
     VALUES ('I0101', 2, 2, 2, 2, '2026-12-03', 60, '2026-11-28', 'planifie', 'erp')`,
  ).run();
});

const fact = (ref: string) => db.prepare('SELECT heure_arrivee, heure_depart, duree_min, ecart_min FROM fact_interventions WHERE source_ref = ?').get(ref);

describe('mobile check-in / check-out', () => {
  it('sets the arrival and departure times, recomputes the durations, and starts the planned intervention', () => {
    const s = runEtl(db, 'mobile', { fileName: 'mobile.json', text: fixture('mobile.json') });
    expect(s).toMatchObject({ read: 5, loaded: 4, rejected: 1 });
    expect(s.rejects).toEqual([
      { line: 5, reason: 'at: the check-out (2026-12-03T13:30:00+01:00) is before the check-in (2026-12-03T14:00:00+01:00) of intervention I0102' },
    ]);
    expect(fact('I0100')).toEqual({ heure_arrivee: '2026-12-03T08:30:00+01:00', heure_depart: '2026-12-03T09:45:00+01:00', duree_min: 75, ecart_min: 15 });
    expect(fact('I0102')).toEqual({ heure_arrivee: '2026-12-03T14:00:00+01:00', heure_depart: null, duree_min: null, ecart_min: null });
    expect(db.prepare("SELECT statut FROM planned_interventions WHERE source_ref = 'I0101'").get()).toEqual({ statut: 'en_cours' });
    expect(db.prepare("SELECT technicien_id, type, at, latitude FROM mobile_events WHERE source_ref = 'E-1'").get()).toEqual({
      technicien_id: 1,
      type: 'check_in',
      at: '2026-12-03T08:30:00+01:00',
      latitude: 45.9,
    });
    const again = runEtl(db, 'mobile', { fileName: 'mobile.json', text: fixture('mobile.json') });
    expect(again).toMatchObject({ loaded: 0, unchanged: 4, rejected: 1 });
    expect(fact('I0100')).toMatchObject({ duree_min: 75 });
  });

  it('checks a check-out against a check-in of an earlier batch, and accepts a check-out before its check-in arrives', () => {
    const csv = (rows: string[]) => ['event_id,technicien,intervention_ref,type,at', ...rows].join('\n');
    expect(runEtl(db, 'mobile', { fileName: 'out.csv', text: csv(['E-10,1,I0100,check_out,2026-12-03T10:00:00+01:00']) })).toMatchObject({ loaded: 1 });
    expect(fact('I0100')).toMatchObject({ heure_depart: '2026-12-03T10:00:00+01:00', duree_min: null });
    const late = runEtl(db, 'mobile', { fileName: 'in.csv', text: csv(['E-11,1,I0100,check_in,2026-12-03T10:30:00+01:00', 'E-12,1,I0100,check_in,03/12/2026 09:00']) });
    expect(late).toMatchObject({ loaded: 1, rejected: 1 });
    expect(late.rejects[0]!.reason).toMatch(/^at: the check-in \(2026-12-03T10:30:00\+01:00\) is after the check-out/);
    expect(fact('I0100')).toEqual({ heure_arrivee: '2026-12-03T09:00:00+01:00', heure_depart: '2026-12-03T10:00:00+01:00', duree_min: 60, ecart_min: 0 });
  });

  it('rejects an unknown technician and a bad event type', () => {
    const text = JSON.stringify([
      { event_id: 'E-20', technicien: 'nobody@sav.example', intervention_ref: 'I0100', type: 'check_in', at: '2026-12-03T08:30:00+01:00' },
      { event_id: 'E-21', technicien: 1, intervention_ref: 'I0100', type: 'pause', at: 'hier' },
    ]);
    expect(runEtl(db, 'mobile', { fileName: 'm.json', text }).rejects).toEqual([
      { line: 1, reason: 'technicien: no technician with e-mail "nobody@sav.example"' },
      {
        line: 2,
        reason:
          'type: "pause" is not one of check_in, check_out; at: "hier" is not a valid date and time (expected ISO 8601 such as 2026-12-03T08:30:00+01:00, or DD/MM/YYYY HH:MM)',
      },
    ]);
  });
});
