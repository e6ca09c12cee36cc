import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../context.ts';
import { registerChurn } from './churn.ts';

const fixture = new URL('../../core/churn/fixtures/telco-small.csv', import.meta.url).pathname;
let dir: string;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-churn-'));
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function sav(...args: string[]): Promise<void> {
  const program = new Command('sav').exitOverride();
  registerChurn(program);
  await program.parseAsync(['node', 'sav', ...args]);
}

describe('sav churn cv', () => {
  it('prints exactly the documented JSON keys, and says on stderr what it dropped and imputed', async () => {
    await sav('churn', 'cv', '--csv', fixture, '--target', 'Churn', '--folds', '3', '--seed', '1', '--json');
    const r = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(['rows', 'auc_mean', 'auc_sd', 'accuracy', 'folds', 'ms']);
    expect(r.rows).toBe(240);
    expect(r.folds).toHaveLength(3);
    expect(Object.keys((r.folds as object[])[0]!)).toEqual(['auc', 'accuracy']);
    expect(r.auc_mean).toBeGreaterThan(0.6);
    expect(err).toContain('customerID (identifiant (valeurs toutes distinctes))');
    expect(err).toContain('TotalCharges 2');
  });

  it('is deterministic for a seed; --positive, --drop and --model logistic work', async () => {
    await sav('churn', 'cv', '--csv', fixture, '--target', 'Churn', '--folds', '3', '--json');
    const a = JSON.parse(out) as { folds: unknown };
    out = '';
    await sav('churn', 'cv', '--csv', fixture, '--target', 'Churn', '--folds', '3', '--json');
    expect((JSON.parse(out) as { folds: unknown }).folds).toEqual(a.folds);
    out = '';
    await sav('churn', 'cv', '--csv', fixture, '--target', 'Churn', '--positive', 'No', '--drop', 'gender,TotalCharges', '--model', 'logistic', '--folds', '3', '--json');
    expect((JSON.parse(out) as { rows: number }).rows).toBe(240);
    expect(err).toContain('cible Churn = No');
    expect(err).toContain('gender (ignorée (--drop))');
  });

  it('gives clear errors: unknown target, non-binary target, unreadable CSV, missing flags', async () => {
    await expect(sav('churn', 'cv', '--csv', fixture, '--target', 'Exited')).rejects.toThrow(/colonne cible « Exited » absente/);
    await expect(sav('churn', 'cv', '--csv', fixture, '--target', 'Contract')).rejects.toThrow(/exactement 2 valeurs, elle en a 3/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a;b;c\n1;2;3\n4;5\n');
    await expect(sav('churn', 'cv', '--csv', bad, '--target', 'c')).rejects.toThrow(/ligne 3/);
    await expect(sav('churn', 'cv', '--csv', join(dir, 'none.csv'), '--target', 'c')).rejects.toThrow(/cannot read .*ENOENT/);
    await expect(sav('churn', 'cv', '--target', 'c')).rejects.toThrow(UsageError);
    await expect(sav('churn', 'cv', '--csv', fixture, '--target', 'Churn', '--folds', '1')).rejects.toThrow(/--folds must be between 2 and 50/);
    await expect(sav('churn', 'cv', '--csv', fixture, '--target', 'Churn', '--model', 'forest')).rejects.toThrow(/--model must be gbm or logistic/);
  });
});
