import { renderCard } from '../../../cards/index.ts';
import type { User } from '../../access/types.ts';
import { planningConfigFromEnv } from '../../planning/config.ts';
import { weekDates } from '../../planning/model/from-warehouse.ts';
import { planView, suggestPlan, type PlanView, type Solve } from '../../planning/plans.ts';
import type { PlanCosts } from '../../planning/model/types.ts';
import type { Db } from '../../warehouse/db.ts';
import { formatDay, formatKm, formatMinutes, formatPeriod, t } from '../format.ts';
import type { Lang, Reply } from '../types.ts';
import { askButton, messageReply, type AnswerContext } from './common.ts';

const fmtDateTime = (iso: string, lang: Lang): string =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));

function signed(x: number, unit: string, lang: Lang, digits = 1): string {
  const n = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(x);
  return `${n}${unit}`;
}

function gains(now: PlanCosts, before: PlanCosts, lang: Lang): { title: string; value: string }[] {
  return [
    { title: t(lang, 'Km estimés', 'Estimated km'), value: `${formatKm(now.km, lang)} (${signed(now.km - before.km, ' km', lang)} ${t(lang, 'vs plan actuel', 'vs current plan')})` },
    { title: t(lang, 'Retard (jours × urgence)', 'Lateness (days × urgency)'), value: `${now.lateness} (${signed(now.lateness - before.lateness, '', lang)})` },
    { title: t(lang, 'Déséquilibre de charge', 'Load imbalance'), value: `${formatMinutes(Math.round(now.imbalanceMin), lang)} (${signed(Math.round(now.imbalanceMin - before.imbalanceMin), ' min', lang, 0)})` },
    { title: t(lang, 'Non planifiées', 'Unplanned'), value: `${now.unplanned} (${signed(now.unplanned - before.unplanned, '', lang, 0)})` },
  ];
}

function statusLine(view: PlanView, lang: Lang): { text: string; color: 'Default' | 'Good' | 'Attention' | 'Warning' } {
  const p = view.plan;
  const when = p.decided_at ? fmtDateTime(p.decided_at, lang) : '';
  switch (p.statut) {
    case 'accepted':
      return { text: t(lang, `✅ Accepté par ${p.decided_by_name} le ${when}`, `✅ Accepted by ${p.decided_by_name} on ${when}`), color: 'Good' };
    case 'rejected':
      return { text: t(lang, `❌ Rejeté par ${p.decided_by_name} le ${when}`, `❌ Rejected by ${p.decided_by_name} on ${when}`), color: 'Attention' };
    case 'superseded':
      return { text: t(lang, 'Remplacé : les données ou un nouveau calcul l’ont rendu obsolète.', 'Superseded: the data changed or a newer plan exists.'), color: 'Warning' };
    default:
      return { text: t(lang, 'Suggestion — à accepter ou rejeter', 'Suggestion — accept or reject it'), color: 'Default' };
  }
}

/** The suggestion card of a stored plan: per technician per day, the gain, its status, the buttons while a draft. */
export function planReply(db: Db, planId: number, lang: Lang, note?: string): Reply {
  const view = planView(db, planId);
  if (!view) return messageReply(t(lang, `Je ne trouve pas le planning n° ${planId}.`, `I cannot find plan #${planId}.`), { color: 'Attention' });
  const p = view.plan;
  const year = Number(p.semaine.slice(0, 4));
  const byTech = new Map<string, PlanView['lines']>();
  for (const l of view.lines) if (l.technicien) byTech.set(l.technicien, [...(byTech.get(l.technicien) ?? []), l]);
  const technicians = [...byTech.entries()].map(([name, lines]) => {
    const days = [...new Set(lines.map((l) => l.date!))].map((date) => {
      const day = lines.filter((l) => l.date === date);
      const min = day.reduce((s, l) => s + l.durationMin, 0);
      const km = day.reduce((s, l) => s + l.km, 0);
      const jobs = day.map((l) => `${l.ordre}. ${l.label} (${formatMinutes(l.durationMin, lang)})`).join(' · ');
      return { day: formatDay(date, lang, year), detail: `${day.length} · ${formatMinutes(min, lang)} · ${formatKm(km, lang)} — ${jobs}` };
    });
    const min = lines.reduce((s, l) => s + l.durationMin, 0);
    const km = lines.reduce((s, l) => s + l.km, 0);
    return { name, total: `${lines.length} intervention${lines.length > 1 ? 's' : ''} · ${formatMinutes(min, lang)} · ${formatKm(km, lang)}`, days };
  });
  const unplanned = view.lines.filter((l) => l.technicien === null).map((l) => ({ label: l.label, reason: l.raison ?? '' }));
  const status = statusLine(view, lang);
  const gap = `${(p.gap * 100).toFixed(2)} %`;
  const summary = t(
    lang,
    `${view.lines.length - unplanned.length} interventions planifiées, ${unplanned.length} non planifiée${unplanned.length > 1 ? 's' : ''} · solveur : ${p.solver_status === 'optimal' ? 'optimal' : 'réalisable'} (écart à la borne ${gap}, ${(p.solve_ms / 1000).toFixed(1)} s)`,
    `${view.lines.length - unplanned.length} jobs planned, ${unplanned.length} unplanned · solver: ${p.solver_status} (gap to bound ${gap}, ${(p.solve_ms / 1000).toFixed(1)} s)`,
  );
  const data = { planId: p.plan_id, version: p.version };
  const actions =
    p.statut === 'draft'
      ? [
          { title: t(lang, 'Accepter', 'Accept'), verb: 'plan.accept', data },
          { title: t(lang, 'Rejeter', 'Reject'), verb: 'plan.reject', data },
          { title: t(lang, 'Régénérer', 'Regenerate'), verb: 'plan.regenerate', data },
        ]
      : [{ title: t(lang, 'Régénérer', 'Regenerate'), verb: 'plan.regenerate', data }];
  const title = t(lang, `Planning proposé — ${formatPeriod(p.semaine, lang)}`, `Suggested plan — ${formatPeriod(p.semaine, lang)}`);
  const card = renderCard('plan', {
    title,
    status: note ? `${note} ${status.text}` : status.text,
    statusColor: note ? 'Attention' : status.color,
    summary,
    gains: gains(view.costs, view.currentCosts, lang),
    technicians,
    unplannedTitle: t(lang, 'Non planifiées (et pourquoi)', 'Unplanned (and why)'),
    unplanned,
    actions,
  });
  const lines = [title, note ?? status.text, summary, ...technicians.map((x) => `${x.name} : ${x.total}`), ...unplanned.map((u) => `⚠ ${u.label} : ${u.reason}`)];
  return { text: lines.join('\n'), card };
}

/** Computes and stores a suggestion for `week`; the immediate reply, the card as the follow-up. */
export function computePlanReply(db: Db, user: User, now: Date, week: string, lang: Lang, solve?: Solve): Reply {
  const first = t(lang, `Je calcule le planning de la ${formatPeriod(week, lang)}… je vous l’envoie dans un instant.`, `Computing the plan for ${formatPeriod(week, lang)}… I will send it in a moment.`);
  return {
    ...messageReply(first),
    followUp: async () => {
      try {
        const config = planningConfigFromEnv();
        const { planId } = await suggestPlan(db, { week, user, now, config, ...(solve ? { solve } : {}) });
        return planReply(db, planId, lang);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return messageReply(t(lang, `Le calcul du planning a échoué : ${why}`, `The plan could not be computed: ${why}`), { color: 'Attention' });
      }
    },
  };
}

interface WeekRow {
  date_prevue: string;
  ordre: number | null;
  duree_prevue_min: number;
  label: string;
}

/** One technician's planned week (from planned_interventions), as text and a message card. */
export function technicianWeekReply(db: Db, technicienId: number, name: string, week: string, lang: Lang): Reply {
  const days = weekDates(week);
  const rows = db
    .prepare(
      `SELECT p.date_prevue, p.ordre, p.duree_prevue_min, COALESCE(c.prenom || ' ', '') || c.nom || ' — ' || ty.libelle || ', ' || c.ville AS label
         FROM planned_interventions p JOIN dim_clients c USING (client_id) JOIN dim_types_intervention ty USING (type_intervention_id)
        WHERE p.technicien_id = ? AND p.date_prevue BETWEEN ? AND ? AND p.statut IN ('planifie', 'en_cours')
        ORDER BY p.date_prevue, p.ordre`,
    )
    .all(technicienId, days[0], days[4]) as WeekRow[];
  const year = Number(week.slice(0, 4));
  const title = t(lang, `Semaine de ${name} — ${formatPeriod(week, lang)}`, `${name}'s week — ${formatPeriod(week, lang)}`);
  if (rows.length === 0) return messageReply(t(lang, 'Aucune intervention planifiée cette semaine.', 'No intervention planned this week.'), { title });
  const facts = days
    .map((d) => {
      const day = rows.filter((r) => r.date_prevue === d);
      if (day.length === 0) return null;
      const min = day.reduce((s, r) => s + r.duree_prevue_min, 0);
      return { title: formatDay(d, lang, year), value: `${formatMinutes(min, lang)} — ${day.map((r) => `${r.ordre ?? '·'}. ${r.label}`).join(' · ')}` };
    })
    .filter((f): f is { title: string; value: string } => f !== null);
  const text = t(lang, `${rows.length} intervention${rows.length > 1 ? 's' : ''} planifiée${rows.length > 1 ? 's' : ''}.`, `${rows.length} intervention${rows.length > 1 ? 's' : ''} planned.`);
  return messageReply(text, { title, facts });
}

export interface TechnicianWeekMessage {
  technicienId: number;
  /** the technician's login (users.email), to find their conversation; null when they have no account */
  email: string | null;
  langue: Lang;
  reply: Reply;
}

/** The message telling each technician of an accepted plan their week (for the proactive sender). */
export function weekMessagesForTechnicians(db: Db, planId: number): TechnicianWeekMessage[] {
  const plan = db.prepare('SELECT semaine FROM plan_suggestions WHERE plan_id = ?').get(planId) as { semaine: string } | undefined;
  if (!plan) return [];
  const techs = db
    .prepare(
      `SELECT DISTINCT l.technicien_id AS id, te.prenom || ' ' || te.nom AS name, u.email, COALESCE(u.langue, 'fr') AS langue
         FROM plan_lines l JOIN dim_techniciens te ON te.technicien_id = l.technicien_id
         LEFT JOIN users u ON u.technicien_id = l.technicien_id
        WHERE l.plan_id = ? ORDER BY l.technicien_id`,
    )
    .all(planId) as { id: number; name: string; email: string | null; langue: Lang }[];
  return techs.map((x) => ({ technicienId: x.id, email: x.email, langue: x.langue, reply: technicianWeekReply(db, x.id, x.name, plan.semaine, x.langue) }));
}

/**
 * `planning.week`: a technician's week (their own, or the one a planner names); for the team (planning,
 * direction, technical director), a suggested optimal plan computed in a worker, sent as a follow-up card.
 */
export function answerPlanningWeek(ctx: AnswerContext): Reply {
  const { lang, entities } = ctx;
  const week = entities.period && /^\d{4}-W\d{2}$/.test(entities.period) ? entities.period : null;
  if (!week) {
    return messageReply(t(lang, 'Pour quelle semaine ? Par exemple « planning de la semaine prochaine ».', 'Which week? For example “plan for next week”.'), {
      actions: [askButton(t(lang, 'Semaine prochaine', 'Next week'), t(lang, 'planning de la semaine prochaine', 'plan for next week'))],
    });
  }
  if (entities.technician) return technicianWeekReply(ctx.db, entities.technician.id, entities.technician.name, week, lang);
  return computePlanReply(ctx.db, ctx.user, ctx.now, week, lang);
}
