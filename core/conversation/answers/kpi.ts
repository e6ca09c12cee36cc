import { authorize } from '../../access/policy.ts';
import { findKpi, KPI_DEFS, kpiReply, PeriodError, type KpiName } from '../../kpi/index.ts';
import type { Extracted } from '../entities.ts';
import { t } from '../format.ts';
import type { Dashboard, Lang, Reply } from '../types.ts';
import { messageReply, refusalReply, type AnswerContext } from './common.ts';

const NAMES: Record<Dashboard, { fr: string; en: string }> = {
  direction: { fr: 'Direction', en: 'Direction' },
  planning: { fr: 'Planning', en: 'Planning' },
  technicians: { fr: 'Techniciens', en: 'Technicians' },
  quality: { fr: 'Qualité', en: 'Quality' },
  finance: { fr: 'Finances', en: 'Finance' },
};

export function dashboardName(d: Dashboard, lang: Lang): string {
  return NAMES[d][lang];
}

/** "zone 3", "secteur 2" → 3, 2. */
export function findZone(tokens: readonly string[]): number | null {
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (['zone', 'secteur', 'area'].includes(tokens[i]!) && /^[1-9]\d?$/.test(tokens[i + 1]!)) return Number(tokens[i + 1]);
  }
  return null;
}

export interface KpiAsk {
  dashboard: Dashboard;
  period: string;
  zoneId: number | null;
  technicienId: number | null;
  kpi?: KpiName;
}

/**
 * The card of a dashboard or of one KPI, after the access policy has seen the dashboard the KPI really comes
 * from ("top clients" asked by a technician is the direction's, so refused).
 */
export function kpiAnswer(ctx: AnswerContext, q: KpiAsk): Reply {
  const source = q.kpi ? KPI_DEFS[q.kpi].dashboard : q.dashboard;
  const decision = authorize(ctx.user, { kind: 'kpi', dashboard: source, technicienId: q.technicienId });
  if (!decision.allowed) return refusalReply(decision, ctx.lang);
  try {
    const r = kpiReply(ctx.db, { dashboard: q.dashboard, period: q.period, zoneId: q.zoneId, technicienId: q.technicienId, today: ctx.today, lang: ctx.lang, ...(q.kpi ? { kpi: q.kpi } : {}) });
    return { text: r.text, card: r.card };
  } catch (e) {
    if (e instanceof PeriodError) return messageReply(t(ctx.lang, e.message, e.message.replace('période', 'period').replace('attendu', 'expected')), { color: 'Attention' });
    throw e;
  }
}

/** `kpi`: the dashboard card, or the single KPI asked ("NPS du mois", "mes km cette semaine", "ROI"). */
export function answerKpi(ctx: AnswerContext, ex?: Extracted): Reply {
  const { entities } = ctx;
  const kpi = ex ? findKpi(ex.tokens, ex.text) : undefined;
  const dashboard = kpi && kpi !== 'roi' && kpi !== 'heatmap' ? KPI_DEFS[kpi].dashboard : (entities.dashboard ?? 'direction');
  return kpiAnswer(ctx, {
    dashboard: kpi === 'roi' ? 'finance' : kpi === 'heatmap' ? 'direction' : dashboard,
    period: entities.period ?? ctx.today.slice(0, 7),
    zoneId: ex ? findZone(ex.tokens) : null,
    technicienId: entities.technician?.id ?? null,
    ...(kpi ? { kpi } : {}),
  });
}
