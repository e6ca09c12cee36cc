import { renderCard } from '../../../cards/index.ts';
import { formatDay, formatMinutes, t } from '../format.ts';
import type { Reply } from '../types.ts';
import { askButton, messageReply, type AnswerContext } from './common.ts';

interface PendingRow {
  planned_id: number;
  label: string;
  ville: string;
  urgence: 'normale' | 'urgente' | 'critique';
  date_echeance: string | null;
  duree_prevue_min: number;
  specialite_requise: string;
}

const URGENCY_RANK = "CASE urgence WHEN 'critique' THEN 0 WHEN 'urgente' THEN 1 ELSE 2 END";
const MAX_ITEMS = 25;

/** `planning.pending`: the interventions waiting to be planned, most urgent first, then by due date. */
export function answerPlanningPending(ctx: AnswerContext): Reply {
  const { db, lang } = ctx;
  const rows = db
    .prepare(
      `SELECT p.planned_id, COALESCE(c.prenom || ' ', '') || c.nom || ' — ' || ty.libelle AS label, c.ville, p.urgence, p.date_echeance, p.duree_prevue_min, ty.specialite_requise
         FROM planned_interventions p JOIN dim_clients c USING (client_id) JOIN dim_types_intervention ty USING (type_intervention_id)
        WHERE p.statut = 'a_planifier'
        ORDER BY ${URGENCY_RANK}, p.date_echeance IS NULL, p.date_echeance, p.planned_id`,
    )
    .all() as PendingRow[];
  if (rows.length === 0) return messageReply(t(lang, 'Aucune intervention n’attend d’être planifiée.', 'No intervention is waiting to be planned.'));
  const year = Number(ctx.today.slice(0, 4));
  const urgency = { normale: t(lang, 'normale', 'normal'), urgente: t(lang, 'urgente', 'urgent'), critique: t(lang, 'critique', 'critical') };
  const items = rows.slice(0, MAX_ITEMS).map((r) => {
    const late = r.date_echeance !== null && r.date_echeance < ctx.today;
    const due = r.date_echeance ? `${t(lang, 'échéance', 'due')} ${formatDay(r.date_echeance, lang, year)}${late ? t(lang, ' (en retard)', ' (late)') : ''}` : t(lang, 'sans échéance', 'no due date');
    return {
      label: r.label,
      detail: `${urgency[r.urgence]} · ${due} · ${formatMinutes(r.duree_prevue_min, lang)} · ${r.specialite_requise} · ${r.ville}`,
      color: (r.urgence === 'critique' || late ? 'Attention' : r.urgence === 'urgente' ? 'Warning' : 'Default') as 'Attention' | 'Warning' | 'Default',
    };
  });
  const n = rows.length;
  const title = t(lang, `${n} intervention${n > 1 ? 's' : ''} à planifier`, `${n} intervention${n > 1 ? 's' : ''} to plan`);
  const subtitle =
    n > MAX_ITEMS
      ? t(lang, `Les ${MAX_ITEMS} plus urgentes, par urgence puis échéance.`, `The ${MAX_ITEMS} most urgent, by urgency then due date.`)
      : t(lang, 'Par urgence puis échéance.', 'By urgency then due date.');
  const button = askButton(t(lang, 'Planifier la semaine prochaine', 'Plan next week'), t(lang, 'planning de la semaine prochaine', 'plan for next week'));
  const card = renderCard('plan-pending', { title, subtitle, items, actions: [button] });
  return { text: [title, ...items.map((i) => `• ${i.label} — ${i.detail}`)].join('\n'), card };
}
