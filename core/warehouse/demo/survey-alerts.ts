/**
 * The closed loop of the demo's past surveys, as core/survey/alerts.ts records it: an 'nps_bas' alert for every
 * answered score below 7 (raised with the answer) and a 'non_resolu' alert for every "problème non résolu" (a few
 * minutes later, with Q4), same `detail` as the app writes. Most are done ('traitee'): the planner calls the
 * unhappy client back within the day (next working morning when the answer came in the evening or the weekend),
 * the technical director handles the unsolved problems within two days; the others stay open. Clients whose alert
 * was handled are lost a third less often within 90 days (drawn knowing the outcome, assistant.ts).
 *
 * The history has no free re-intervention rows (planned_id NULL): the demo's past interventions predate them.
 */
import { NPS_ALERT_BELOW } from '../../survey/alerts.ts';
import type { SurveyAnswerColumns } from '../../survey/store.ts';
import { actedChances, type AssistantContext, type ContractIndex } from './assistant.ts';
import { dayNum, parisInstant, weekday } from './days.ts';
import type { Rng } from './rng.ts';
import { inserter } from './sql.ts';

const HANDLED_SHARE = 0.86;
const HANDLED_LOSS_RATIO = 0.65;
const OFFICE_OPEN = 8 * 60 + 30;
const OFFICE_CLOSE = 18 * 60;

interface AnswerRow extends SurveyAnswerColumns {
  satisfaction_id: number;
  client_id: number;
  intervention_id: number;
  technicien_id: number;
  canal: string;
  repondu_at: string;
}

interface Draft {
  kind: 'nps_bas' | 'non_resolu';
  row: AnswerRow;
  /** Paris day and minute of the alert */
  day: number;
  minute: number;
  createdAt: string;
}

const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);

/** The next office slot from (day, minute): the same day when open, else the next working morning. */
function nextOfficeSlot(day: number, minute: number): [number, number] {
  if (weekday(day) < 5 && minute >= OFFICE_OPEN && minute < OFFICE_CLOSE) return [day, minute];
  let d = minute >= OFFICE_CLOSE || weekday(day) >= 5 ? day + 1 : day;
  while (weekday(d) >= 5) d++;
  return [d, OFFICE_OPEN];
}

export function writeSurveyAlerts(ctx: AssistantContext, rng: Rng, contracts: ContractIndex): { alerts: number; open: number } {
  const { db, today } = ctx;
  const rows = db
    .prepare(
      `SELECT satisfaction_id, client_id, intervention_id, technicien_id, canal, nps, professionnel, professionnel_commentaire, delai_respecte,
              delai_commentaire, probleme_resolu, probleme_commentaire, repondu_at
         FROM fact_satisfaction WHERE repondu_at IS NOT NULL AND (nps < ? OR probleme_resolu = 0) ORDER BY satisfaction_id`,
    )
    .all(NPS_ALERT_BELOW) as AnswerRow[];
  const drafts: Draft[] = [];
  for (const row of rows) {
    const day = dayNum(row.repondu_at.slice(0, 10));
    const minute = Number(row.repondu_at.slice(11, 13)) * 60 + Number(row.repondu_at.slice(14, 16));
    if (day < ctx.from || day >= today) continue;
    const answeredAt = Date.parse(row.repondu_at);
    if (row.nps !== null && row.nps < NPS_ALERT_BELOW) drafts.push({ kind: 'nps_bas', row, day, minute, createdAt: new Date(answeredAt + rng.int(2, 40) * 1000).toISOString() });
    if (row.probleme_resolu === 0) {
      const later = rng.int(3, 9);
      drafts.push({ kind: 'non_resolu', row, day, minute: minute + later, createdAt: new Date(answeredAt + later * 60_000 + rng.int(0, 59) * 1000).toISOString() });
    }
  }
  drafts.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.row.satisfaction_id - b.row.satisfaction_id));

  // handled alerts: the clients under contract then are lost less often (drawn knowing the outcome)
  const holders = drafts.map((d) => contracts.holds(d.row.client_id, d.day));
  const outcomes = drafts.map((d, i) => holders[i]! && contracts.keptAfter(d.row.client_id, d.day, today));
  const chance = actedChances(outcomes.filter((_, i) => holders[i]), HANDLED_SHARE, HANDLED_LOSS_RATIO);

  const insert = inserter(db, 'survey_alerts', ['kind', 'satisfaction_id', 'client_id', 'detail', 'statut', 'created_at', 'traitee_at', 'traitee_par', 'planned_id']);
  let open = 0;
  drafts.forEach((d, i) => {
    const r = d.row;
    const detail = {
      nps: r.nps,
      canal: r.canal,
      interventionId: r.intervention_id,
      technicienId: r.technicien_id,
      professionnel: bool(r.professionnel),
      delaiRespecte: bool(r.delai_respecte),
      problemeResolu: bool(r.probleme_resolu),
      comments: { q2: r.professionnel_commentaire, q3: r.delai_commentaire, q4: r.probleme_commentaire },
    };
    const handled = rng.chance(!holders[i] ? HANDLED_SHARE : outcomes[i] ? chance.ifKept : chance.ifLost);
    const [slotDay, slotMinute] = nextOfficeSlot(d.day, Math.min(d.minute + 1, 24 * 60 - 1));
    // the planner calls back within hours; the technical director within two working days
    let doneDay = slotDay;
    let doneMinute = slotMinute + (d.kind === 'nps_bas' ? rng.int(10, 200) : rng.int(30, 420));
    if (d.kind === 'non_resolu' && rng.chance(0.35)) doneDay = nextOfficeSlot(slotDay + 1, OFFICE_OPEN)[0];
    if (doneMinute > OFFICE_CLOSE + 30) [doneDay, doneMinute] = [nextOfficeSlot(doneDay + 1, OFFICE_OPEN)[0], OFFICE_OPEN + rng.int(0, 90)];
    const done = handled && doneDay < today;
    if (!done) open++;
    const by = d.kind === 'nps_bas' ? ctx.planner : ctx.technicalDirector;
    insert([
      d.kind, r.satisfaction_id, r.client_id, JSON.stringify(detail), done ? 'traitee' : 'ouverte', d.createdAt,
      done ? parisInstant(doneDay, doneMinute) : null, done ? by.userId : null, null,
    ]);
  });
  return { alerts: drafts.length, open };
}
