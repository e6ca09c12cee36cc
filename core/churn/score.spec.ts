import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../cards/index.ts';
import type { Db } from '../warehouse/db.ts';
import { churnAlerts } from './alerts.ts';
import { DEMO_TODAY, demoDb } from './fixtures/warehouse.ts';
import { loadActiveModel, saveModel, type ModelFile } from './model-store.ts';
import { atRisk, scoreChurn } from './score.ts';
import { trainChurn } from './train.ts';

let db: Db;
let file: ModelFile;
beforeAll(() => {
  db = demoDb();
  file = trainChurn(db, { asOf: DEMO_TODAY, seed: 1, trainedAt: '2026-03-15T02:00:00.000Z' });
  saveModel(db, file);
});
afterAll(() => db.close());

describe('training on the warehouse', () => {
  it('uses past monthly cut-offs, validates on later ones, compares both kinds and keeps the better', () => {
    expect(file.cutoffs.validation).toEqual(['2025-10-01', '2025-11-01', '2025-12-01']);
    expect(file.cutoffs.train.at(-1)).toBe('2025-07-01');
    const v = file.metrics.validation;
    expect(v.gbm.auc).toBeGreaterThan(0.7);
    expect(v.logistic.auc).toBeGreaterThan(0.7);
    expect(file.kind).toBe((v.gbm.auc ?? 0) > (v.logistic.auc ?? 0) ? 'gbm' : 'logistic');
    expect(file.importances.map((i) => i.feature)).toHaveLength(11);
    expect(file.metrics.report.moyen.confusion.tp + file.metrics.report.moyen.confusion.fn).toBe(file.metrics.positives.validation);
  });

  it('is deterministic for a seed', () => {
    const again = trainChurn(db, { asOf: DEMO_TODAY, seed: 1, trainedAt: '2026-03-15T02:00:00.000Z' });
    expect(JSON.stringify({ ...again, metrics: { ...again.metrics, validation: null } })).toBe(JSON.stringify({ ...file, metrics: { ...file.metrics, validation: null } }));
  });
});

describe('nightly scoring and alerts', () => {
  it('writes score_churn / risque_churn for the clients under contract, with French reasons', () => {
    const run = scoreChurn(db, '2026-03-01');
    expect(run.scored).toBeGreaterThan(50);
    expect(run.counts.Faible + run.counts.Moyen + run.counts['Élevé']).toBe(run.scored);
    const scored = db.prepare('SELECT COUNT(*) AS n FROM dim_clients WHERE score_churn IS NOT NULL AND risque_churn IS NOT NULL').get() as { n: number };
    expect(scored.n).toBe(run.scored);
    const top = atRisk(db, '2026-03-01', 5);
    expect(top).toHaveLength(5);
    expect(top[0]!.score).toBeGreaterThanOrEqual(top[4]!.score);
    expect(top.some((c) => c.reasons.length > 0)).toBe(true);
    for (const c of top) for (const r of c.reasons) expect(r.text).toMatch(/satisfaction|note|contact|enquête|réclamation|client depuis|segment|contrat|renouvel|retard|échéance/);
    // re-running the same day replaces its rows
    scoreChurn(db, '2026-03-01');
    expect(db.prepare("SELECT COUNT(*) AS n FROM churn_scores WHERE date = '2026-03-01'").get()).toEqual({ n: run.scored });
  });

  it('tells the clients entering Élevé since the previous scoring, once', () => {
    const active = loadActiveModel(db)!;
    const scores = atRisk(db, '2026-03-01', 1000).map((c) => c.score);
    // thresholds chosen so a handful of clients are Élevé on the first day
    const eleve = scores[4]! - 1e-9;
    const low = { modelId: active.modelId, file: { ...active.file, thresholds: { moyen: eleve / 2, eleve } } };
    db.prepare('DELETE FROM churn_scores').run();
    const first = scoreChurn(db, '2026-03-01', { model: low });
    expect(first.entering.length).toBe(first.counts['Élevé']);
    expect(first.entering.length).toBeGreaterThanOrEqual(5);
    const second = scoreChurn(db, '2026-03-08', { model: low });
    const before = new Set(first.entering.map((c) => c.clientId));
    expect(second.entering.every((c) => !before.has(c.clientId))).toBe(true);
    const stillHigh = db.prepare("SELECT COUNT(*) AS n FROM churn_scores WHERE date = '2026-03-08' AND risque = 'Élevé'").get() as { n: number };
    expect(second.entering.length).toBeLessThan(stillHigh.n);

    const alerts = churnAlerts(db, '2026-03-01');
    expect(alerts.map((a) => a.clientId)).toEqual(first.entering.map((c) => c.clientId));
    const a = alerts[0]!;
    expect(checkCard(a.card)).toEqual([]);
    expect(JSON.stringify(a.card)).toContain('"verb":"churn.called"');
    expect(a.text).toContain(a.name);
    const tel = db.prepare('SELECT telephone FROM dim_clients WHERE client_id = ?').get(a.clientId) as { telephone: string | null };
    if (tel.telephone) expect(JSON.stringify(a.card)).toContain(tel.telephone);
    const forTech = churnAlerts(db, '2026-03-01', { role: 'technician', lang: 'en' })[0]!;
    if (tel.telephone) expect(JSON.stringify(forTech.card)).not.toContain(tel.telephone);
    expect(JSON.stringify(forTech.card)).toContain('Called');
  });
});
