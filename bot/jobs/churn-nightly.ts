/**
 * `churn.nightly`: the clients entering the high churn risk today (scoring run now if not done), each as one
 * alert card to every planner and the direction, in their language and with what their role may see.
 * One outbox key per date, client and recipient.
 */
import { churnAlertsOffThread, NotEnoughDataError, type ChurnAlert } from '../../core/churn/index.ts';
import type { JobHandler } from '../../core/jobs/index.ts';
import { deliverAll, payloadDate, usersWithRole, type Delivery, type PushDeps } from './deliver.ts';

export const CHURN_NIGHTLY_KIND = 'churn.nightly';

export function churnNightlyHandler(deps: PushDeps): JobHandler {
  return async (job, ctx) => {
    const p = payloadDate(job);
    if ('reason' in p) return { status: 'skipped', reason: p.reason };
    const { date } = p;
    const recipients = usersWithRole(deps.db, 'planning', 'direction');
    // the alerts depend on the recipient's role (phone shown or not) and language: computed once per pair
    const byAudience = new Map<string, ChurnAlert[]>();
    const deliveries: Delivery[] = [];
    for (const u of recipients) {
      const audience = `${u.role}|${u.langue}`;
      let alerts = byAudience.get(audience);
      if (!alerts) {
        try {
          // trained and scored in a worker thread (file databases): the bot keeps answering meanwhile
          alerts = await churnAlertsOffThread(deps.db, date, { role: u.role, lang: u.langue });
        } catch (err) {
          // no model can be trained yet (too little history): retrying will not help until the data grows
          if (err instanceof NotEnoughDataError) return { status: 'skipped', reason: `no churn model: ${err.message}` };
          throw err;
        }
        byAudience.set(audience, alerts);
        ctx.extendLease();
      }
      for (const a of alerts) {
        deliveries.push({ target: { userId: u.userId }, who: u.email, reply: { text: a.text, card: a.card }, key: `churn.alert:${date}:${a.clientId}:${u.userId}` });
      }
    }
    const outcome = await deliverAll(deps, job, ctx, 'churn alerts', deliveries);
    const clients = new Set(deliveries.map((d) => d.key.split(':')[2])).size;
    return outcome.status === 'done' ? { status: 'done', note: `${clients} client(s) entering high risk: ${outcome.note ?? ''}` } : outcome;
  };
}
