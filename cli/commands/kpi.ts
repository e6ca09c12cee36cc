import type { Command } from 'commander';
import { DASHBOARDS, type Dashboard } from '../../core/conversation/types.ts';
import { dashboardData, kpiReply, KPI_NAMES, parsePeriod, PeriodError, type KpiName } from '../../core/kpi/index.ts';
import { parisDate } from '../../core/warehouse/calendar.ts';
import { intFlag, openAppDb, printJson, UsageError } from '../context.ts';

interface KpiOptions {
  period?: string;
  zone?: string;
  technician?: string;
  kpi?: string;
  today?: string;
  lang?: string;
  json?: boolean;
  card?: boolean;
}

const TARGETS = [...DASHBOARDS, 'roi'] as const;

/**
 * `sav kpi <dashboard> [--period 2026-11|2026-W48] [--zone n] [--technician id] [--kpi name] [--json] [--card]`:
 * a dashboard's KPIs (or the ROI, or one KPI) as text; `--json` prints the raw figures, `--card` the Adaptive Card.
 */
export function registerKpi(program: Command): void {
  program
    .command('kpi')
    .description(`KPIs of a dashboard for a period, e.g. sav kpi quality --period 2026-11 (dashboards: ${TARGETS.join(', ')})`)
    .argument('<dashboard>', TARGETS.join(' | '))
    .option('--period <period>', 'YYYY-MM (month) or YYYY-Www (ISO week); default: the current month')
    .option('--zone <n>', 'only this zone (zone_id)')
    .option('--technician <id>', 'only this technician (technicien_id)')
    .option('--kpi <name>', `one KPI alone: ${KPI_NAMES.join(', ')}`)
    .option('--today <date>', 'the day taken as today (YYYY-MM-DD, Europe/Paris; default: today)')
    .option('--lang <fr|en>', 'language of the text and card', 'fr')
    .option('--json', 'print the raw figures as JSON: {dashboard, period, scope, data}')
    .option('--card', 'print the Adaptive Card JSON')
    .action(async (target: string, o: KpiOptions) => {
      if (!(TARGETS as readonly string[]).includes(target)) throw new UsageError(`unknown dashboard "${target}": expected one of ${TARGETS.join(', ')}`);
      if (o.kpi !== undefined && !(KPI_NAMES as readonly string[]).includes(o.kpi)) throw new UsageError(`--kpi: unknown KPI "${o.kpi}": expected one of ${KPI_NAMES.join(', ')}`);
      if (o.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.today)) throw new UsageError(`--today expects YYYY-MM-DD, got "${o.today}"`);
      if (o.lang !== 'fr' && o.lang !== 'en') throw new UsageError(`--lang expects fr or en, got "${o.lang}"`);
      const today = o.today ?? parisDate(new Date());
      const period = o.period ?? today.slice(0, 7);
      let parsed;
      try {
        parsed = parsePeriod(period);
      } catch (e) {
        if (e instanceof PeriodError) throw new UsageError(`--period: ${e.message}`);
        throw e;
      }
      const zoneId = o.zone === undefined ? null : intFlag('zone', o.zone, 1);
      const technicienId = o.technician === undefined ? null : intFlag('technician', o.technician, 1);
      const kpi = (target === 'roi' ? 'roi' : o.kpi) as KpiName | undefined;
      const dashboard: Dashboard = target === 'roi' ? 'finance' : (target as Dashboard);
      const db = await openAppDb({ today });
      try {
        if (o.json) {
          const scope = { period: parsed, today, zoneId, technicienId };
          const data = kpi ? kpiReply(db, { dashboard, period, zoneId, technicienId, kpi, today, lang: o.lang }).data : dashboardData(db, dashboard, scope);
          printJson({ dashboard: target, period: parsed, scope: { zoneId, technicienId, today }, ...(kpi ? { kpi } : {}), data });
          return;
        }
        const r = kpiReply(db, { dashboard, period, zoneId, technicienId, today, lang: o.lang, ...(kpi ? { kpi } : {}) });
        if (o.card) printJson(r.card);
        else process.stdout.write(`${r.text}\n`);
      } finally {
        db.close();
      }
    });
}
