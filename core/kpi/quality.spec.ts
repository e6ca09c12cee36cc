import { afterAll, describe, expect, it } from 'vitest';
import { parsePeriod } from './period.ts';
import { complaintReasons, complaintsByMonth, firstVisitResolution, meanSatisfaction, nps, qualityDashboard, responseRate, satisfactionByType, surveyComments } from './quality.ts';
import { ALL } from './sql.ts';
import { smallWarehouse, TODAY } from './test-warehouse.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const nov = parsePeriod('2026-11');
const oct = parsePeriod('2026-10');

describe('quality KPIs on the hand-made warehouse', () => {
  it('NPS = % promoters − % detractors over the answered surveys', () => {
    expect(nps(db, nov, ALL)).toEqual({ nps: 0, promoters: 1, detractors: 1, answers: 3 });
    expect(nps(db, oct, ALL).nps).toBe(100);
    expect(nps(db, nov, { zoneId: null, technicienId: 1 }).nps).toBe(0);
    expect(nps(db, nov, { zoneId: 2, technicienId: null })).toMatchObject({ nps: 0, answers: 1 });
    expect(nps(db, parsePeriod('2026-06'), ALL).nps).toBeNull();
  });

  it('response rate: surveys sent in the period that were answered', () => {
    expect(responseRate(db, nov, ALL)).toEqual({ rate: 0.75, sent: 4, answered: 3 });
  });

  it('mean satisfaction, per type, first-visit resolution', () => {
    expect(meanSatisfaction(db, nov, ALL)).toBeCloseTo(11 / 3, 10);
    expect(satisfactionByType(db, nov, ALL).map((t) => [t.code, t.value, t.n])).toEqual([['TAB-MAINT', 4.5, 2], ['CHAUF-DEP', 2, 1]]);
    expect(firstVisitResolution(db, nov, ALL)).toBe(0.75);
  });

  it('complaints per month and their Pareto', () => {
    expect(complaintsByMonth(db, [oct, nov], ALL)).toEqual([{ x: '2026-10', y: 0 }, { x: '2026-11', y: 2 }]);
    expect(complaintReasons(db, nov, ALL)).toEqual([
      { reason: 'Panne non résolue', count: 1, cumulative: 0.5 },
      { reason: 'Retard', count: 1, cumulative: 1 },
    ]);
  });

  it('comments of the answered surveys and their words', () => {
    expect(surveyComments(db, nov, ALL).sort()).toEqual(['Panne pas résolue, retard', 'Technicien très ponctuel']);
    expect(surveyComments(db, nov, { zoneId: null, technicienId: 2 })).toEqual([]);
    const d = qualityDashboard(db, { period: nov, today: TODAY, ...ALL });
    expect(d.words.map((w) => w.word).sort()).toEqual(['panne', 'ponctuel', 'retard', 'résolue', 'technicien']);
    expect(d.complaints).toEqual({ value: 2, previous: 0 });
    expect(d.nps.previous).toBe(100);
    expect(d.complaintsByMonth).toHaveLength(12);
  });
});
