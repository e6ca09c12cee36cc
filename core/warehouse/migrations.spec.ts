import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from './db.ts';
import { LATEST_VERSION, MIGRATIONS, ddlScript } from './migrations.ts';
import { TABLES } from './schema.ts';

describe('migrations', () => {
  it('create every table of the schema, once, and a second run applies nothing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sav-mig-')), 'sav.db');
    const db = openDb(path);
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of TABLES) expect(names).toContain(t.name);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db)).toEqual({ applied: [], version: LATEST_VERSION });
    db.close();
    const again = openDb(path, { migrate: false });
    expect(migrate(again)).toEqual({ applied: [], version: LATEST_VERSION });
    again.close();
  });

  it('every table is created by exactly one migration, in a dialect of each kind', () => {
    const created = MIGRATIONS.flatMap((m) => m.steps.flatMap((s) => (s.kind === 'createTables' ? s.tables : [])));
    expect([...created].sort()).toEqual(TABLES.map((t) => t.name).sort());
    const tsql = ddlScript('mssql');
    const sqlite = ddlScript('sqlite');
    for (const t of TABLES) {
      expect(tsql).toContain(`IF OBJECT_ID(N'dbo.${t.name}', N'U') IS NULL`);
      expect(sqlite).toContain(`CREATE TABLE IF NOT EXISTS "${t.name}"`);
    }
    expect(tsql).not.toMatch(/\bAUTOINCREMENT\b|\bTEXT\b/);
    expect(tsql).toContain('IDENTITY(1,1) PRIMARY KEY');
  });

  it('rejects rows that break the CHECK constraints the schema declares', () => {
    const db = openDb(':memory:');
    db.prepare("INSERT INTO dim_zones (zone_id, nom_zone, latitude_centre, longitude_centre, rayon_km) VALUES (1, 'Z', 45.9, 6.1, 3)").run();
    expect(() =>
      db.prepare("INSERT INTO dim_techniciens (technicien_id, nom, prenom, email, specialites, zone_principale, base_latitude, base_longitude) VALUES (1, 'A', 'B', 'a@b', 'not json', 1, 45.9, 6.1)").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO dim_temps (date_id, date, annee, trimestre, mois, semaine, annee_iso, jour_semaine, jour_mois, est_ferie, est_weekend) VALUES (1, '2026-13-01', 2026, 5, 1, 1, 2026, 'Lundi', 1, 0, 0)").run(),
    ).toThrow(/CHECK/);
  });
});
