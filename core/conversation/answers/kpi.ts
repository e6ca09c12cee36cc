import { formatPeriod, t } from '../format.ts';
import type { Dashboard, Lang, Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';
import { comingSoon } from './coming-soon.ts';

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

/** `kpi`: recognised with its dashboard and period; the figures come with the KPI module. */
export function answerKpi(ctx: AnswerContext): Reply {
  const { lang, entities } = ctx;
  const board = dashboardName(entities.dashboard ?? 'direction', lang);
  const period = entities.period ? ` (${formatPeriod(entities.period, lang)})` : '';
  const who = entities.technician ? t(lang, ` de ${entities.technician.name}`, ` for ${entities.technician.name}`) : '';
  return comingSoon(
    ctx,
    `Le tableau de bord ${board}${who}${period} arrive bientôt : les indicateurs sont en cours de construction.`,
    `The ${board} dashboard${who}${period} is coming soon: the indicators are being built.`,
  );
}
