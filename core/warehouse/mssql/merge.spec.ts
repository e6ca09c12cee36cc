/**
 * The set-based upsert generator (merge.ts): the staged values and modes (upsert()'s rules), the T-SQL text
 * (NULL-safe and exact change detection, key, defaults on insert only, IDENTITY and rowid keys), and — run on
 * better-sqlite3 in its sqlite dialect — the same statuses and rows as upsert() for random rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedReference } from '../../etl/fixtures/reference.ts';
import { upsert } from '../../etl/load.ts';
import { openDb, type Db } from '../db.ts';
import { columnDefinition } from '../ddl.ts';
import { TABLES, table } from '../schema.ts';
import { applySql, describeBulk, MODE, stageDdl, stageLayout, stageRow, StageRefusedError, tsqlType, type SetDialect } from './merge.ts';

describe('stageLayout and the staging table', () => {
  it('types every staged column as the target declares it (ddl.ts)', () => {
    for (const t of TABLES) for (const c of t.columns) expect(columnDefinition('mssql', t, c).startsWith(`[${c.name}] ${tsqlType(c)}`), `${t.name}.${c.name}`).toBe(true);
  });

  it('stages every column but an IDENTITY key, each with its mode; the key is matched, the pk kind known', () => {
    const f = stageLayout('fact_interventions', 'source_ref', 'mssql');
    expect(f).toMatchObject({ pk: 'intervention_id', pkMode: 'identity', stage: '#etl_stage_fact_interventions' });
    expect(f.columns.map((c) => c.name)).not.toContain('intervention_id');
    expect(f.bulkColumns.slice(0, 5)).toEqual([
      { name: '__line', type: 'int', nullable: false },
      { name: 'source_ref', type: 'text', nullable: true, maxLength: 64 },
      { name: '__m_source_ref', type: 'int', nullable: false },
      { name: 'date_id', type: 'int', nullable: true },
      { name: '__m_date_id', type: 'int', nullable: false },
    ]);
    expect(stageLayout('dim_clients', 'source_ref', 'sqlite')).toMatchObject({ pk: 'client_id', pkMode: 'rowid', stage: 'etl_stage_dim_clients' });
    expect(() => stageLayout('dim_clients', 'nom', 'mssql')).toThrow('dim_clients.nom is not a unique column');
    expect(stageDdl(f, 'mssql')).toMatch(/^IF OBJECT_ID\(N'tempdb\.\.#etl_stage_fact_interventions'\) IS NULL CREATE TABLE \[#etl_stage_fact_interventions\] \(\[__line\] INT NOT NULL, \[source_ref\] NVARCHAR\(64\) COLLATE DATABASE_DEFAULT NULL, \[__m_source_ref\] INT NOT NULL, \[date_id\] INT NULL, /);
    expect(stageDdl(f, 'mssql')).toMatch(/\[heure_arrivee\] DATETIMEOFFSET\(3\) NULL, .*\[montant_total\] DECIMAL\(12,2\) NULL, .*\[conforme\] BIT NULL, .*\nTRUNCATE TABLE \[#etl_stage_fact_interventions\];$/);
    expect(describeBulk(f, 'mssql')).toMatch(/^INSERT BULK \[#etl_stage_fact_interventions\] \(__line INT, source_ref NVARCHAR\(64\), __m_source_ref INT, /);
  });
});

describe('stageRow: upsert()\'s rules as values and modes', () => {
  const portal = stageLayout('portal_requests', 'source_ref', 'mssql');
  const at = (name: string): number => portal.columns.findIndex((c) => c.name === name) * 2;
  const staged = (row: Record<string, unknown>, defaults?: Record<string, unknown>) => {
    const r = stageRow(portal, row, defaults);
    return (name: string): [unknown, unknown] => [r.values[at(name)], r.values[at(name) + 1]];
  };

  it('undefined = leave the stored value (mode unset); null on a nullable column is a value', () => {
    const v = staged({ source_ref: 'P1', client_id: 1, date_demande: '2026-12-01T09:00:00+01:00', creneau: null, description: undefined });
    expect(v('source_ref')).toEqual(['P1', MODE.set]);
    expect(v('creneau')).toEqual([null, MODE.set]);
    expect(v('description')).toEqual([null, MODE.unset]);
    expect(v('date_souhaitee')).toEqual([null, MODE.unset]);
  });

  it('insert defaults: for undefined (insert only) and for null (null on update, the default on insert)', () => {
    expect(staged({ source_ref: 'P1' }, { statut: 'a_valider' })('statut')).toEqual(['a_valider', MODE.insertOnly]);
    expect(staged({ source_ref: 'P1', statut: 'valide' }, { statut: 'a_valider' })('statut')).toEqual(['valide', MODE.set]);
    // statut is NOT NULL without a schema default: null stays a value, and the insert default replaces it on insert
    expect(staged({ source_ref: 'P1', statut: null }, { statut: 'a_valider' })('statut')).toEqual(['a_valider', MODE.nullOrDefault]);
    expect(staged({ source_ref: 'P1', creneau: null }, { creneau: 'matin' })('creneau')).toEqual(['matin', MODE.nullOrDefault]);
  });

  it('null on a NOT NULL column with a schema default counts as undefined; booleans become 0/1', () => {
    const f = stageLayout('fact_interventions', 'source_ref', 'mssql');
    const r = stageRow(f, { source_ref: 'I1', km_parcourus: null, conforme: false, est_reclamation: true });
    const v = (name: string): unknown[] => {
      const i = f.columns.findIndex((c) => c.name === name) * 2;
      return [r.values[i], r.values[i + 1]];
    };
    expect(v('km_parcourus')).toEqual([null, MODE.unset]);
    expect(v('conforme')).toEqual([0, MODE.set]);
    expect(v('est_reclamation')).toEqual([1, MODE.set]);
    expect(r.key).toBe('I1');
  });

  it('refuses what upsert() refuses, and a row naming an IDENTITY key', () => {
    expect(() => stageRow(portal, { source_ref: 'P1', nope: 1 })).toThrow('upsert: portal_requests has no column nope');
    expect(() => stageRow(portal, { client_id: 1 })).toThrow('upsert: portal_requests.source_ref is required');
    expect(() => stageRow(portal, { source_ref: null })).toThrow('upsert: portal_requests.source_ref is required');
    expect(() => stageRow(portal, { source_ref: 'P1', request_id: 5 })).toThrow(StageRefusedError);
  });
});

describe('applySql, T-SQL', () => {
  const [clients] = applySql(stageLayout('dim_clients', 'source_ref', 'mssql'), 'mssql');
  const [facts] = applySql(stageLayout('fact_interventions', 'source_ref', 'mssql'), 'mssql');

  it('one batch: UPDATE of the rows that differ, INSERT of the missing ones in staging order, the written rows answered', () => {
    expect(facts!.split('\n')).toHaveLength(4);
    expect(facts).toMatch(/^DECLARE @etl_out TABLE \(\[id\] BIGINT NULL, \[k\] NVARCHAR\(64\) NULL\);\nUPDATE \[t\] SET /);
    expect(facts).toContain('OUTPUT [inserted].[intervention_id], [s].[source_ref] INTO @etl_out ([id], [k]) FROM [dbo].[fact_interventions] AS [t] INNER JOIN [#etl_stage_fact_interventions] AS [s] ON [t].[source_ref] = [s].[source_ref] WHERE ');
    expect(facts).toContain('WHERE NOT EXISTS (SELECT 1 FROM [dbo].[fact_interventions] AS [x] WITH (UPDLOCK, HOLDLOCK) WHERE [x].[source_ref] = [s].[source_ref]) ORDER BY [s].[__line];\nSELECT [id], [k] FROM @etl_out;');
    expect(facts).not.toMatch(/@p\d|'\d|\?/);
  });

  it('NULL-safe change detection, text compared exactly (binary collation and length)', () => {
    expect(facts).toContain(
      '([s].[__m_duree_min] = 1 AND ([t].[duree_min] IS NULL AND [s].[duree_min] IS NOT NULL OR [t].[duree_min] IS NOT NULL AND [s].[duree_min] IS NULL OR [t].[duree_min] <> [s].[duree_min]) OR [s].[__m_duree_min] = 3 AND [t].[duree_min] IS NOT NULL)',
    );
    expect(facts).toContain(
      '[t].[motif_reclamation] COLLATE Latin1_General_100_BIN2 <> [s].[motif_reclamation] COLLATE Latin1_General_100_BIN2 OR DATALENGTH([t].[motif_reclamation]) <> DATALENGTH([s].[motif_reclamation])',
    );
  });

  it('the key is matched and compared like any value; the primary key is never updated', () => {
    expect(facts).toContain('[source_ref] = CASE [s].[__m_source_ref] WHEN 1 THEN [s].[source_ref] WHEN 3 THEN NULL ELSE [t].[source_ref] END');
    expect(facts).not.toMatch(/\[intervention_id\] = CASE/);
    expect(clients).not.toMatch(/\[client_id\] = CASE/);
  });

  it('undefined leaves the stored value on update; schema defaults and insert defaults apply on insert only', () => {
    expect(facts).toContain('[km_parcourus] = CASE [s].[__m_km_parcourus] WHEN 1 THEN [s].[km_parcourus] WHEN 3 THEN NULL ELSE [t].[km_parcourus] END');
    expect(facts).toContain('CASE WHEN [s].[__m_km_parcourus] IN (1, 2, 3) THEN [s].[km_parcourus] ELSE 0 END');
    expect(facts).toContain('CASE WHEN [s].[__m_duree_min] IN (1, 2, 3) THEN [s].[duree_min] ELSE NULL END');
    expect(clients).toContain("CASE WHEN [s].[__m_langue] IN (1, 2, 3) THEN [s].[langue] ELSE N'fr' END");
  });

  it('an IDENTITY key is left to the server; dim_clients.client_id (no IDENTITY) is the given one, else MAX + n in staging order', () => {
    expect(facts).toMatch(/INSERT INTO \[dbo\]\.\[fact_interventions\] \(\[source_ref\], \[date_id\],/);
    expect(clients).toMatch(/INSERT INTO \[dbo\]\.\[dim_clients\] \(\[client_id\], \[source_ref\],/);
    expect(clients).toContain(
      'COALESCE(CASE WHEN [s].[__m_client_id] IN (1, 2, 3) AND [s].[client_id] IS NOT NULL THEN [s].[client_id] END, [m].[mx] + ROW_NUMBER() OVER (PARTITION BY CASE WHEN [s].[__m_client_id] IN (1, 2, 3) AND [s].[client_id] IS NOT NULL THEN 1 ELSE 0 END ORDER BY [s].[__line]))',
    );
    expect(clients).toContain('CROSS JOIN (SELECT COALESCE(MAX([v]), 0) AS [mx] FROM (SELECT MAX([client_id]) AS [v] FROM [dbo].[dim_clients] WITH (UPDLOCK, HOLDLOCK) UNION ALL SELECT MAX([client_id]) FROM [#etl_stage_dim_clients]) AS [n]) AS [m]');
  });
});

// ───────── the sqlite dialect on better-sqlite3: the same as upsert(), row for row ─────────

/** Applies one row set-based (staging table, UPDATE, INSERT) on a plain better-sqlite3 database: 'loaded' when written. */
function applyOne(db: Db, tableName: string, key: string, row: Record<string, unknown>, defaults?: Record<string, unknown>): 'loaded' | 'unchanged' {
  const dialect: SetDialect = 'sqlite';
  const layout = stageLayout(tableName, key, dialect);
  db.exec(stageDdl(layout, dialect));
  const r = stageRow(layout, row, defaults);
  db.prepare(`INSERT INTO "${layout.stage}" (${layout.bulkColumns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${layout.bulkColumns.map(() => '?').join(', ')})`).run(0, ...r.values);
  let written = 0;
  for (const sql of applySql(layout, dialect)) written += db.prepare(sql).all().length;
  return written > 0 ? 'loaded' : 'unchanged';
}

describe('applySql, sqlite dialect, against upsert()', () => {
  const fresh = (): Db => {
    const db = openDb(':memory:');
    seedReference(db);
    return db;
  };
  const dump = (db: Db, t: string): unknown[] => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all();

  it('NULL-safe: NULL = NULL is unchanged, NULL ↔ value is a change; case and trailing spaces count', () => {
    const db = fresh();
    const base = { source_ref: 'P1', client_id: 1, date_demande: '2026-12-01T09:00:00+01:00', statut: 'a_valider' };
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, creneau: null })).toBe('loaded');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, creneau: null })).toBe('unchanged');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, creneau: 'matin' })).toBe('loaded');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base })).toBe('unchanged'); // creneau undefined: kept
    expect(db.prepare("SELECT creneau FROM portal_requests WHERE source_ref = 'P1'").pluck().get()).toBe('matin');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, creneau: null })).toBe('loaded');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, description: 'Bruit' })).toBe('loaded');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, description: 'bruit' })).toBe('loaded');
    expect(applyOne(db, 'portal_requests', 'source_ref', { ...base, description: 'bruit ' })).toBe('loaded');
    expect(db.prepare("SELECT creneau, description FROM portal_requests WHERE source_ref = 'P1'").get()).toEqual({ creneau: null, description: 'bruit ' });
  });

  it('random rows: the same statuses and the same stored rows as upsert()', () => {
    const cell = <T>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: undefined, freq: 3 });
    const portalRow = fc.record({
      source_ref: fc.constantFrom('P1', 'P2', 'p1'),
      client_id: cell([1, 2]),
      date_demande: cell(['2026-12-01T09:00:00+01:00', '2026-12-02T10:00:00+01:00']),
      date_souhaitee: cell([null, '2026-12-08']),
      creneau: cell([null, 'matin', 'journee']),
      description: cell([null, 'Bruit', 'bruit', 'bruit ']),
      statut: cell([null, 'valide', 'annule']),
      type_intervention_id: cell([null, 1, 2]),
    });
    const clientRow = fc.record({
      source_ref: fc.constantFrom('C000001', 'C9', 'C10'),
      client_id: cell([null, 7, 40]),
      nom: cell(['Martin', 'martin']),
      type: cell(['Particulier']),
      segment: cell(['Bronze', 'Or']),
      adresse: cell(['1 rue']),
      code_postal: cell(['74000']),
      ville: cell(['Annecy']),
      latitude: cell([45.9, 45.91]),
      longitude: cell([6.12]),
      zone_id: cell([1, 2]),
      prenom: cell([null, 'Paul']),
      langue: cell([null, 'en']),
      sms_opt_out: cell([null, true, false, 0]),
    });
    const op = fc.oneof(
      fc.record({ table: fc.constant('portal_requests'), row: portalRow, defaults: fc.constantFrom(undefined, { statut: 'a_valider' }) }),
      fc.record({ table: fc.constant('dim_clients'), row: clientRow, defaults: fc.constant(undefined) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        const a = fresh();
        const b = fresh();
        const outcome = (f: () => string): string => {
          try {
            return f();
          } catch (e) {
            return `error: ${(e as Error).message}`;
          }
        };
        for (const o of ops) {
          const row = Object.fromEntries(Object.entries(o.row).filter(([, v]) => v !== undefined)) as Record<string, unknown>;
          const viaRow = outcome(() => a.transaction(() => upsert(a, o.table, 'source_ref', row, o.defaults).status)());
          const viaSet = outcome(() => b.transaction(() => applyOne(b, o.table, 'source_ref', row, o.defaults))());
          // an error is the database refusing the row (a NOT NULL column not given on insert…): both refuse it
          expect(viaSet.startsWith('error') ? 'error' : viaSet).toBe(viaRow.startsWith('error') ? 'error' : viaRow);
        }
        for (const t of ['portal_requests', 'dim_clients']) expect(dump(b, t)).toEqual(dump(a, t));
        a.close();
        b.close();
      }),
      { numRuns: 150 },
    );
  });

  it('inserts several rows in staging order: ids as the row path gives them', () => {
    const db = fresh();
    const layout = stageLayout('fact_contrats', 'source_ref', 'sqlite');
    db.exec(stageDdl(layout, 'sqlite'));
    const ins = db.prepare(`INSERT INTO "${layout.stage}" VALUES (${layout.bulkColumns.map(() => '?').join(', ')})`);
    ['K3', 'K1', 'K2'].forEach((k, i) =>
      ins.run(i, ...stageRow(layout, { source_ref: k, client_id: 1, formule: 'Confort', date_debut: '2026-01-01', date_fin: '2026-12-31', montant_annuel: 10, statut: 'actif' }).values),
    );
    for (const sql of applySql(layout, 'sqlite')) db.prepare(sql).all();
    expect(db.prepare('SELECT contrat_id, source_ref, numero_renouvellement FROM fact_contrats ORDER BY contrat_id').all()).toEqual([
      { contrat_id: 1, source_ref: 'K3', numero_renouvellement: 0 },
      { contrat_id: 2, source_ref: 'K1', numero_renouvellement: 0 },
      { contrat_id: 3, source_ref: 'K2', numero_renouvellement: 0 },
    ]);
    expect(table('fact_contrats').columns.find((c) => c.name === 'numero_renouvellement')?.default).toBe(0);
  });
});
