import type { Command } from 'commander';
import { dbPath } from '../../core/warehouse/index.ts';
import { parisDate } from '../../core/warehouse/calendar.ts';
import { DEFAULT_DEMO_OPTIONS, DemoDataExistsError, generateDemo, type DemoSummary } from '../../core/warehouse/demo/index.ts';
import { UsageError, intFlag, openAppDb, printJson } from '../context.ts';

interface DemoFlags {
  seed: string;
  today?: string;
  clients: string;
  technicians: string;
  months: string;
  replace?: boolean;
  json?: boolean;
}

/** `sav demo`: fills the warehouse with the deterministic demo data. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('génère les données de démonstration (déterministes pour une graine et une date)')
    .option('--seed <n>', 'graine du générateur', String(DEFAULT_DEMO_OPTIONS.seed))
    .option('--today <date>', "date du jour YYYY-MM-DD (Europe/Paris), par défaut aujourd'hui")
    .option('--clients <n>', 'nombre de clients', String(DEFAULT_DEMO_OPTIONS.clients))
    .option('--technicians <n>', 'nombre de techniciens (les 5 premiers sont ceux de l’équipe)', String(DEFAULT_DEMO_OPTIONS.technicians))
    .option('--months <n>', "mois d'historique avant aujourd'hui", String(DEFAULT_DEMO_OPTIONS.months))
    .option('--replace', 'remplace les données existantes')
    .option('--json', 'affiche le résumé en JSON')
    .action(async (flags: DemoFlags) => {
      const options = {
        seed: intFlag('seed', flags.seed, 0, 0xffffffff),
        today: flags.today === undefined ? parisDate(new Date()) : todayFlag(flags.today),
        clients: intFlag('clients', flags.clients, 20, 200_000),
        technicians: intFlag('technicians', flags.technicians, 1, 1_000),
        months: intFlag('months', flags.months, 1, 120),
        replace: flags.replace === true,
        // a year of the assistant in use: weekly plans, churn scores and actions, survey alerts (the ROI card's data)
        assistant: true,
      };
      const path = dbPath();
      const db = await openAppDb({ demo: false });
      let summary: DemoSummary;
      try {
        summary = generateDemo(db, options);
      } catch (err) {
        if (err instanceof DemoDataExistsError) {
          throw new UsageError(`le warehouse contient déjà ${err.clients} clients : relancez avec --replace pour les remplacer par les données de démonstration`);
        }
        throw err;
      } finally {
        db.close();
      }
      if (flags.json) printJson({ path, ...summary });
      else process.stdout.write(formatSummary(path, summary));
    });
}

/** `--today` must be a real calendar date. */
export function todayFlag(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const real = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value.trim();
  if (!real) throw new UsageError(`--today attend une date réelle AAAA-MM-JJ, reçu "${value}"`);
  return value.trim();
}

function formatSummary(path: string, s: DemoSummary): string {
  const width = Math.max(...Object.keys(s.rows).map((k) => k.length));
  const lines = Object.entries(s.rows).map(([table, n]) => `  ${table.padEnd(width)}  ${String(n).padStart(8)}`);
  return `${path} : données de démo générées en ${s.ms} ms (graine ${s.seed}, aujourd'hui ${s.today}, historique depuis ${s.from})\n${lines.join('\n')}\n`;
}
