import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../warehouse/db.ts';
import { openDb } from '../warehouse/db.ts';
import { count, fixture, insertIntervention, seedReference } from './fixtures/reference.ts';
import { EtlError, parseEtlSource, runEtl } from './index.ts';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  seedReference(db);
});

const rejectsOf = (batchId: number) =>
  db.prepare('SELECT line, reason, raw, source, file_name FROM etl_rejects WHERE batch_id = ? ORDER BY line').all(batchId) as {
    line: number;
    reason: string;
    raw: string;
    source: string;
    file_name: string;
  }[];

describe('ERP interventions CSV (";", BOM, CRLF, decimal commas, French dates)', () => {
  const input = { fileName: 'export_interventions_2026-12.csv', text: fixture('erp-interventions.csv') };

  it('loads the good rows and rejects the bad ones with their line and reason', () => {
    const s = runEtl(db, 'erp', input);
    expect(s).toMatchObject({ source: 'erp', format: 'csv', read: 7, loaded: 3, unchanged: 0, rejected: 4 });
    expect(s.rejects.map((r) => r.line)).toEqual([5, 6, 7, 9]);
    const rejects = rejectsOf(s.batchId);
    expect(rejects.map((r) => r.reason)).toEqual([
      'date: "31/02/2026" is not a valid date (expected DD/MM/YYYY or YYYY-MM-DD, years 2000–2100)',
      'client: no client with source_ref or client_id "C999999"',
      'wrong number of columns: expected 12 (as in the header), found 13 (an unquoted delimiter inside a value?)',
      'heure_depart: 2026-12-05T13:00:00+01:00 is before heure_arrivee 2026-12-05T14:00:00+01:00',
    ]);
    expect(JSON.parse(rejects[1]!.raw)).toMatchObject({ source_ref: 'I0004', client_ref: 'C999999' });
    expect(rejects[0]).toMatchObject({ source: 'erp', file_name: 'export_interventions_2026-12.csv' });

    const i1 = db.prepare('SELECT * FROM fact_interventions WHERE source_ref = ?').get('I0001') as Record<string, unknown>;
    expect(i1).toMatchObject({
      date_id: 20261203,
      client_id: 1,
      technicien_id: 1,
      zone_id: 1, // from the client
      type_intervention_id: 1,
      heure_arrivee: '2026-12-03T08:30:00+01:00',
      heure_depart: '2026-12-03T10:15:00+01:00',
      duree_min: 105,
      duree_prevue_min: 90,
      ecart_min: 15,
      montant_pieces: 12.5,
      montant_mo: 97.5,
      montant_total: 110,
      km_parcourus: 8.4,
    });
    const i2 = db.prepare('SELECT * FROM fact_interventions WHERE source_ref = ?').get('I0002') as Record<string, unknown>;
    expect(i2).toMatchObject({ technicien_id: 2, zone_id: 2, duree_prevue_min: 60, duree_min: null, ecart_min: null, montant_total: 55 });
    expect(i2.motif_reclamation).toBe('Client mécontent; "bruit" VMC\r\nrappeler');
    expect(count(db, 'SELECT COUNT(*) AS n FROM dim_temps WHERE date_id IN (20261203, 20261205)')).toBe(2);
    // refreshAggregates ran after the load
    expect(db.prepare('SELECT client_id, nb_interventions_total AS n FROM dim_clients ORDER BY client_id').all()).toEqual([
      { client_id: 1, n: 1 },
      { client_id: 2, n: 2 },
    ]);
    expect(db.prepare('SELECT rows_read, rows_loaded, rows_unchanged, rows_rejected, finished_at IS NOT NULL AS done FROM etl_batches WHERE batch_id = ?').get(s.batchId)).toEqual({
      rows_read: 7,
      rows_loaded: 3,
      rows_unchanged: 0,
      rows_rejected: 4,
      done: 1,
    });
  });

  it('stores SQL metacharacters verbatim', () => {
    runEtl(db, 'erp', input);
    expect(db.prepare("SELECT motif_reclamation AS m FROM fact_interventions WHERE source_ref = 'I0007'").get()).toEqual({ m: "O'Brien; DROP TABLE dim_clients;--" });
    expect(count(db, 'SELECT COUNT(*) AS n FROM dim_clients')).toBe(2);
  });

  it('is idempotent: the same file twice creates no duplicate, every good row is unchanged', () => {
    runEtl(db, 'erp', input);
    const again = runEtl(db, 'erp', input);
    expect(again).toMatchObject({ read: 7, loaded: 0, unchanged: 3, rejected: 4 });
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact_interventions')).toBe(3);
    expect(count(db, 'SELECT COUNT(*) AS n FROM etl_batches')).toBe(2);
  });

  it('updates a changed row and counts it as loaded', () => {
    runEtl(db, 'erp', input);
    const changed = input.text.replace('I0001;03/12/2026;C000001;1;DEP_TABLEAU;03/12/2026 08:30;03/12/2026 10:15;90;12,50', 'I0001;03/12/2026;C000001;1;DEP_TABLEAU;03/12/2026 08:30;03/12/2026 10:45;90;14,50');
    expect(changed).not.toBe(input.text);
    const s = runEtl(db, 'erp', { ...input, text: changed });
    expect(s).toMatchObject({ loaded: 1, unchanged: 2, rejected: 4 });
    expect(db.prepare("SELECT duree_min, ecart_min, montant_pieces, montant_total FROM fact_interventions WHERE source_ref = 'I0001'").get()).toEqual({
      duree_min: 135,
      ecart_min: 45,
      montant_pieces: 14.5,
      montant_total: 112,
    });
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact_interventions')).toBe(3);
  });

  it('refuses a CSV whose header lacks required columns, recording it first', () => {
    const text = 'source_ref;client_ref\nI1;C000001\n';
    expect(() => runEtl(db, 'erp', { fileName: 'interventions.csv', text })).toThrow(
      /header lacks required column\(s\) for interventions: date or date_intervention.*technicien or technicien_id.*type_intervention or type_intervention_id/,
    );
    const batch = db.prepare('SELECT batch_id, rows_rejected, finished_at FROM etl_batches').get() as { batch_id: number; rows_rejected: number; finished_at: string };
    expect(batch.rows_rejected).toBe(1);
    expect(rejectsOf(batch.batch_id)).toMatchObject([{ line: 0, raw: text }]);
  });
});

describe('ERP entities and JSON forms', () => {
  it('loads clients from the object form { "clients": [...] }, E.164 phones, zone from the name or the nearest centre', () => {
    const s = runEtl(db, 'erp', { fileName: 'export.json', text: fixture('erp-clients.json') });
    expect(s).toMatchObject({ format: 'json', read: 3, loaded: 2, rejected: 1 });
    expect(s.rejects).toEqual([{ line: 3, reason: 'segment: "Platine" is not one of Bronze, Argent, Or; telephone: "12345" is not a phone number in E.164 form (e.g. +33612345678)' }]);
    const c = db.prepare("SELECT * FROM dim_clients WHERE source_ref = 'C000010'").get() as Record<string, unknown>;
    expect(c).toMatchObject({ nom: "O'Brien; DROP TABLE dim_clients;--", adresse: '12 "rue" des Lilas', type: 'Particulier', telephone: '+33612345678', email: 'sean.obrien@example.fr', zone_id: 1, sms_opt_out: 0, langue: 'fr' });
    expect(db.prepare("SELECT zone_id, latitude FROM dim_clients WHERE source_ref = 'C000011'").get()).toEqual({ zone_id: 2, latitude: 45.886 });
    expect(count(db, 'SELECT COUNT(*) AS n FROM dim_clients')).toBe(4);
  });

  it('routes a JSON array by the entity option, and contracts and quotes load against their client', () => {
    const contrats = JSON.stringify([
      { source_ref: 'K1', client: 'C000001', formule: 'confort', date_debut: '01/01/2026', date_fin: '31/12/2026', montant_annuel: '189,00', statut: 'actif' },
      { source_ref: 'K2', client_id: 2, formule: 'Premium', date_debut: '2026-06-01', date_fin: '2026-05-31', montant_annuel: 250, statut: 'actif' },
    ]);
    expect(runEtl(db, 'erp', { fileName: 'upload', text: contrats, entity: 'contrats' })).toMatchObject({ loaded: 1, rejected: 1, rejects: [{ line: 2, reason: 'date_fin: 2026-05-31 is before date_debut 2026-06-01' }] });
    expect(db.prepare("SELECT client_id, formule, montant_annuel, date_id FROM fact_contrats WHERE source_ref = 'K1'").get()).toEqual({ client_id: 1, formule: 'Confort', montant_annuel: 189, date_id: 20260101 });

    const devis = JSON.stringify({ devis: [{ source_ref: 'D1', client: 'C000002', date_emission: '02/12/2026', statut: 'envoye', montant_ht: '100', montant_ttc: '120', type_code: 'ENT_VMC' }] });
    expect(runEtl(db, 'erp', { fileName: 'upload.json', text: devis })).toMatchObject({ loaded: 1, rejected: 0 });
    expect(db.prepare("SELECT client_id, type_intervention_id, date_id FROM fact_devis WHERE source_ref = 'D1'").get()).toEqual({ client_id: 2, type_intervention_id: 2, date_id: 20261202 });
  });

  it('routes mixed rows by their entity field, clients first', () => {
    // a contract naming a client defined on a later line, then an unknown entity
    const text = fixture('erp-mixed.csv');
    const s = runEtl(db, 'erp', { fileName: 'mixte.csv', text });
    expect(s).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ line: 4, reason: expect.stringMatching(/^entity: the row does not say which ERP entity/) });
    expect(db.prepare("SELECT c.source_ref FROM fact_contrats k JOIN dim_clients c USING (client_id) WHERE k.source_ref = 'K9'").get()).toEqual({ source_ref: 'C000099' });
  });

  it('refuses an unknown entity, and a file whose entity cannot be told', () => {
    expect(() => runEtl(db, 'erp', { fileName: 'a.json', text: '[{"x":1}]', entity: 'factures' })).toThrow('unknown ERP entity "factures" (expected clients, contrats, interventions, devis)');
    expect(() => runEtl(db, 'erp', { fileName: 'a.json', text: '[{"x":1}]' })).toThrow(/cannot tell which ERP entity "a.json" holds/);
    expect(count(db, 'SELECT COUNT(*) AS n FROM etl_rejects WHERE line = 0')).toBe(2);
  });
});

describe('whole-input errors', () => {
  it('invalid JSON → EtlError with the position, and a batch + reject row recorded', () => {
    const text = fixture('invalid.json');
    let err: unknown;
    try {
      runEtl(db, 'erp', { fileName: 'clients.json', text });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EtlError);
    expect((err as EtlError).message).toMatch(/^invalid JSON at line 3, column 26 \(position \d+\)/);
    const batchId = (err as EtlError).batchId!;
    expect(db.prepare('SELECT source, file_name, format, rows_rejected FROM etl_batches WHERE batch_id = ?').get(batchId)).toEqual({
      source: 'erp',
      file_name: 'clients.json',
      format: 'json',
      rows_rejected: 1,
    });
    expect(rejectsOf(batchId)).toMatchObject([{ line: 0, reason: (err as Error).message, raw: text }]);
  });

  it('truncates the raw text of a huge refused input to 1 MB', () => {
    const text = `[${'{"a":1},'.repeat(200_000)}`; // 1.6 MB, unterminated
    expect(() => runEtl(db, 'portal', { fileName: 'big.json', text })).toThrow(/unexpected end of input/);
    expect(count(db, 'SELECT length(raw) AS n FROM etl_rejects')).toBe(1_000_000);
  });

  it('an empty file is refused', () => {
    expect(() => runEtl(db, 'survey', { fileName: 'vide.csv', text: '' })).toThrow(/empty file "vide.csv"/);
  });

  it('an unknown source is refused with the list of sources', () => {
    expect(() => parseEtlSource('crm')).toThrow('unknown source "crm" (expected erp, mobile, portal, survey)');
    expect(() => runEtl(db, 'crm' as never, { fileName: 'a.csv', text: 'a\n1' })).toThrow(EtlError);
    expect(parseEtlSource(' Mobile ')).toBe('mobile');
  });

  it('a database constraint error rejects that row only', () => {
    const row = { type: 'Particulier', segment: 'Bronze', adresse: '1 rue', code_postal: '74000', ville: 'Annecy', latitude: 45.9, longitude: 6.12 };
    const text = JSON.stringify([
      { ...row, source_ref: 'C000050', client_id: 1, nom: 'Doublon' }, // client_id 1 is C000001's: the primary key refuses it
      { ...row, source_ref: 'C000051', nom: 'Valide' },
    ]);
    const s = runEtl(db, 'erp', { fileName: 'clients.json', text });
    expect(s).toMatchObject({ read: 2, loaded: 1, rejected: 1 });
    expect(s.rejects[0]).toEqual({ line: 1, reason: 'the database refused the row: another row already has the same dim_clients.client_id' });
    expect(db.prepare('SELECT source_ref, nom FROM dim_clients WHERE client_id = 1').get()).toEqual({ source_ref: 'C000001', nom: 'Martin' });
  });
});

describe('portal and survey', () => {
  it('loads portal requests (default statut a_valider, creneau spelled loosely)', () => {
    const s = runEtl(db, 'portal', { fileName: 'portal.json', text: fixture('portal.json') });
    expect(s).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(s.rejects[0]).toEqual({ line: 3, reason: 'creneau: "soir" is not one of matin, apres-midi, journee' });
    expect(db.prepare("SELECT client_id, type_intervention_id, date_demande, date_souhaitee, creneau, statut FROM portal_requests WHERE source_ref = 'P-2026-0001'").get()).toEqual({
      client_id: 1,
      type_intervention_id: 1,
      date_demande: '2026-12-01T09:12:00+01:00',
      date_souhaitee: '2026-12-08',
      creneau: 'apres-midi',
      statut: 'a_valider',
    });
    db.exec("UPDATE portal_requests SET statut = 'valide' WHERE source_ref = 'P-2026-0001'");
    expect(runEtl(db, 'portal', { fileName: 'portal.json', text: fixture('portal.json') })).toMatchObject({ loaded: 0, unchanged: 2 });
    expect(db.prepare("SELECT statut FROM portal_requests WHERE source_ref = 'P-2026-0001'").get()).toEqual({ statut: 'valide' }); // not reset
  });

  it('loads survey answers: nps 11 rejected, a long suggestion cut with a warning, yes/no words', () => {
    insertIntervention(db, 'I0001', '2026-12-03', 1, 1);
    insertIntervention(db, 'I0002', '2026-12-03', 2, 2);
    insertIntervention(db, 'I0007', '2026-12-05', 2, 2);
    const s = runEtl(db, 'survey', { fileName: 'survey.csv', text: fixture('survey.csv') });
    expect(s).toMatchObject({ read: 4, loaded: 2, rejected: 2 });
    expect(s.rejects).toEqual([
      { line: 3, reason: 'nps: must be between 0 and 10, got 11' },
      { line: 5, reason: 'intervention_ref: no intervention with source_ref or intervention_id "I9999"' },
    ]);
    expect(s.warnings).toEqual([{ line: 4, reason: 'suggestion: cut to 500 characters (was 659)' }]);
    const a = db.prepare("SELECT * FROM fact_satisfaction WHERE source_ref = 'I0001'").get() as Record<string, unknown>;
    expect(a).toMatchObject({ client_id: 1, technicien_id: 1, canal: 'sms', statut: 'complete', nps: 9, professionnel: 1, delai_respecte: 1, probleme_resolu: 1, date_id: 20261203, suggestion: 'Rien à redire, merci' });
    const b = db.prepare("SELECT * FROM fact_satisfaction WHERE source_ref = 'I0007'").get() as Record<string, unknown>;
    expect(b).toMatchObject({ client_id: 2, technicien_id: 2, professionnel: 1, delai_respecte: 0, delai_commentaire: 'Un peu en retard', date_id: 20261206 });
    expect((b.suggestion as string).length).toBe(500);
    expect(runEtl(db, 'survey', { fileName: 'survey.csv', text: fixture('survey.csv') })).toMatchObject({ loaded: 0, unchanged: 2, rejected: 2 });
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact_satisfaction')).toBe(2);
  });
});

describe('volume', () => {
  it('loads 5 000 interventions in one batch, each once', () => {
    const header = 'source_ref;date_intervention;client_ref;technicien;type_code;heure_arrivee;heure_depart;montant_pieces;montant_mo';
    const lines = [header];
    for (let i = 0; i < 5000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      lines.push(`V${i};${day}/11/2026;C00000${(i % 2) + 1};${(i % 2) + 1};${i % 3 ? 'DEP_TABLEAU' : 'ENT_VMC'};${day}/11/2026 08:00;${day}/11/2026 09:${String(i % 60).padStart(2, '0')};12,50;${i % 100},00`);
    }
    const text = lines.join('\r\n');
    // Speed is a benchmark's business, not a test's (measured 0.4–1.2 s of CPU for this file on 2 cores).
    const s = runEtl(db, 'erp', { fileName: 'interventions.csv', text });
    expect(s).toMatchObject({ read: 5000, loaded: 5000, rejected: 0 });
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact_interventions WHERE ecart_min IS NOT NULL')).toBe(5000);
    expect(runEtl(db, 'erp', { fileName: 'interventions.csv', text })).toMatchObject({ read: 5000, loaded: 0, unchanged: 5000 });
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact_interventions')).toBe(5000);
  });
});
