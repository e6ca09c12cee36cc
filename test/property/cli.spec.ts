/**
 * CLI flags: intFlag on any string gives an integer in range or a UsageError naming the flag; the commands run
 * in-process with random arguments and flags (garbage values, extreme numbers, unknown flags, missing values,
 * missing files) end in success, a UsageError, or commander's own parse error — never a TypeError, RangeError
 * or other crash. Commands whose valid flags start long work (demo, plan, churn train) are left out; the
 * optimisers get a small real file and time limits of at most a few milliseconds when valid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFixture } from '../../core/conversation/fixtures.ts';
import { EtlError } from '../../core/etl/index.ts';
import { openDb } from '../../core/warehouse/db.ts';
import { intFlag, UsageError } from '../../cli/context.ts';
import { registerAsk } from '../../cli/commands/ask.ts';
import { registerDb } from '../../cli/commands/db.ts';
import { registerEtl } from '../../cli/commands/etl.ts';
import { registerKpi } from '../../cli/commands/kpi.ts';
import { registerTsp } from '../../cli/commands/tsp.ts';
import { registerVrptw } from '../../cli/commands/vrptw.ts';
import { registerZones } from '../../cli/commands/zones.ts';
import { runCommand } from '../../cli/test-helpers.ts';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
let dir: string;
const savedDb = process.env.SAV_DB;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sav-cli-prop-'));
  process.env.SAV_DB = join(dir, 'sav.db');
  const db = openDb(process.env.SAV_DB);
  seedFixture(db);
  db.close();
});
afterAll(() => {
  if (savedDb === undefined) delete process.env.SAV_DB;
  else process.env.SAV_DB = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

describe('intFlag', () => {
  it('an integer within [min, max], or a UsageError naming the flag', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer().map(String), fc.bigInt().map(String), fc.double().map(String), fc.constantFrom('', ' 7 ', '-0', '+1', '0x10', '1e3', '٣', '１')),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (value, min, span) => {
          const max = min + span;
          try {
            const n = intFlag('seed', value, min, max);
            if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`intFlag returned ${n} for "${value}" in [${min}, ${max}]`);
          } catch (e) {
            if (!(e instanceof UsageError) || !e.message.includes('--seed')) throw e;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', '-', '--', '-1', '0', '1', '7', '2026-11', '2026-W48', '2026-13', '2026-02-30', '2026-12-01', 'fr', 'en', 'de', 'nps', 'ca',
    'roi', 'sqlite', 'mssql', 'csv', 'json', 'clients', 'double', 'trunc1', 'vehicles', 'distance', 'NaN', 'Infinity', '1e309', '99999999999999999999',
    'gaetan.morel@duret-electricite.fr', '--json', '--help'),
);

/** Flags of a command: name → values (garbage, or the valid ones that stay cheap). */
type Flags = Record<string, fc.Arbitrary<string> | null>;

interface Spec {
  name: string;
  register: (p: Command) => void;
  positional: fc.Arbitrary<string[]>;
  flags: Flags;
}

const small = fc.oneof(garbage, fc.constantFrom('1', '2', '5', '0', '-3', '1.5', 'abc', ''));
/** Time limits: invalid, or valid and tiny (a run must stay short). */
const timeLimit = fc.constantFrom('abc', '-5', '0', '', '1.5', 'NaN', '1e309', '99999999999999999999', '-', '2', '5');
const SPECS: Spec[] = [
  {
    name: 'kpi',
    register: registerKpi,
    positional: fc.array(fc.oneof(fc.constantFrom('direction', 'planning', 'technicians', 'quality', 'finance', 'roi'), garbage), { maxLength: 2 }),
    flags: { '--period': garbage, '--zone': garbage, '--technician': garbage, '--kpi': garbage, '--today': garbage, '--lang': garbage, '--json': null, '--card': null },
  },
  {
    name: 'ask',
    register: registerAsk,
    positional: fc.array(fc.oneof(fc.constantFrom('ma tournée', 'CA du mois', 'aide'), garbage), { maxLength: 2 }),
    flags: { '--as': fc.oneof(fc.constantFrom('gaetan.morel@duret-electricite.fr', 'marc.duret@duret-electricite.fr'), garbage), '--now': garbage, '--json': null },
  },
  {
    name: 'etl',
    register: registerEtl,
    positional: fc.array(fc.oneof(fc.constantFrom('erp', 'mobile', 'portal', 'survey'), garbage), { maxLength: 3 }),
    flags: { '--entity': garbage, '--format': garbage, '--json': null },
  },
  {
    name: 'db',
    register: registerDb,
    positional: fc.array(fc.oneof(fc.constantFrom('ddl', 'init'), garbage), { maxLength: 2 }),
    flags: { '--dialect': garbage, '--json': null },
  },
  {
    name: 'tsp',
    register: registerTsp,
    positional: fc.oneof(fc.constant<string[]>([join(DATA, 'tsplib/ulysses16.tsp'), '--time-limit-ms', '5']), fc.array(garbage, { maxLength: 2 })),
    flags: { '--time-limit-ms': timeLimit, '--seed': garbage, '--json': null },
  },
  {
    name: 'vrptw',
    register: registerVrptw,
    positional: fc.oneof(fc.constant<string[]>([join(DATA, 'solomon/C101_25.txt'), '--time-limit-ms', '5']), fc.array(garbage, { maxLength: 2 })),
    flags: { '--time-limit-ms': timeLimit, '--seed': garbage, '--convention': garbage, '--objective': garbage, '--json': null },
  },
  {
    name: 'zones',
    register: registerZones,
    positional: fc.constant([]),
    flags: { '--k': small, '--balanced': null, '--seed': garbage, '--tolerance': garbage, '--today': garbage, '--dry-run': null, '--json': null },
  },
];

/** Random flags of the spec, some repeated, values sometimes missing, plus unknown flags. */
function args(spec: Spec): fc.Arbitrary<string[]> {
  const flag = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(spec.flags)).chain((f) => (spec.flags[f] ? fc.oneof(spec.flags[f]!.map((v) => [f, v]), fc.constant([f])) : fc.constant([f]))) },
    { weight: 1, arbitrary: fc.constantFrom(['--nope'], ['-x'], ['--'], ['--time-limit-ms=abc'], ['--json=1']) },
  );
  return fc.tuple(spec.positional, fc.array(flag, { maxLength: 5 })).map(([pos, fl]) => [...pos, ...fl.flat()]);
}

describe('the commands with random flags', () => {
  it('end in success, a UsageError or a commander parse error — never a crash', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SPECS).chain((s) => args(s).map((a) => ({ name: s.name, argv: a }))),
        async ({ name, argv }) => {
          const spec = SPECS.find((s) => s.name === name)!;
          let outcome = 'ok';
          try {
            await runCommand(spec.register, spec.name, argv, { quietStderr: true });
          } catch (e) {
            if (e instanceof UsageError || e instanceof CommanderError || e instanceof EtlError) outcome = e.constructor.name;
            else throw new Error(`sav ${spec.name} ${JSON.stringify(argv)} crashed: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
            if ((e as Error).message.trim() === '') throw new Error(`sav ${spec.name} ${JSON.stringify(argv)}: empty error message`);
          }
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        },
      ),
      { numRuns: 200 },
    );
    // the runs reached both the happy path and the refusals
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('UsageError') ?? 0).toBeGreaterThan(0);
  });
});
