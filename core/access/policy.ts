import type { Role, User } from './types.ts';

/** KPI dashboards (the same names as the conversation's `Dashboard`). */
export type DashboardName = 'direction' | 'planning' | 'technicians' | 'quality' | 'finance';

/**
 * What a user asks to see. `technicienId: null` means "every technician" (the team's planning, all KPIs).
 */
export type AccessRequest =
  | { kind: 'route'; technicienId: number | null }
  | { kind: 'planning.week'; technicienId: number | null }
  | { kind: 'kpi'; dashboard: DashboardName; technicienId: number | null }
  | { kind: 'planning.pending' }
  | { kind: 'planning.decide' }
  | { kind: 'churn' }
  | { kind: 'client.phone' }
  | { kind: 'alerts.contracts' }
  | { kind: 'alerts.late'; technicienId: number | null }
  | { kind: 'survey.status'; technicienId: number | null }
  | { kind: 'help' };

export type RefusalReason = 'no_plan_decision' | 'own_route_only' | 'own_kpi_only' | 'no_finance' | 'no_churn' | 'no_client_phone' | 'not_for_technicians';

export type AccessDecision = { allowed: true } | { allowed: false; reason: RefusalReason; message: { fr: string; en: string } };

const MESSAGES: Record<RefusalReason, { fr: string; en: string }> = {
  no_plan_decision: {
    fr: 'Désolé, seuls le planning et la direction peuvent accepter ou rejeter un planning.',
    en: 'Sorry, only planning and management can accept or reject a plan.',
  },
  own_route_only: {
    fr: 'Désolé, vous ne pouvez consulter que votre propre tournée.',
    en: 'Sorry, you can only view your own route.',
  },
  own_kpi_only: {
    fr: 'Désolé, vous ne pouvez consulter que vos propres indicateurs.',
    en: 'Sorry, you can only view your own indicators.',
  },
  no_finance: {
    fr: 'Désolé, les indicateurs financiers sont réservés à la direction et au planning.',
    en: 'Sorry, financial indicators are reserved for management and planning.',
  },
  no_churn: {
    fr: 'Désolé, la liste des clients à risque est réservée à la direction et au planning.',
    en: 'Sorry, the list of at-risk clients is reserved for management and planning.',
  },
  no_client_phone: {
    fr: 'Désolé, les numéros de téléphone des clients ne sont pas accessibles depuis votre profil.',
    en: 'Sorry, client phone numbers are not available to your profile.',
  },
  not_for_technicians: {
    fr: 'Désolé, cette information est réservée au planning et à la direction.',
    en: 'Sorry, this information is reserved for planning and management.',
  },
};

const allow: AccessDecision = { allowed: true };
const deny = (reason: RefusalReason): AccessDecision => ({ allowed: false, reason, message: MESSAGES[reason] });

/** Roles that see the whole business. */
const FULL_ACCESS: readonly Role[] = ['direction', 'planning'];

/**
 * The access policy, in one place:
 * - direction and planning see everything;
 * - only direction and planning accept or reject a suggested weekly plan (planning.decide);
 * - technical_director sees everything except finance (the finance dashboard);
 * - a technician sees their own route, planning, late interventions, surveys and KPIs (the technicians or
 *   quality dashboard scoped to themself) only — never another technician's, nor clients' phone numbers,
 *   churn lists, contract alerts, the backlog to plan, or the finance, direction and planning dashboards.
 */
export function authorize(user: User, request: AccessRequest): AccessDecision {
  if (request.kind === 'help') return allow;
  if (FULL_ACCESS.includes(user.role)) return allow;
  if (request.kind === 'planning.decide') return deny('no_plan_decision');
  if (user.role === 'technical_director') {
    return request.kind === 'kpi' && request.dashboard === 'finance' ? deny('no_finance') : allow;
  }
  // technician
  const own = (id: number | null): boolean => user.technicienId !== null && id === user.technicienId;
  switch (request.kind) {
    case 'route':
    case 'planning.week':
      return own(request.technicienId) ? allow : deny('own_route_only');
    case 'kpi':
      if (request.dashboard === 'finance') return deny('no_finance');
      return (request.dashboard === 'technicians' || request.dashboard === 'quality') && own(request.technicienId) ? allow : deny('own_kpi_only');
    case 'alerts.late':
    case 'survey.status':
      return own(request.technicienId) ? allow : deny('not_for_technicians');
    case 'churn':
      return deny('no_churn');
    case 'client.phone':
      return deny('no_client_phone');
    case 'planning.pending':
    case 'alerts.contracts':
      return deny('not_for_technicians');
  }
}
