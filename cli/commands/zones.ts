import type { Command } from 'commander';
import { runZoning, type BalanceReport, type ZoningRun } from '../../core/zoning/index.ts';
import { todayFlag } from './demo.ts';
import { UsageError, intFlag, openAppDb, printJson } from '../context.ts';

interface ZonesFlags {
  k: string;
  balanced?: boolean;
  seed: string;
  tolerance: string;
  today?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** What `sav zones --json` prints. */
export interface ZonesOutput {
  k: number;
  seed: number;
  balanced: boolean;
  written: boolean;
  today: string;
  clients: number;
  clientsMoved: number;
  zones: {
    zoneId: number;
    name: string;
    previous: string | null;
    centre: { lat: number; lon: number };
    radiusKm: number;
    clients: number;
    density: number;
    minutes: number;
    mainTown: string | null;
  }[];
  retired: { zoneId: number; name: string; kept: boolean; newName: string; references: Record<string, number> }[];
  before: BalanceReport;
  after: BalanceReport;
  movedByBalancing: number;
}

export function zonesOutput(run: ZoningRun): ZonesOutput {
  const { zoning, plan } = run;
  return {
    k: zoning.k,
    seed: zoning.seed,
    balanced: zoning.balanced,
    written: run.written,
    today: run.today,
    clients: run.points.length,
    clientsMoved: plan.clientsMoved,
    zones: plan.zones.map((z) => {
      const s = zoning.zones[z.index]!;
      return { zoneId: z.zoneId, name: z.name, previous: z.from?.name ?? null, centre: s.centre, radiusKm: s.radiusKm, clients: s.clients, density: s.density, minutes: s.minutes, mainTown: s.mainTown };
    }),
    retired: plan.retired,
    before: zoning.before,
    after: zoning.after,
    movedByBalancing: zoning.moved,
  };
}

/** `sav zones --k 7 [--balanced]`: K-means zoning of the clients, workload-balanced on request. */
export function registerZones(program: Command): void {
  program
    .command('zones')
    .description('redécoupe les zones (K-means sur la position des clients), équilibrées en charge avec --balanced')
    .requiredOption('--k <n>', 'nombre de zones')
    .option('--balanced', 'équilibre les minutes prévues entre zones voisines (clients des frontières)')
    .option('--seed <n>', 'graine du K-means', '1')
    .option('--tolerance <x>', 'surcharge tolérée au-dessus de la moyenne (0.05 = 5 %)', '0.05')
    .option('--today <date>', 'fin des 12 mois de charge (AAAA-MM-JJ), par défaut la dernière intervention')
    .option('--dry-run', 'affiche le résultat sans rien écrire')
    .option('--json', 'affiche le résultat en JSON')
    .action(async (flags: ZonesFlags) => {
      const k = intFlag('k', flags.k, 1, 100);
      const seed = intFlag('seed', flags.seed, 0, 0xffffffff);
      const tolerance = Number(flags.tolerance);
      if (!/^\d+(\.\d+)?$/.test(flags.tolerance.trim()) || tolerance > 1) throw new UsageError(`--tolerance attend un nombre entre 0 et 1, reçu "${flags.tolerance}"`);
      const today = flags.today === undefined ? undefined : todayFlag(flags.today);
      const db = await openAppDb();
      let run: ZoningRun;
      try {
        const clients = (db.prepare('SELECT COUNT(*) AS n FROM dim_clients').get() as { n: number }).n;
        if (clients > 0 && k > clients) throw new UsageError(`--k ${k} dépasse le nombre de clients (${clients})`);
        run = runZoning(db, { k, seed, balanced: flags.balanced === true, tolerance, dryRun: flags.dryRun === true, ...(today ? { today } : {}) });
      } finally {
        db.close();
      }
      if (flags.json) printJson(zonesOutput(run));
      else process.stdout.write(formatZones(zonesOutput(run)));
    });
}

const fmt = (x: number, d = 1) => x.toLocaleString('fr-FR', { minimumFractionDigits: d, maximumFractionDigits: d });
const ratio = (r: BalanceReport) => (Number.isFinite(r.maxMinRatio) ? fmt(r.maxMinRatio, 2) : '∞');

export function formatZones(o: ZonesOutput): string {
  const lines = [
    `${o.written ? 'Zones écrites' : 'Zones calculées (--dry-run : rien écrit)'} : k = ${o.k}, graine ${o.seed}${o.balanced ? ', équilibrées' : ''} — ${o.clients} clients, ${o.clientsMoved} changent de zone (charge : 12 mois jusqu’au ${o.today} + interventions à faire)`,
    '',
    '  id  zone                                 clients  minutes  rayon p90  densité/km²  ancien nom',
    ...o.zones.map(
      (z) =>
        `  ${String(z.zoneId).padStart(2)}  ${z.name.padEnd(36).slice(0, 36)} ${String(z.clients).padStart(7)}  ${String(z.minutes).padStart(7)}  ${(fmt(z.radiusKm) + ' km').padStart(9)}  ${fmt(z.density, 2).padStart(11)}  ${z.previous === null ? '(nouvelle)' : z.previous === z.name ? '=' : z.previous}`,
    ),
    '',
    `Équilibre des minutes prévues par zone : max/min ${ratio(o.before)} → ${ratio(o.after)}, coefficient de variation ${fmt(o.before.cv, 3)} → ${fmt(o.after.cv, 3)}${o.balanced ? ` (${o.movedByBalancing} clients déplacés aux frontières)` : ' (sans --balanced : K-means seul)'}`,
  ];
  for (const r of o.retired) {
    lines.push(
      r.kept
        ? `Zone ${r.zoneId} « ${r.name} » conservée sans clients${r.newName !== r.name ? ` et renommée « ${r.newName} »` : ''} : encore référencée (${Object.entries(r.references).map(([t, n]) => `${t} ${n}`).join(', ')})`
        : `Zone ${r.zoneId} « ${r.name} » supprimée`,
    );
  }
  return lines.join('\n') + '\n';
}
