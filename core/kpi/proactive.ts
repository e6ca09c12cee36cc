/**
 * What the bot pushes on its own (the scheduler in bot/ calls these and posts the result):
 * - every morning, to the planner: contracts ending within 30 days and interventions more than 7 days late;
 * - on the 1st of each month, to the direction: the Direction card of the month just ended.
 */
import { renderCard } from '../../cards/index.ts';
import type { CardJson, Lang } from '../conversation/types.ts';
import type { Db } from '../warehouse/db.ts';
import { addDaysIso } from '../warehouse/calendar.ts';
import { kpiReply } from './index.ts';
import { periodOf, previousPeriod } from './period.ts';
import { contractsEnding, lateOpen } from './planning.ts';
import { ALL, rows } from './sql.ts';
import { eur, t } from './view/format.ts';

export interface PushMessage {
  text: string;
  card: CardJson;
}

/** The planner's daily alerts, or null when there is nothing to say. */
export function dailyPlanningAlerts(db: Db, today: string, lang: Lang = 'fr'): PushMessage | null {
  const ending = contractsEnding(db, today, ALL, 30);
  const late = lateOpen(db, today, ALL, 7);
  if (ending.count === 0 && late === 0) return null;
  const oldest = rows<{ client: string; echeance: string }>(
    db,
    `SELECT COALESCE(cl.prenom || ' ' || cl.nom, cl.nom) AS client, p.date_echeance AS echeance FROM planned_interventions p JOIN dim_clients cl ON cl.client_id = p.client_id
      WHERE p.statut IN ('a_planifier', 'planifie', 'en_cours') AND p.date_echeance < @limit ORDER BY p.date_echeance, p.planned_id LIMIT 5`,
    { limit: addDaysIso(today, -7) },
  );
  const lines = [
    t(lang, `${ending.count} contrat(s) se terminent dans les 30 jours.`, `${ending.count} contract(s) end within 30 days.`),
    t(lang, `${late} intervention(s) en retard de plus de 7 jours.`, `${late} intervention(s) more than 7 days late.`),
  ];
  const facts = [
    ...ending.first.map((c) => ({ title: c.client, value: t(lang, `fin de contrat le ${c.dateFin} (${c.formule}, ${eur(c.montant, lang)})`, `contract ends ${c.dateFin} (${c.formule}, ${eur(c.montant, lang)})`) })),
    ...oldest.map((o) => ({ title: o.client, value: t(lang, `échéance dépassée depuis le ${o.echeance}`, `overdue since ${o.echeance}`) })),
  ];
  const title = t(lang, 'Alertes du jour', 'Today’s alerts');
  const text = lines.join('\n');
  const card = renderCard('message', {
    title, text, color: late > 0 ? 'Attention' : 'Warning', facts,
    actions: [
      { title: t(lang, 'Contrats à renouveler', 'Contracts to renew'), verb: 'ask', data: { text: t(lang, 'contrats qui se terminent', 'contracts ending soon') } },
      { title: t(lang, 'Tableau de bord planning', 'Planning dashboard'), verb: 'kpi.period', data: { dashboard: 'planning', period: today.slice(0, 7) } },
    ],
  });
  return { text: `${title}\n${text}`, card };
}

/** The Direction card of the month before `today` (sent on the 1st). */
export function monthlyDirectionSummary(db: Db, today: string, lang: Lang = 'fr'): PushMessage {
  const month = previousPeriod(periodOf(today, 'month'));
  const r = kpiReply(db, { dashboard: 'direction', period: month.key, today, lang });
  return { text: r.text, card: r.card };
}
