import { afterAll, describe, expect, it } from 'vitest';
import { ddlScript } from '../warehouse/migrations.ts';
import { KPI_INDEXES, KPI_VIEWS } from '../warehouse/tables/kpi.ts';
import { smallWarehouse } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const one = <T>(sql: string): T => db.prepare(sql).get() as T;

describe('Power BI views (migration 5)', () => {
  it('exist in the SQLite warehouse and give the cards’ figures', () => {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(KPI_VIEWS.map((v) => v.name).sort());
    // CA SAV of November 2026 (the direction card: 630 €)
    expect(one<{ v: number }>("SELECT SUM(montant) AS v FROM v_kpi_direction WHERE annee = 2026 AND mois = 11").v).toBe(630);
    // NPS of the surveys answered in November: 1 promoter, 1 detractor, 1 passive → 0
    expect(
      one<{ v: number }>(
        "SELECT 100.0 * (SUM(categorie_nps = 'promoteur') - SUM(categorie_nps = 'detracteur')) / COUNT(*) AS v FROM v_kpi_qualite WHERE nps IS NOT NULL AND date_reponse BETWEEN '2026-11-01' AND '2026-11-30'",
      ).v,
    ).toBe(0);
    // delays: intervention 2 done 14 days after its due date
    expect(one<{ r: number }>('SELECT retard_jours AS r FROM v_kpi_techniciens WHERE intervention_id = 2').r).toBe(14);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM v_kpi_techniciens WHERE retard_jours > 7 AND annee = 2026 AND mois = 11").n).toBe(1);
    expect(one<{ n: number }>("SELECT SUM(signe) AS n FROM v_kpi_finance WHERE source = 'devis' AND date BETWEEN '2026-11-01' AND '2026-11-30'").n).toBe(1);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM v_kpi_planning WHERE statut = 'a_planifier'").n).toBe(2);
  });

  it('are in the T-SQL script for Azure SQL, each in its own batch', () => {
    const tsql = ddlScript('mssql');
    for (const v of KPI_VIEWS) expect(tsql).toContain(`GO\nCREATE OR ALTER VIEW [dbo].[${v.name}] AS`);
    expect(tsql).toContain('DATEDIFF(day, fi.date_echeance, t.date)');
    expect(tsql).not.toContain('julianday');
  });
});

describe('KPI covering indexes (migration 6)', () => {
  it('exist in SQLite with their covering columns, and the year of interventions is read from the index alone', () => {
    for (const { table, indexes } of KPI_INDEXES) {
      for (const ix of indexes) {
        const cols = (db.prepare(`SELECT name FROM pragma_index_info('${ix.name}') ORDER BY seqno`).all() as { name: string }[]).map((r) => r.name);
        expect(cols, `${table}.${ix.name}`).toEqual([...ix.columns, ...(ix.include ?? [])]);
      }
    }
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT SUM(montant_total) FROM fact_interventions WHERE date_id BETWEEN 20251201 AND 20261130').all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('COVERING INDEX IX_kpi_interventions_date');
  });

  it('are in the T-SQL script with INCLUDE columns, guarded by sys.indexes', () => {
    const tsql = ddlScript('mssql');
    expect(tsql).toContain('-- migration 6: kpi covering indexes');
    expect(tsql).toContain("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_kpi_contrats_debut' AND object_id = OBJECT_ID(N'dbo.fact_contrats'))");
    expect(tsql).toContain('CREATE INDEX [IX_kpi_contrats_debut] ON [dbo].[fact_contrats] ([date_debut]) INCLUDE ([client_id], [montant_annuel]);');
  });
});
