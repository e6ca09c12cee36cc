import type { Command } from 'commander';
import { ddlScript, dbPath, migrate, openDb, type Dialect } from '../../core/warehouse/index.ts';
import { UsageError, printJson } from '../context.ts';

export function registerDb(program: Command): void {
  const db = program.command('db').description('the warehouse database');
  db.command('ddl')
    .description('print the schema DDL')
    .option('--dialect <dialect>', 'sqlite | mssql', 'sqlite')
    .action((opts: { dialect: string }) => {
      if (opts.dialect !== 'sqlite' && opts.dialect !== 'mssql') throw new UsageError(`--dialect must be sqlite or mssql, got "${opts.dialect}"`);
      process.stdout.write(ddlScript(opts.dialect as Dialect));
    });
  db.command('init')
    .description('create or migrate the database (idempotent)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const path = dbPath();
      const handle = openDb(path, { migrate: false });
      try {
        const r = migrate(handle);
        if (opts.json) printJson({ path, ...r });
        else process.stdout.write(`${path}: schema version ${r.version}${r.applied.length ? ` (applied ${r.applied.join(', ')})` : ' (up to date)'}\n`);
      } finally {
        handle.close();
      }
    });
}
