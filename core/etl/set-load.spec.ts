/**
 * The set-based ETL (bulk load into a staging table + one UPDATE/INSERT batch per chunk) through the synchronous
 * bridge with its better-sqlite3 test backend — the same worker protocol, `bulk` op and savepoints SQL Server
 * gets — checked row for row against the row path on plain SQLite: same summaries (counters, rejects and their
 * order, warnings), same rows in every table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureCalendar } from '../warehouse/calendar.ts';
import { openDb, type Db } from '../warehouse/db.ts';
import { BridgedDatabase } from '../warehouse/mssql/database.ts';
import type { Request } from '../warehouse/mssql/bridge/protocol.ts';
import { fixture, insertIntervention, seedReference } from './fixtures/reference.ts';
import { runEtl, type EtlSummary } from './index.ts';
import { traceSetStatements, type SetStatement } from './set-load.ts';
import type { EtlInput, EtlOptions, EtlSource } from './types.ts';

const NOW = new Date('2026-12-04T10:00:00+01:00');
let dir: string;
const opened: { close(): unknown }[] = [];
const track = <T extends { close(): unknown }>(d: T): T => (opened.push(d), d);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-setload-'));
});
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A migrated, seeded warehouse file, opened directly (row path) or through the bridge (set-based path). */
function world(name: string, seed: (db: Db) => void = seedReference): { direct: Db; bridge: BridgedDatabase; path: string } {
  const path = join(dir, `${name}.db`);
  const setup = openDb(path);
  seed(setup);
  setup.close();
  const direct = track(openDb(path, { migrate: false }));
  const bridge = track(new BridgedDatabase({ backend: { kind: 'sqlite', path, init: 'PRAGMA foreign_keys = ON' }, timeoutMs: 120_000 }));
  return { direct, bridge, path };
}

/** Two copies of the same warehouse: one loaded by the row path (plain SQLite), one by the set-based path (bridge). */
let pairs = 0;
function pair(seed?: (db: Db) => void): { row: Db; set: Db; setBridge: BridgedDatabase; ops: string[] } {
  const n = ++pairs;
  const a = world(`row${n}`, seed);
  const b = world(`set${n}`, seed);
  const ops: string[] = [];
  const call = b.bridge.call.bind(b.bridge);
  vi.spyOn(b.bridge, 'call').mockImplementation((req: Request, timeoutMs?: number) => (ops.push(req.op), call(req, timeoutMs)));
  return { row: a.direct, set: b.bridge as unknown as Db, setBridge: b.bridge, ops };
}

const TABLES = {
  dim_clients: 'client_id',
  fact_contrats: 'contrat_id',
  fact_interventions: 'intervention_id',
  fact_devis: 'devis_id',
  portal_requests: 'request_id',
  fact_satisfaction: 'satisfaction_id',
  dim_temps: 'date_id',
  etl_batches: 'batch_id',
  etl_rejects: 'reject_id',
} as const;

const dump = (db: Db): Record<string, unknown[]> => Object.fromEntries(Object.entries(TABLES).map(([t, pk]) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${pk}`).all()]));

type Load = [source: EtlSource, input: EtlInput];

/** Runs the same loads on both and expects the same summaries and the same tables. */
function same(loads: readonly Load[], options: EtlOptions = {}, seed?: (db: Db) => void): { row: EtlSummary[]; set: EtlSummary[]; ops: string[]; setDb: Db } {
  const p = pair(seed);
  const row = loads.map(([source, input]) => runEtl(p.row, source, input, { now: NOW }));
  const set = loads.map(([source, input]) => runEtl(p.set, source, input, { now: NOW, ...options }));
  expect(set).toEqual(row);
  expect(dump(p.set)).toEqual(dump(p.row));
  return { row, set, ops: p.ops, setDb: p.set };
}

const interventionsCsv = (): EtlInput => ({ fileName: 'export_interventions_2026-12.csv', text: fixture('erp-interventions.csv') });

describe('set-based ETL through the bridge = the row path on SQLite', () => {
  it('ERP interventions CSV: good rows loaded, bad ones rejected in line order, then unchanged, then one changed', () => {
    const changed = interventionsCsv().text.replace('03/12/2026 10:15;90;12,50', '03/12/2026 10:45;90;14,50');
    const r = same([
      ['erp', interventionsCsv()],
      ['erp', interventionsCsv()],
      ['erp', { ...interventionsCsv(), text: changed }],
    ]);
    expect(r.set.map((s) => [s.read, s.loaded, s.unchanged, s.rejected])).toEqual([
      [7, 3, 0, 4],
      [7, 0, 3, 4],
      [7, 1, 2, 4],
    ]);
    // written by bulk load, not row by row: no savepoint per row
    expect(r.ops.filter((o) => o === 'bulk')).toHaveLength(3);
    expect(r.ops.filter((o) => o === 'savepoint')).toHaveLength(3 + 2); // one per chunk, and ensureCalendar's for the 2 new days
  });

  it('ERP clients (object form, ids generated as SQLite gives them), contracts with a renewal naming the contract before it in the same file, quotes', () => {
    const contrats = JSON.stringify([
      { source_ref: 'K1', client: 'C000001', formule: 'confort', date_debut: '01/01/2025', date_fin: '31/12/2025', montant_annuel: '189,00', statut: 'renouvele' },
      { source_ref: 'K2', client: 'C000010', formule: 'Confort', date_debut: '2026-01-01', date_fin: '2026-12-31', montant_annuel: 199, statut: 'actif', numero_renouvellement: 1, contrat_precedent: 'K1' },
      { source_ref: 'K3', client_id: 2, formule: 'Premium', date_debut: '2026-06-01', date_fin: '2026-05-31', montant_annuel: 250, statut: 'actif' },
      { source_ref: 'K4', client: 'C000011', formule: 'Essentiel', date_debut: '2026-02-01', date_fin: '2027-01-31', montant_annuel: 99, statut: 'actif', contrat_precedent: 'K2' },
      { source_ref: 'K5', client: 'C000001', formule: 'Essentiel', date_debut: '2026-02-01', date_fin: '2027-01-31', montant_annuel: 99, statut: 'actif', contrat_precedent: 'K404' },
    ]);
    const devis = JSON.stringify({
      devis: [
        { source_ref: 'D1', client: 'C000002', date_emission: '02/12/2026', statut: 'envoye', montant_ht: '100', montant_ttc: '120', type_code: 'ENT_VMC' },
        { source_ref: 'D2', client: 'C000010', date_emission: '03/12/2026', statut: 'signe', montant_ht: '100', montant_ttc: '90' },
      ],
    });
    const r = same([
      ['erp', { fileName: 'export.json', text: fixture('erp-clients.json') }],
      ['erp', { fileName: 'upload', text: contrats, entity: 'contrats' }],
      ['erp', { fileName: 'upload.json', text: devis }],
      ['erp', { fileName: 'export.json', text: fixture('erp-clients.json') }],
    ]);
    expect(r.set[1]).toMatchObject({ loaded: 3, rejected: 2 });
    expect(r.set[1]!.rejects).toEqual([
      { line: 3, reason: 'date_fin: 2026-05-31 is before date_debut 2026-06-01' },
      { line: 5, reason: 'contrat_precedent: no contract with source_ref or contrat_id "K404"' },
    ]);
    expect(r.set[3]).toMatchObject({ loaded: 0, unchanged: 2, rejected: 1 });
    // K2 names K1 and K4 names K2, staged just before them: the stage was written first each time
    expect(r.setDb.prepare('SELECT k.source_ref, p.source_ref AS prev FROM fact_contrats k LEFT JOIN fact_contrats p ON p.contrat_id = k.contrat_precedent_id ORDER BY k.contrat_id').all()).toEqual([
      { source_ref: 'K1', prev: null },
      { source_ref: 'K2', prev: 'K1' },
      { source_ref: 'K4', prev: 'K2' },
    ]);
  });

  it('mixed entities in one CSV (clients first, then the contract naming the new client), and an unknown entity', () => {
    // a contract naming a client defined on a later line, then an unknown entity
    const text = fixture('erp-mixed.csv');
    const r = same([['erp', { fileName: 'mixte.csv', text }]]);
    expect(r.set[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
  });

  it('the same key twice in a file: the second row is applied after the first, as the row path does', () => {
    const row = { type: 'Particulier', segment: 'Bronze', adresse: '1 rue', code_postal: '74000', ville: 'Annecy', latitude: 45.9, longitude: 6.12 };
    const text = JSON.stringify([
      { ...row, source_ref: 'C000060', nom: 'Premier' },
      { ...row, source_ref: 'C000061', nom: 'Autre' },
      { ...row, source_ref: 'C000060', nom: 'Premier' }, // equal to the first: unchanged
      { ...row, source_ref: 'C000060', nom: 'Second', telephone: '0612345678' }, // differs: loaded
      { ...row, source_ref: 'C000001', nom: 'Martin', prenom: 'Paul', adresse: '5 rue Royale', code_postal: '74000', latitude: 45.9, longitude: 6.125, segment: 'Argent' },
    ]);
    const r = same([['erp', { fileName: 'clients.json', text }]]);
    expect(r.set[0]).toMatchObject({ read: 5, loaded: 3, unchanged: 2, rejected: 0 });
    expect(r.ops.filter((o) => o === 'bulk')).toHaveLength(3); // three rounds: C000060 staged three times
  });

  it('undefined leaves the stored value, a blank cell clears a nullable one, and insert defaults apply on insert only (portal statut)', () => {
    const portal = { fileName: 'portal.json', text: fixture('portal.json') };
    const p = pair();
    const loads = (db: Db): EtlSummary[] => {
      const out = [runEtl(db, 'portal', portal, { now: NOW })];
      db.prepare("UPDATE portal_requests SET statut = 'valide' WHERE source_ref = 'P-2026-0001'").run();
      out.push(runEtl(db, 'portal', portal, { now: NOW })); // no statut column: the stored 'valide' stays
      const withBlank = JSON.stringify([{ request_id: 'P-2026-0001', client: 'C000001', date_demande: '2026-12-01T09:12:00+01:00', creneau: '', statut: null }]);
      out.push(runEtl(db, 'portal', { fileName: 'p2.json', text: withBlank }, { now: NOW })); // creneau cleared; statut null = leave (NOT NULL)
      return out;
    };
    const row = loads(p.row);
    const set = loads(p.set);
    expect(set).toEqual(row);
    expect(dump(p.set)).toEqual(dump(p.row));
    expect(set.map((s) => [s.loaded, s.unchanged, s.rejected])).toEqual([
      [2, 0, 1],
      [0, 2, 1],
      [1, 0, 0],
    ]);
    expect(p.set.prepare("SELECT statut, creneau, date_souhaitee, description FROM portal_requests WHERE source_ref = 'P-2026-0001'").get()).toEqual({
      statut: 'valide',
      creneau: null,
      date_souhaitee: '2026-12-08',
      description: 'Le disjoncteur saute quand le four chauffe.',
    });
  });

  it('survey answers keyed by intervention, with a warning for a cut comment', () => {
    const seed = (db: Db): void => {
      seedReference(db);
      insertIntervention(db, 'I0001', '2026-12-03', 1, 1);
      insertIntervention(db, 'I0002', '2026-12-03', 2, 2);
      insertIntervention(db, 'I0007', '2026-12-05', 2, 2);
    };
    const survey: Load = ['survey', { fileName: 'survey.csv', text: fixture('survey.csv') }];
    const r = same([survey, survey], {}, seed);
    expect(r.set[0]).toMatchObject({ loaded: 2, rejected: 2, warnings: [{ line: 4, reason: 'suggestion: cut to 500 characters (was 659)' }] });
    expect(r.set[1]).toMatchObject({ loaded: 0, unchanged: 2, rejected: 2 });
  });

  it('a chunk the database refuses is written row by row: the bad row rejected with the database message, the others loaded', () => {
    const row = { type: 'Particulier', segment: 'Bronze', adresse: '1 rue', code_postal: '74000', ville: 'Annecy', latitude: 45.9, longitude: 6.12 };
    const text = JSON.stringify([
      { ...row, source_ref: 'C000050', nom: 'Valide avant' },
      { ...row, source_ref: 'C000051', client_id: 1, nom: 'Doublon' }, // client_id 1 is C000001's: the primary key refuses it
      { ...row, source_ref: 'C000052', nom: 'Valide après' },
    ]);
    const r = same([['erp', { fileName: 'clients.json', text }]]);
    expect(r.set[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(r.set[0]!.rejects).toEqual([{ line: 2, reason: 'the database refused the row: another row already has the same dim_clients.client_id' }]);
    // the chunk's savepoint rolled back, then one savepoint per row
    expect(r.ops.filter((o) => o === 'rollbackTo')).toHaveLength(2); // the chunk, then the bad row
    expect(r.ops.filter((o) => o === 'savepoint')).toHaveLength(1 + 3);
  });

  it('writes in chunks of setChunk rows', () => {
    const header = 'source_ref;date_intervention;client_ref;technicien;type_code;montant_mo';
    const lines = [header, ...Array.from({ length: 11 }, (_, i) => `V${i};0${(i % 9) + 1}/11/2026;C00000${(i % 2) + 1};${(i % 2) + 1};DEP_TABLEAU;${i},50`)];
    const r = same([['erp', { fileName: 'interventions.csv', text: lines.join('\n') }]], { setChunk: 4 });
    expect(r.set[0]).toMatchObject({ read: 11, loaded: 11 });
    expect(r.ops.filter((o) => o === 'bulk')).toHaveLength(3);
  });

  it('mobile events (other effects than one upsert) keep the row path on the bridge', () => {
    const seed = (db: Db): void => {
      seedReference(db);
      insertIntervention(db, 'I0100', '2026-12-03', 1, 1, 60);
      insertIntervention(db, 'I0102', '2026-12-03', 2, 2, 60);
    };
    const r = same([['mobile', { fileName: 'mobile.json', text: fixture('mobile.json') }]], {}, seed);
    expect(r.set[0]).toMatchObject({ read: 5, loaded: 4, rejected: 1 });
    expect(r.ops).not.toContain('bulk');
  });

  it('sends only identifiers and constants of the code: the values travel in the bulk load', () => {
    const seen: SetStatement[] = [];
    const stop = traceSetStatements((s) => seen.push(s));
    try {
      same([
        ['erp', interventionsCsv()],
        ['erp', { fileName: 'export.json', text: fixture('erp-clients.json') }],
      ]);
    } finally {
      stop();
    }
    expect(new Set(seen.map((s) => `${s.kind} ${s.table}`))).toEqual(new Set(['stage fact_interventions', 'bulk fact_interventions', 'apply fact_interventions', 'stage dim_clients', 'bulk dim_clients', 'apply dim_clients']));
    for (const s of seen) {
      for (const text of [s.sent, s.mssql]) {
        expect(text).not.toMatch(/I000|C000|Brien|DEP_TABLEAU|2026|@p\d|\?/);
        for (const lit of text.match(/N?'(?:[^']|'')*'/g) ?? []) expect(lit).toMatch(/^N?'(fr|tempdb\.\.#etl_stage_\w+)'$/);
      }
    }
  });
});

describe('round trips for a 10 000-row ERP interventions file (bridge calls, better-sqlite3 test backend)', () => {
  const CLIENTS = 400;
  const seed = (db: Db): void => {
    seedReference(db);
    ensureCalendar(db, '2024-01-01', '2026-12-31'); // a warehouse's calendar runs ahead (the demo's does)
    const header = 'source_ref;nom;type;segment;adresse;code_postal;ville;latitude;longitude';
    const rows = Array.from({ length: CLIENTS }, (_, i) => `K${String(i).padStart(6, '0')};Client ${i};Particulier;Bronze;${i} rue;74000;Annecy;45,9;6,12`);
    runEtl(db, 'erp', { fileName: 'clients.csv', text: [header, ...rows].join('\n') }, { now: NOW });
  };
  const file = (): EtlInput => {
    const header = 'source_ref;date_intervention;client_ref;technicien;type_code;heure_arrivee;heure_depart;montant_pieces;montant_mo;contrat';
    const lines = [header];
    for (let i = 0; i < 10_000; i++) {
      const d = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`R${i};${d};K${String(i % CLIENTS).padStart(6, '0')};${(i % 2) + 1};${i % 3 ? 'DEP_TABLEAU' : 'ENT_VMC'};${d} 08:00;${d} 09:${String(i % 60).padStart(2, '0')};12,50;${i % 100},00;`);
    }
    return { fileName: 'interventions.csv', text: lines.join('\n') };
  };
  const count = (ops: readonly string[]): Record<string, number> => ops.reduce<Record<string, number>>((m, o) => ((m[o] = (m[o] ?? 0) + 1), m), {});

  it('row path vs set-based: the same result, and how many calls each makes', () => {
    const input = file();
    const before = pair(seed);
    const t0 = performance.now();
    const rowRun = runEtl(before.set, 'erp', input, { now: NOW, setBased: false });
    const rowMs = performance.now() - t0;
    const after = pair(seed);
    const t1 = performance.now();
    const setRun = runEtl(after.set, 'erp', input, { now: NOW });
    const setMs = performance.now() - t1;
    expect(setRun).toEqual(rowRun);
    expect(setRun).toMatchObject({ read: 10_000, loaded: 10_000, rejected: 0 });
    expect(dump(after.set)).toEqual(dump(before.set));
    const b = count(before.ops);
    const a = count(after.ops);
    console.info(`10 000-row ERP file through the bridge: row path ${before.ops.length} calls ${JSON.stringify(b)} in ${Math.round(rowMs)} ms; set-based ${after.ops.length} calls ${JSON.stringify(a)} in ${Math.round(setMs)} ms`);
    expect(a.bulk).toBe(2);
    expect(after.ops.length).toBeLessThan(before.ops.length / 20);
  }, 300_000);
});
