import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../core/access/index.ts';
import { findJob } from '../../core/jobs/index.ts';
import { TODAY, demoDb, type TempDb } from '../../test/e2e/helpers.ts';
import { CHURN_NIGHTLY_KIND } from './churn-nightly.ts';
import { convOf, harness } from './test-channel.ts';

let temp: TempDb;
let entering: { id: number; telephone: string | null }[];
beforeAll(() => {
  temp = demoDb();
  // today's scoring already done (the demo's three months are too short to train a model): yesterday one
  // client was already high, today it and two others are — two clients enter the high risk
  const db = temp.db;
  const modelId = Number(db.prepare(`INSERT INTO churn_models (trained_at, as_of, kind, auc_validation, actif, model) VALUES ('2026-11-30T02:30:00Z', '2026-11-30', 'gbm', 0.8, 1, '{}')`).run().lastInsertRowid);
  const clients = db.prepare('SELECT client_id AS id, telephone FROM dim_clients ORDER BY client_id LIMIT 3').all() as { id: number; telephone: string | null }[];
  const insert = db.prepare(`INSERT INTO churn_scores (date, client_id, model_id, score, risque, raisons, action_suggeree) VALUES (?, ?, ?, ?, 'Élevé', ?, 'appel')`);
  const reasons = JSON.stringify([{ feature: 'jours_depuis_contact', value: 400, text: 'aucun contact depuis plus d’un an' }]);
  insert.run('2026-11-30', clients[0]!.id, modelId, 0.8, reasons);
  for (const c of clients) insert.run(TODAY, c.id, modelId, 0.9, reasons);
  entering = clients.slice(1);
});
afterAll(() => temp?.cleanup());

describe('churn.nightly', () => {
  it('each client entering the high risk: one card to each planner and the direction, once; a second tick sends nothing', async () => {
    const h = harness(temp.db, [{ kind: CHURN_NIGHTLY_KIND, cron: '30 2 * * *' }], new Date(`${TODAY}T02:30:00+01:00`));
    const r = await h.scheduler.tick();
    expect(r.done).toEqual([`${CHURN_NIGHTLY_KIND}:${TODAY}`]);
    expect(r.skipped).toEqual([`${CHURN_NIGHTLY_KIND}:2026-11-30`]); // yesterday's, too late
    const users = listUsers(temp.db);
    const counts = h.counts();
    for (const u of users) expect(counts.get(convOf(u.email)) ?? 0, u.email).toBe(u.role === 'planning' || u.role === 'direction' ? entering.length : 0);
    const keys = temp.db.prepare("SELECT idempotency_key AS k FROM outbox WHERE status = 'sent' ORDER BY k").all() as { k: string }[];
    const expected = users.filter((u) => u.role === 'planning' || u.role === 'direction').flatMap((u) => entering.map((c) => `churn.alert:${TODAY}:${c.id}:${u.userId}`));
    expect(keys.map((x) => x.k)).toEqual(expected.sort());
    expect(findJob(temp.db, `${CHURN_NIGHTLY_KIND}:${TODAY}`)?.lastError).toMatch(/^2 client\(s\) entering high risk: sent 4/);
    h.clock.now = new Date(`${TODAY}T02:31:00+01:00`);
    expect((await h.scheduler.tick()).done).toEqual([]);
    temp.db.exec(`UPDATE jobs SET status = 'pending', run_after = due_at WHERE idempotency_key = '${CHURN_NIGHTLY_KIND}:${TODAY}'`);
    expect((await h.scheduler.tick()).done).toEqual([`${CHURN_NIGHTLY_KIND}:${TODAY}`]);
    expect(h.posts).toHaveLength(4);
  });

  it('no model and too little history: the night is skipped with the reason, nothing sent', async () => {
    temp.db.exec('DELETE FROM churn_scores; DELETE FROM churn_models; DELETE FROM outbox; DELETE FROM jobs;');
    const h = harness(temp.db, [{ kind: CHURN_NIGHTLY_KIND, cron: '30 2 * * *', lookbackMs: 60_000 }], new Date('2026-12-02T02:30:00+01:00'));
    expect((await h.scheduler.tick()).skipped).toEqual([`${CHURN_NIGHTLY_KIND}:2026-12-02`]);
    expect(findJob(temp.db, `${CHURN_NIGHTLY_KIND}:2026-12-02`)?.lastError).toMatch(/no churn model: pas assez d’historique/);
    expect(h.posts).toEqual([]);
  });
});
