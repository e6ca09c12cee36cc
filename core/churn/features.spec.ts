import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../warehouse/db.ts';
import { addMonthsIso } from './config.ts';
import { clientFeatures, FEATURES, panel, targets, type ClientFeatures } from './features.ts';
import { copyDb, DEMO_TODAY, demoDb, truncateTo } from './fixtures/warehouse.ts';

let db: Db;
beforeAll(() => {
  db = demoDb();
});
afterAll(() => db.close());

const CUTS = ['2025-04-01', '2025-12-01'];

/** The clients whose features differ between the full warehouse and the warehouse cut back to `cut`. */
function leaks(extract: (db: Db, cut: string) => readonly ClientFeatures[], cut: string): number[] {
  const past = copyDb(db);
  truncateTo(past, cut);
  const now = new Map(extract(db, cut).map((f) => [f.clientId, JSON.stringify(f.values)]));
  const then = new Map(extract(past, cut).map((f) => [f.clientId, JSON.stringify(f.values)]));
  past.close();
  const ids = new Set([...now.keys(), ...then.keys()]);
  return [...ids].filter((id) => now.get(id) !== then.get(id));
}

describe('point-in-time features', () => {
  it.each(CUTS)('at %s they are exactly what the warehouse knew then (no leakage)', (cut) => {
    const feats = clientFeatures(db, cut);
    expect(feats.length).toBeGreaterThan(50);
    expect(leaks(clientFeatures, cut)).toEqual([]);
  });

  it('the check catches a feature computed with data after the cut-off', () => {
    // a leaky variant: complaints counted over the whole history, and dim_clients' satisfaction (all time)
    const leaky = (d: Db, cut: string): ClientFeatures[] =>
      clientFeatures(d, cut).map((f) => {
        const r = d
          .prepare('SELECT (SELECT COUNT(*) FROM fact_interventions WHERE client_id = @id AND est_reclamation = 1) AS rec, satisfaction_moyenne AS sat FROM dim_clients WHERE client_id = @id')
          .get({ id: f.clientId }) as { rec: number; sat: number | null };
        const values = [...f.values];
        values[FEATURES.indexOf('nb_reclamations')] = r.rec;
        values[FEATURES.indexOf('satisfaction_moyenne')] = r.sat ?? NaN;
        return { ...f, values };
      });
    expect(leaks(leaky, '2025-09-01').length).toBeGreaterThan(10);
  });

  it('computes each feature as defined, for one client checked by hand', () => {
    const cut = '2025-09-01';
    const f = clientFeatures(db, cut).find((x) => x.values[FEATURES.indexOf('nb_reclamations')]! > 0)!;
    const v = (name: (typeof FEATURES)[number]) => f.values[FEATURES.indexOf(name)]!;
    const from = addMonthsIso(cut, -12);
    const facts = db
      .prepare(
        `SELECT t.date, i.satisfaction_note AS note, i.est_reclamation AS rec, i.date_echeance AS ech FROM fact_interventions i JOIN dim_temps t ON t.date_id = i.date_id
         WHERE i.client_id = ? AND t.date >= ? AND t.date < ?`,
      )
      .all(f.clientId, from, cut) as { date: string; note: number | null; rec: number; ech: string | null }[];
    const notes = facts.filter((x) => x.note !== null).map((x) => x.note!);
    expect(v('satisfaction_moyenne')).toBeCloseTo(notes.reduce((s, x) => s + x, 0) / notes.length, 9);
    expect(v('nb_notes_inferieures_3')).toBe(notes.filter((x) => x < 3).length);
    expect(v('nb_reclamations')).toBe(facts.filter((x) => x.rec === 1).length);
    expect(v('nb_interventions_retard')).toBe(facts.filter((x) => x.ech && (Date.parse(x.date) - Date.parse(x.ech)) / 86_400_000 > 7).length);
    const period = db.prepare('SELECT date_fin, montant_annuel FROM fact_contrats WHERE contrat_id = ?').get(f.contratId) as { date_fin: string; montant_annuel: number };
    expect(v('montant_contrat_annuel')).toBe(period.montant_annuel);
    expect(v('jours_avant_echeance')).toBe((Date.parse(period.date_fin) - Date.parse(cut)) / 86_400_000);
    expect(period.date_fin >= cut).toBe(true);
  });

  it('targets: the running period ends within 3 months, terminated or not renewed; unknown horizons refused', () => {
    let leavers = 0;
    for (let m = 0; m < 12; m++) {
      const cut = addMonthsIso('2025-01-01', m);
      const end = addMonthsIso(cut, 3);
      if (end > DEMO_TODAY) break;
      const feats = clientFeatures(db, cut);
      const y = targets(db, cut, feats, DEMO_TODAY);
      const expected = feats.map((f) => {
        const p = db.prepare('SELECT date_fin, statut FROM fact_contrats WHERE contrat_id = ?').get(f.contratId) as { date_fin: string; statut: string };
        return p.date_fin < end && p.statut !== 'renouvele' && p.statut !== 'actif' ? 1 : 0;
      });
      expect(Array.from(y)).toEqual(expected);
      leavers += y.reduce((s, x) => s + x, 0);
    }
    expect(leavers).toBeGreaterThan(0);
    expect(() => targets(db, '2026-01-01', clientFeatures(db, '2026-01-01'), DEMO_TODAY)).toThrow(/horizon \(2026-04-01\) dépasse/);
  });

  it('stacks cut-offs into one labeled panel', () => {
    const p = panel(db, ['2025-06-01', '2025-07-01'], DEMO_TODAY);
    expect(p.X.cols).toBe(FEATURES.length);
    expect(p.rows.length).toBe(p.y.length);
    expect(new Set(p.rows.map((r) => r.cutoff))).toEqual(new Set(['2025-06-01', '2025-07-01']));
  });
});
