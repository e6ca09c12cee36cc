/** What every KPI card shares: its title line, the period navigation and the scope's names. */
import type { Nav } from '../../../cards/charts/types.ts';
import { formatPeriod } from '../../conversation/format.ts';
import type { Dashboard, Lang } from '../../conversation/types.ts';
import type { Db } from '../../warehouse/db.ts';
import { previousPeriod, shiftPeriod, type Period } from '../period.ts';
import { row, type KpiScope } from '../sql.ts';
import { t } from './format.ts';

export const DASHBOARD_NAMES: Record<Dashboard, { fr: string; en: string }> = {
  direction: { fr: 'Direction', en: 'Management' },
  planning: { fr: 'Planning', en: 'Planning' },
  technicians: { fr: 'Techniciens', en: 'Technicians' },
  quality: { fr: 'Qualité', en: 'Quality' },
  finance: { fr: 'Finances', en: 'Finance' },
};

export interface ViewContext {
  db: Db;
  scope: KpiScope;
  lang: Lang;
}

/** "zone Seynod", "Karim Benali" or '' — who the figures are about. */
export function scopeLabel(v: ViewContext): string {
  const parts: string[] = [];
  if (v.scope.technicienId !== null) {
    const r = row<{ n: string } | undefined>(v.db, `SELECT prenom || ' ' || nom AS n FROM dim_techniciens WHERE technicien_id = @id`, { id: v.scope.technicienId });
    parts.push(r?.n ?? `${t(v.lang, 'technicien', 'technician')} ${v.scope.technicienId}`);
  }
  if (v.scope.zoneId !== null) {
    const r = row<{ n: string } | undefined>(v.db, `SELECT nom_zone AS n FROM dim_zones WHERE zone_id = @id`, { id: v.scope.zoneId });
    parts.push(`${t(v.lang, 'zone', 'zone')} ${r?.n ?? v.scope.zoneId}`);
  }
  return parts.join(' · ');
}

/** "Tableau de bord Qualité — novembre 2026" and "Karim Benali · comparé à octobre 2026". */
export function heading(v: ViewContext, board: string): { title: string; subtitle: string } {
  const period = formatPeriod(v.scope.period.key, v.lang);
  const versus = formatPeriod(previousPeriod(v.scope.period).key, v.lang);
  const who = scopeLabel(v);
  return {
    title: t(v.lang, `${board} — ${period}`, `${board} — ${period}`),
    subtitle: [who, t(v.lang, `comparé à ${versus}`, `compared with ${versus}`)].filter(Boolean).join(' · '),
  };
}

/** The short name of the previous period for trends: "oct. 26", "S47". */
export function versusLabel(p: Period, lang: Lang): string {
  const prev = previousPeriod(p);
  return p.kind === 'week' ? `${t(lang, 'S', 'W')}${Number(prev.key.slice(6))}` : formatPeriod(prev.key, lang);
}

/** The `kpi.period` data of a card for another period (same dashboard, filters and single KPI). */
export function navData(dashboard: Dashboard, period: Period, scope: KpiScope, kpi?: string): Record<string, unknown> {
  return {
    dashboard,
    period: period.key,
    ...(scope.zoneId !== null ? { zoneId: scope.zoneId } : {}),
    ...(scope.technicienId !== null ? { technicienId: scope.technicienId } : {}),
    ...(kpi ? { kpi } : {}),
  };
}

export function nav(v: ViewContext, dashboard: Dashboard, kpi?: string): Nav {
  const p = v.scope.period;
  const prev = shiftPeriod(p, -1);
  const next = shiftPeriod(p, 1);
  return {
    previousLabel: `◀ ${formatPeriod(prev.key, v.lang)}`,
    previous: navData(dashboard, prev, v.scope, kpi),
    nextLabel: `${formatPeriod(next.key, v.lang)} ▶`,
    next: navData(dashboard, next, v.scope, kpi),
    hasNext: next.from <= v.scope.today,
  };
}
