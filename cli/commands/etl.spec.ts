import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../core/warehouse/db.ts';
import { seedReference } from '../../core/etl/fixtures/reference.ts';
import { UsageError } from '../context.ts';
import { registerEtl } from './etl.ts';

let dir: string;
let out: string;
const saved = process.env.SAV_DB;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-etl-'));
  process.env.SAV_DB = join(dir, 'sav.db');
  const db = openDb(process.env.SAV_DB);
  seedReference(db);
  db.close();
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env.SAV_DB = saved;
  rmSync(dir, { recursive: true, force: true });
});

async function sav(...args: string[]): Promise<void> {
  const program = new Command('sav').exitOverride();
  registerEtl(program);
  await program.parseAsync(['node', 'sav', ...args]);
}

describe('sav etl', () => {
  const file = () => {
    const path = join(dir, 'demandes.csv');
    writeFileSync(path, 'request_id;client;date_demande;creneau\nP1;C000001;01/12/2026 09:00;matin\nP2;C404;01/12/2026 09:00;matin\n');
    return path;
  };

  it('prints the counts and the first rejects with their line', async () => {
    await sav('etl', 'portal', file());
    expect(out).toMatch(/read 2 · loaded 1 · unchanged 0 · rejected 1\n/);
    expect(out).toContain('line 3: client: no client with source_ref or client_id "C404"');
    const db = openDb(process.env.SAV_DB!);
    expect(db.prepare('SELECT COUNT(*) AS n FROM portal_requests').get()).toEqual({ n: 1 });
    db.close();
  });

  it('prints JSON with --json', async () => {
    await sav('etl', 'portal', file(), '--json');
    expect(JSON.parse(out)).toMatchObject({ source: 'portal', fileName: 'demandes.csv', format: 'csv', read: 2, loaded: 1, rejected: 1 });
  });

  it('refuses an unknown source, a missing file, a bad format and a misplaced --entity', async () => {
    await expect(sav('etl', 'crm', file())).rejects.toThrow(new UsageError('unknown source "crm" (expected erp, mobile, portal, survey)'));
    await expect(sav('etl', 'erp', join(dir, 'absent.csv'))).rejects.toThrow(`file not found: ${join(dir, 'absent.csv')}`);
    await expect(sav('etl', 'erp', file(), '--format', 'xml')).rejects.toThrow(UsageError);
    await expect(sav('etl', 'portal', file(), '--entity', 'clients')).rejects.toThrow('--entity applies to the erp source only');
  });

  it('reports a refused file with its batch', async () => {
    const path = join(dir, 'clients.json');
    writeFileSync(path, '[{"a": 1,}]');
    await expect(sav('etl', 'erp', path)).rejects.toThrow(/clients\.json: invalid JSON at line 1, column 10 .*\(recorded as batch 1, etl_rejects line 0\)/);
  });
});
