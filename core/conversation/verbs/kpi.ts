import { z } from 'zod';
import { DASHBOARDS } from '../types.ts';
import { KPI_NAMES } from '../../kpi/index.ts';
import { kpiAnswer } from '../answers/kpi.ts';
import { positiveId } from './core.ts';
import { verb, type VerbTable } from './types.ts';

const period = z.string().trim().regex(/^\d{4}-(?:\d{2}|W\d{2})$/);

/** Action.Execute verbs of the kpi cards: another period of the same dashboard or KPI, same filters. */
export const KPI_VERBS: VerbTable = {
  'kpi.period': verb(
    z.object({
      dashboard: z.enum(DASHBOARDS),
      period,
      zoneId: positiveId.optional(),
      technicienId: positiveId.optional(),
      kpi: z.enum(KPI_NAMES).optional(),
    }),
    (ctx, d) =>
      kpiAnswer(ctx, {
        dashboard: d.dashboard,
        period: d.period,
        zoneId: d.zoneId ?? null,
        // a technician's card is always about themself
        technicienId: d.technicienId ?? (ctx.user.role === 'technician' ? ctx.user.technicienId : null),
        ...(d.kpi ? { kpi: d.kpi } : {}),
      }),
    {
      dashboard: { fr: `un tableau de bord parmi ${DASHBOARDS.join(', ')}`, en: `a dashboard among ${DASHBOARDS.join(', ')}` },
      period: { fr: 'une période AAAA-MM ou AAAA-Www', en: 'a period YYYY-MM or YYYY-Www' },
      zoneId: { fr: 'un numéro de zone (entier positif)', en: 'a zone id (positive integer)' },
      technicienId: { fr: 'un numéro de technicien (entier positif)', en: 'a technician id (positive integer)' },
      kpi: { fr: `un indicateur parmi ${KPI_NAMES.join(', ')}`, en: `an indicator among ${KPI_NAMES.join(', ')}` },
    },
  ),
};
