/**
 * A broad run of the product over the demo warehouse, used twice: recorded on SQLite to list (and snapshot as
 * T-SQL) every statement the app issues, and replayed on a real SQL Server by test/mssql when MSSQL_URL is set.
 *
 * Adding a scenario is one line in SCENARIOS: `['name', (c) => someCoreFunction(c.db, …)]`.
 */
import { listUsers } from '../../access/users.ts';
import type { User } from '../../access/types.ts';
import { atRisk, churnActions, churnAlerts, enteringHigh, latestScore, latestScoringDay, recordChurnAction, scoreChurn, trainChurn } from '../../churn/index.ts';
import { saveModel } from '../../churn/model-store.ts';
import { act, ask } from '../../conversation/index.ts';
import { runEtl } from '../../etl/index.ts';
import { claimDue, completeJob, enqueue, extendLease, failJob, findJob, getJob, listJobs } from '../../jobs/queue.ts';
import { getOutbox, listOutbox, markSent, releaseSend, reserveSend } from '../../jobs/outbox.ts';
import { enqueueRecurring } from '../../jobs/recurring.ts';
import { kpiReply } from '../../kpi/index.ts';
import { currentAssignments, decidePlan, getPlan, planView, suggestPlan, type Solve } from '../../planning/plans.ts';
import { evaluatePlan } from '../../planning/model/costs.ts';
import { DEFAULT_PLANNING_CONFIG } from '../../planning/config.ts';
import { kmWeek } from '../../planning/km-week.ts';
import { nextRouteDay, optimisedDayRoute } from '../../planning/tournee.ts';
import { claimSms, getSmsBySid, holdSms, markInboundProcessed, markSending, markSent as markSmsSent, recordInbound, recordStatus, smsCounts, unprocessedInbound } from '../../sms/dispatch.ts';
import { cancelPendingSms, isOptedOut, listSms, queueSms } from '../../sms/outbox.ts';
import { getAlert, listAlerts, markAlertDone } from '../../survey/alerts.ts';
import { monthlySurveyReport } from '../../survey/report.ts';
import { closeSurvey, formByToken, markOptedOut, planSurveys, receiveSms, remindSurvey, sendSurvey, smsSendableAt, submitForm } from '../../survey/service.ts';
import type { SurveySettings } from '../../survey/settings.ts';
import { loadSurvey } from '../../survey/store.ts';
import { runZoning } from '../../zoning/index.ts';
import { refreshAggregates } from '../aggregates.ts';
import { ensureCalendar } from '../calendar.ts';
import { conversationRefsOfUser, getConversationRef, upsertConversationRef } from '../conversation-refs.ts';
import type { Db } from '../db.ts';
import { generateDemo } from '../demo/generate.ts';

export const SCENARIO_TODAY = '2026-12-01';
export const SCENARIO_NOW = new Date('2026-12-01T07:30:00+01:00');
const hours = (h: number): Date => new Date(SCENARIO_NOW.getTime() + h * 3_600_000);

export interface ScenarioContext {
  readonly db: Db;
  readonly now: Date;
  readonly today: string;
  /** by role: the first planner, director, technical director, technician */
  user(role: User['role']): User;
}

export type ScenarioStep = readonly [name: string, run: (c: ScenarioContext) => unknown];

const SMS: SurveySettings = { channel: 'sms', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: null };
const WEB: SurveySettings = { channel: 'web', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: 'https://sav.example.com/' };

/** Plans the week with the current assignments (the solver itself is not about SQL). */
const keepCurrent: Solve = (instance, config) => {
  const assignments = currentAssignments(instance);
  return Promise.resolve({ status: 'feasible', objective: 0, bound: 0, gap: 0, ms: 0, method: 'greedy', assignments, unassigned: [], costs: evaluatePlan(instance, assignments, config), columns: 0, rows: 0 });
};

/** Surveys planned and not sent yet (the scenario's own look-up). */
const pendingSurveys = (db: Db): { id: number }[] =>
  (db.prepare('SELECT satisfaction_id AS id FROM survey_states ORDER BY satisfaction_id').all() as { id: number }[]).filter((r) => loadSurvey(db, r.id)?.state.status === 'pending');

const ASKS: readonly [User['role'], string][] = [
  ['technician', "ma tournée aujourd'hui"],
  ['planning', 'tournée de Gaëtan demain'],
  ['planning', 'planning de la semaine'],
  ['planning', 'interventions à planifier'],
  ['planning', 'clients à risque'],
  ['direction', 'tableau de bord direction'],
  ['direction', 'kpi finance novembre'],
  ['technical_director', 'qualité du mois'],
  ['planning', 'kpi planning'],
  ['technician', 'mes kpi'],
  ['planning', 'contrats à renouveler'],
  ['planning', 'interventions en retard'],
  ['planning', 'statut des enquêtes'],
  ['planning', 'téléphone de Gaëtan'],
  ['planning', 'aide'],
  ['planning', 'route for Julien next monday'],
];

/** The steps, in order (later ones use what earlier ones made). */
export const SCENARIOS: readonly ScenarioStep[] = [
  ['demo data', (c) => generateDemo(c.db, { seed: 42, today: c.today, clients: 400, technicians: 5, months: 24, replace: true })],
  ['calendar ahead', (c) => ensureCalendar(c.db, '2026-01-01', '2027-03-31')],
  ['aggregates', (c) => refreshAggregates(c.db, c.today)],
  ['ask every intent', (c) => ASKS.map(([role, text]) => ask(c.db, { text, user: c.user(role), now: c.now }))],
  ['kpi dashboards', (c) => (['direction', 'planning', 'technicians', 'quality', 'finance'] as const).map((d) => kpiReply(c.db, { dashboard: d, period: '2026-11', today: c.today, lang: 'fr' }))],
  ['kpi filtered', (c) => kpiReply(c.db, { dashboard: 'technicians', period: '2026-W48', technicienId: 1, zoneId: 1, today: c.today, lang: 'en' })],
  ['day route', (c) => [optimisedDayRoute(c.db, 1, c.today), nextRouteDay(c.db, 1, c.today), kmWeek(c.db, null, '2026-W49'), kmWeek(c.db, 1, '2026-W49')]],
  ['plan suggest / accept', async (c) => {
    const { planId } = await suggestPlan(c.db, { week: '2026-W50', user: c.user('planning'), now: c.now, config: DEFAULT_PLANNING_CONFIG, solve: keepCurrent });
    planView(c.db, planId);
    decidePlan(c.db, { planId, version: getPlan(c.db, planId)!.version, decision: 'accepted', user: c.user('planning'), now: c.now });
  }],
  ['churn train and score', (c) => {
    const file = trainChurn(c.db, { asOf: c.today, kind: 'gbm', seed: 1, trainedAt: c.now.toISOString() });
    const modelId = saveModel(c.db, file);
    scoreChurn(c.db, c.today, { model: { modelId, file } });
    const day = latestScoringDay(c.db)!;
    const top = atRisk(c.db, day, 5);
    enteringHigh(c.db, day);
    if (top[0]) latestScore(c.db, top[0].clientId);
    churnAlerts(c.db, c.today);
    if (top[0]) recordChurnAction(c.db, { clientId: top[0].clientId, action: 'appel', at: c.now.toISOString(), userEmail: c.user('planning').email, score: top[0].score, risque: top[0].risque });
    churnActions(c.db);
  }],
  ['card actions', (c) => [act(c.db, { verb: 'route.refresh', data: { technicienId: 1, date: c.today }, user: c.user('planning'), now: c.now }), act(c.db, { verb: 'kpi.period', data: { dashboard: 'direction', period: '2026-10' }, user: c.user('direction'), now: c.now })]],
  ['zoning dry run', (c) => runZoning(c.db, { k: 7, seed: 1, balanced: true, today: c.today, dryRun: true })],
  ['jobs queue', (c) => {
    const { job } = enqueue(c.db, { key: 'scenario:1', kind: 'scenario.test', payload: { n: 1 }, dueAt: c.now, maxLatenessMs: 3_600_000 }, c.now);
    enqueue(c.db, { key: 'scenario:1', kind: 'scenario.test', dueAt: c.now }, c.now);
    enqueue(c.db, { key: 'scenario:2', kind: 'scenario.test', dueAt: c.now }, c.now);
    getJob(c.db, job.jobId);
    findJob(c.db, 'scenario:1');
    listJobs(c.db, { status: 'pending' });
    const { claimed } = claimDue(c.db, { owner: 'a', now: hours(0.1), kinds: ['scenario.test'] });
    if (claimed[0]) extendLease(c.db, claimed[0], 'a', hours(1), hours(0.2));
    if (claimed[0]) completeJob(c.db, claimed[0], 'a', hours(0.3));
    if (claimed[1]) failJob(c.db, claimed[1], 'a', new Error('boom'), hours(0.3));
    claimDue(c.db, { owner: 'b', now: hours(30) });
    enqueueRecurring(c.db, [{ kind: 'tournee.morning', cron: '0 7 * * 1-5', timezone: 'Europe/Paris', oncePer: 'day' }], c.now);
  }],
  ['outbox', (c) => {
    const input = { key: 'msg:1', jobId: null, target: { userId: 1 }, message: { text: 'hello', card: null }, owner: 'a', now: c.now };
    reserveSend(c.db, input);
    reserveSend(c.db, { ...input, owner: 'b' });
    markSent(c.db, 'msg:1', 'a', { conversationId: 'conv-1', activityId: 'act-1' }, c.now);
    reserveSend(c.db, { ...input, key: 'msg:2' });
    releaseSend(c.db, 'msg:2', 'a', 'no_target', 'no conversation', c.now);
    getOutbox(c.db, 'msg:1');
    listOutbox(c.db, { status: 'sent' });
  }],
  ['conversation refs', (c) => {
    const ref = { conversationId: 'conv-1', tenantId: 't', serviceUrl: 'https://smba.example/', channelId: 'msteams', conversationType: 'personal', botId: 'b', userAadObjectId: 'aad-1', userEmail: 'clothilde.martin@duret-electricite.fr', reference: { a: 1 }, updatedAt: c.now.toISOString() };
    upsertConversationRef(c.db, ref);
    upsertConversationRef(c.db, { ...ref, userEmail: null, updatedAt: hours(1).toISOString() });
    getConversationRef(c.db, 'conv-1');
    conversationRefsOfUser(c.db, { aadObjectId: 'aad-1', email: 'clothilde.martin@duret-electricite.fr' });
  }],
  ['survey: plan, send, SMS answers, reminders, close', (c) => {
    planSurveys(c.db, c.now, SMS);
    const pending = pendingSurveys(c.db);
    const [a, b, d] = pending;
    if (a) {
      sendSurvey(c.db, a.id, hours(40), SMS);
      const to = (c.db.prepare('SELECT telephone FROM dim_clients c JOIN fact_satisfaction s ON s.client_id = c.client_id WHERE s.satisfaction_id = ?').get(a.id) as { telephone: string }).telephone;
      receiveSms(c.db, { messageSid: 'SM' + '1'.padStart(32, '0'), from: to, body: '3' }, hours(41));
      receiveSms(c.db, { messageSid: 'SM' + '2'.padStart(32, '0'), from: to, body: 'NON' }, hours(41.5));
      receiveSms(c.db, { messageSid: 'SM' + '3'.padStart(32, '0'), from: to, body: 'STOP' }, hours(42));
      markOptedOut(c.db, (c.db.prepare('SELECT client_id FROM fact_satisfaction WHERE satisfaction_id = ?').get(a.id) as { client_id: number }).client_id, hours(42));
    }
    if (b) {
      sendSurvey(c.db, b.id, hours(40), SMS);
      remindSurvey(c.db, b.id, hours(200));
      closeSurvey(c.db, b.id, hours(400));
    }
    if (d) sendSurvey(c.db, d.id, hours(40), SMS);
    receiveSms(c.db, { messageSid: 'SM' + '4'.padStart(32, '0'), from: '+33600000001', body: 'bonjour' }, hours(43));
  }],
  ['survey: web form', (c) => {
    planSurveys(c.db, hours(24 * 3), WEB);
    const s = pendingSurveys(c.db).at(-1);
    if (!s) return;
    const r = sendSurvey(c.db, s.id, hours(24 * 5), WEB);
    const link = JSON.stringify(r).match(/\/s\/([A-Za-z0-9_-]{16,})/)?.[1];
    if (link) {
      formByToken(c.db, link);
      submitForm(c.db, link, { nps: 4, professionnel: true, delai_respecte: false, probleme_resolu: false, suggestion: 'trop long' }, hours(24 * 5 + 1));
    }
    formByToken(c.db, 'no-such-token-aaaaaaaaaaaaaaaa');
  }],
  ['survey alerts and report', (c) => {
    const alerts = listAlerts(c.db);
    if (alerts[0]) {
      getAlert(c.db, alerts[0].alertId);
      markAlertDone(c.db, alerts[0].alertId, c.user('planning').userId, hours(50));
    }
    monthlySurveyReport(c.db, '2026-11');
  }],
  ['sms dispatch', (c) => {
    queueSms(c.db, { key: 'scenario-sms-1', to: '+33611111111', body: 'Test' }, c.now);
    isOptedOut(c.db, '+33611111111');
    const claimed = claimSms(c.db, { owner: 'w1', now: hours(50), limit: 3 });
    const m = claimed[0];
    if (m) {
      // outside the sending hours a claimed SMS goes back to the queue until the next slot
      smsSendableAt(c.db, m, hours(50));
      holdSms(c.db, m.messageId, 'w1', hours(60), hours(50));
      markSending(c.db, m.messageId, 'w1', hours(50));
      markSmsSent(c.db, m.messageId, 'w1', 'SM' + 'a'.repeat(32), hours(50));
      recordStatus(c.db, { sid: 'SM' + 'a'.repeat(32), status: 'delivered' }, hours(51));
      getSmsBySid(c.db, 'SM' + 'a'.repeat(32));
    }
    recordInbound(c.db, { messageSid: 'SM' + 'b'.repeat(32), from: '+33611111111', to: '+33700000000', body: 'OUI' }, hours(52));
    unprocessedInbound(c.db);
    markInboundProcessed(c.db, 'SM' + 'b'.repeat(32), 'unknown_number', hours(52));
    smsCounts(c.db);
    listSms(c.db, { status: 'pending' });
    cancelPendingSms(c.db, { clientId: 1 }, hours(53));
  }],
];

const ETL_CONTRATS = JSON.stringify([
  { source_ref: 'K1', client: 'C000001', formule: 'Confort', date_debut: '2025-01-01', date_fin: '2025-12-31', montant_annuel: 189, statut: 'renouvele' },
  { source_ref: 'K2', client: 'C000001', formule: 'Confort', date_debut: '2026-01-01', date_fin: '2026-12-31', montant_annuel: 199, statut: 'actif', numero_renouvellement: 1, contrat_precedent: 'K1' },
]);
const ETL_DEVIS = JSON.stringify({ devis: [{ source_ref: 'D1', client: 'C000002', date_emission: '2026-12-02', statut: 'envoye', montant_ht: 100, montant_ttc: 120, type_code: 'ENT_VMC', intervention: 'I0002' }] });
const ETL_CLIENT_ROW = { type: 'Particulier', segment: 'Bronze', adresse: '1 rue du Lac', code_postal: '74000', ville: 'Annecy', latitude: 45.9, longitude: 6.12 };
const ETL_CLIENT_TAKEN_ID = JSON.stringify([
  { ...ETL_CLIENT_ROW, source_ref: 'C000050', nom: 'Nouveau' },
  { ...ETL_CLIENT_ROW, source_ref: 'C000051', client_id: 1, nom: 'Doublon' },
]);

/** ETL loads of every source, on a small reference world (the ETL fixtures name its clients). */
export const ETL_SCENARIOS = (fixture: (name: string) => string): readonly ScenarioStep[] => [
  ['etl erp clients', (c) => runEtl(c.db, 'erp', { fileName: 'erp-clients.json', text: fixture('erp-clients.json'), entity: 'clients' }, { now: c.now })],
  ['etl erp interventions', (c) => runEtl(c.db, 'erp', { fileName: 'erp-interventions.csv', text: fixture('erp-interventions.csv'), entity: 'interventions' }, { now: c.now })],
  ['etl erp interventions again (unchanged)', (c) => runEtl(c.db, 'erp', { fileName: 'erp-interventions.csv', text: fixture('erp-interventions.csv'), entity: 'interventions' }, { now: c.now })],
  ['etl erp contracts (a renewal naming the contract before it) and quotes', (c) => [
    runEtl(c.db, 'erp', { fileName: 'contrats.json', text: ETL_CONTRATS, entity: 'contrats' }, { now: c.now }),
    runEtl(c.db, 'erp', { fileName: 'devis.json', text: ETL_DEVIS }, { now: c.now }),
  ]],
  ['etl erp clients refused by the database (an id taken): written row by row', (c) => runEtl(c.db, 'erp', { fileName: 'clients.json', text: ETL_CLIENT_TAKEN_ID, entity: 'clients' }, { now: c.now })],
  ['etl mobile', (c) => runEtl(c.db, 'mobile', { fileName: 'mobile.json', text: fixture('mobile.json') }, { now: c.now })],
  ['etl portal', (c) => runEtl(c.db, 'portal', { fileName: 'portal.json', text: fixture('portal.json') }, { now: c.now })],
  ['etl survey', (c) => runEtl(c.db, 'survey', { fileName: 'survey.csv', text: fixture('survey.csv') }, { now: c.now })],
  ['etl rejected input', (c) => {
    try {
      runEtl(c.db, 'mobile', { fileName: 'invalid.json', text: fixture('invalid.json') }, { now: c.now });
    } catch {
      // refused as a whole: the reject is journalled, which is what this step records
    }
  }],
];

/** A context over `db` (users looked up lazily: the demo step creates them). */
export function scenarioContext(db: Db, now = SCENARIO_NOW, today = SCENARIO_TODAY): ScenarioContext {
  return {
    db,
    now,
    today,
    user(role) {
      const u = listUsers(db).find((x) => x.role === role);
      if (!u) throw new Error(`scenario: no ${role} user`);
      return u;
    },
  };
}

/** Runs steps in order; a failing step is reported with its name. */
export async function runScenario(ctx: ScenarioContext, steps: readonly ScenarioStep[]): Promise<void> {
  for (const [name, run] of steps) {
    try {
      await run(ctx);
    } catch (e) {
      throw new Error(`scenario step "${name}" failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}
