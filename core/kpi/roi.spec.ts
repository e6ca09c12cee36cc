import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { checkCard, renderCard } from '../../cards/index.ts';
import { loadKpiConfig, type KpiConfig } from './config.ts';
import { parsePeriod, rollingYear } from './period.ts';
import { roiCard } from './roi-card.ts';
import { loadRoiConfig, type RoiConfig } from './roi-config.ts';
import { parisDayStartUtc, plannerSaving } from './roi-planner.ts';
import { parisDaySql, retention, summerTimes } from './roi-retention.ts';
import { parisDate } from '../warehouse/calendar.ts';
import { roiWarehouse } from './roi-test-warehouse.ts';
import { kmSaved, roiReport, saving } from './roi.ts';
import { ALL } from './sql.ts';
import { TODAY } from './test-warehouse.ts';

const db = roiWarehouse();
const noSurveyTable = roiWarehouse({ surveyAlerts: false });
afterAll(() => {
  db.close();
  noSurveyTable.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});
const nov = parsePeriod('2026-11');
const year = rollingYear(nov); // 2025-12-01 … 2026-11-30
const ROI: RoiConfig = { plannerMinutesPerJob: 20, plannerReviewMinutes: 30, plannerHourlyCost: 40, retentionDays: 90 };
const KPI: KpiConfig = { costPerKm: 1, averageSpeedKmh: 40, technicianHourlyCost: 40 };

describe('ROI: km saved by the tours', () => {
  it('km saved against the planned order, over the interventions that have one', () => {
    expect(kmSaved(db, nov, ALL)).toEqual({ kmPlan: 47, kmDriven: 38, kmSaved: 9, interventions: 3 });
  });

  it('money saved from the config assumptions', () => {
    const s = saving({ kmPlan: 47, kmDriven: 38, kmSaved: 9, interventions: 3 }, { costPerKm: 0.5, averageSpeedKmh: 30, technicianHourlyCost: 60 });
    expect(s).toEqual({ km: 9, vehicleEur: 4.5, hours: 0.3, timeEur: 18, totalEur: 22.5 });
    const r = roiReport(db, { period: nov, today: TODAY, ...ALL }, { ...KPI, ...ROI });
    // rolling year Dec 2025 – Nov 2026: interventions 1, 2, 4, 6 → 62 − 53
    expect(r.year.km).toBe(62 - 53);
    expect(r.year.vehicleEur).toBe(9);
  });

  it('reads the assumptions from the environment, refusing bad values by name', () => {
    expect(loadKpiConfig({})).toEqual({ costPerKm: 0.5, technicianHourlyCost: 45, averageSpeedKmh: 40 });
    expect(loadKpiConfig({ SAV_COST_PER_KM: '0,62' }).costPerKm).toBe(0.62);
    expect(() => loadKpiConfig({ SAV_COST_PER_KM: 'cher' })).toThrow(/SAV_COST_PER_KM/);
    expect(() => loadKpiConfig({ SAV_AVERAGE_SPEED_KMH: '0' })).toThrow(/SAV_AVERAGE_SPEED_KMH/);
  });
});

describe('ROI: planner hours saved by accepted plans', () => {
  it('Paris days become UTC instants (winter and summer time)', () => {
    expect(parisDayStartUtc('2026-11-01')).toBe('2026-10-31T23:00:00.000Z');
    expect(parisDayStartUtc('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
  });

  it('November: jobs placed × minutes − capped deciding time of accepted and rejected plans, × hourly cost', () => {
    // accepted in November (Paris): plans 1 and 2 (plan 5 was decided on 1 December, Paris time); rejected: plan 3
    // jobs placed: plan 1 → 1, 5 (3 stays unplanned); plan 2 → 1 again, 4 ⇒ {1, 4, 5} = 3 → 3 × 20 = 60 min
    // deciding: plan 1 waited 860 min → 30 (cap), plan 2 10 min, plan 3 5 min ⇒ 45 min; (60 − 45) / 60 = 0.25 h × 40 €
    expect(plannerSaving(db, nov, ALL, ROI)).toEqual({ acceptedPlans: 2, rejectedPlans: 1, jobsPlaced: 3, manualMinutes: 60, reviewMinutes: 45, hours: 0.25, eur: 10 });
  });

  it('rolling year: a plan decided at 00:30 on 1 December in Paris counts, one at 23:30 on 30 November does not', () => {
    // + plan 6 (job 2, 5 min); plan 7 is outside ⇒ jobs {1, 2, 4, 5} → 80 min; deciding 30 + 10 + 5 + 5 = 50; 30 min saved
    expect(plannerSaving(db, year, ALL, ROI)).toEqual({ acceptedPlans: 3, rejectedPlans: 1, jobsPlaced: 4, manualMinutes: 80, reviewMinutes: 50, hours: 0.5, eur: 20 });
  });

  it('a zone or a technician: their jobs, the deciding time shared pro rata of the jobs', () => {
    // zone 2: jobs 4 and 5 of the 3 placed ⇒ 40 min − 45 × 2/3 = 10 min
    const z = plannerSaving(db, nov, { zoneId: 2, technicienId: null }, ROI);
    expect(z).toMatchObject({ acceptedPlans: 2, jobsPlaced: 2, manualMinutes: 40 });
    expect(z.reviewMinutes).toBeCloseTo(30, 10);
    expect(z.hours).toBeCloseTo(10 / 60, 10);
    expect(z.eur).toBeCloseTo((10 / 60) * 40, 10);
    // technician 1: job 1 (in plans 1 and 2) ⇒ 20 − 45 / 3 = 5 min
    const t = plannerSaving(db, nov, { zoneId: null, technicienId: 1 }, ROI);
    expect(t).toMatchObject({ acceptedPlans: 2, jobsPlaced: 1, manualMinutes: 20, reviewMinutes: 15 });
    expect(t.hours).toBeCloseTo(5 / 60, 10);
  });

  it('no plan decided: nothing saved', () => {
    expect(plannerSaving(db, parsePeriod('2026-02'), ALL, ROI)).toEqual({ acceptedPlans: 0, rejectedPlans: 0, jobsPlaced: 0, manualMinutes: 0, reviewMinutes: 0, hours: 0, eur: 0 });
  });
});

describe('ROI: clients kept after an alert was acted on', () => {
  it('stored instants fall on their Paris day in SQL, across the clock changes', () => {
    expect(summerTimes(2026, 2026)).toEqual([{ s: '2026-03-29T01:00:00.000Z', e: '2026-10-25T01:00:00.000Z' }]);
    const day = (x: string): string => (db.prepare(`SELECT ${parisDaySql('@x', summerTimes(2025, 2027))} AS d`).get({ x }) as { d: string }).d;
    // every hour around both clock changes of 2026, and a few more, against the calendar's own conversion
    const hours = [Date.UTC(2026, 2, 28, 20), Date.UTC(2026, 9, 24, 20), Date.UTC(2026, 6, 1, 0), Date.UTC(2025, 11, 31, 20)].flatMap((h) => Array.from({ length: 12 }, (_, i) => h + i * 1_800_000));
    for (const ms of hours) {
      const iso = new Date(ms).toISOString();
      expect([iso, day(iso)]).toEqual([iso, parisDate(new Date(ms))]);
    }
  });

  it('compares the kept rates of the alerted contract holders, acted on or not, and values the difference', () => {
    const r = retention(db, year, TODAY, ALL, ROI);
    // acted on: 101–105 (call, kept), 106 (offer, terminated 2026-04-15 before the outcome day 2026-05-31), 107 (survey alert done, kept on 11-24) ⇒ 6/7
    // not acted on: 111 (ignored), 112 (called after the outcome day), 113 kept; 114, 115 terminated 2026-05-01; 116 expired 2026-04-30;
    // 117 (open survey alert of 2026-10-01, terminated 2026-11-01) ⇒ 3/7. Left out: 118 (Élevé all along), 119 (no contract on its alert day),
    // 120 (late reply, not dissatisfaction), 121 (alert on 25 November in Paris: after today)
    expect(r.status).toBe('measured');
    expect(r.asOf).toBe(TODAY);
    expect(r.range).toEqual({ from: '2025-12-01', to: TODAY });
    expect(r.acted).toEqual({ clients: 7, kept: 6, rate: 6 / 7 });
    expect(r.notActed).toEqual({ clients: 7, kept: 3, rate: 3 / 7 });
    // clients alerted by kind: churn 101–106, 111–116, 119; survey 101, 107, 117
    expect(r.alerts).toEqual({ churn: 13, survey: 3 });
    expect(r.surveyAlertsTable).toBe(true);
    // (6/7 − 3/7) × 7 acted on = 3 clients kept × mean contract (7 × 200 + 7 × 300) / 14 = 250 € ⇒ 750 €
    expect(r.uplift).toBeCloseTo(3 / 7, 12);
    expect(r.clientsKept).toBeCloseTo(3, 12);
    expect(r.averageContract).toBe(250);
    expect(r.eur).toBeCloseTo(750, 9);
  });

  it('works on a warehouse without the survey_alerts table (churn alerts only)', () => {
    const r = retention(noSurveyTable, year, TODAY, ALL, ROI);
    // acted on 101–106: 5/6; not acted on 111–116: 3/6 ⇒ (5/6 − 3/6) × 6 = 2 clients × 250 €
    expect(r).toMatchObject({ status: 'measured', surveyAlertsTable: false, alerts: { churn: 13, survey: null }, acted: { clients: 6, kept: 5 }, notActed: { clients: 6, kept: 3 } });
    expect(r.eur).toBeCloseTo(500, 9);
  });

  it('October: read at the end of the period; the first scoring day of the range has no day before it', () => {
    // rolling year Nov 2025 – Oct 2026, read on 2026-10-31: 118, Élevé on the first scoring day ever (2025-11-30), enters then
    // (alerted, but its contract starts 2026-01-01: left out); 117 is still under contract on 10-31 ⇒ not acted on 4/7
    const r = retention(db, rollingYear(parsePeriod('2026-10')), TODAY, ALL, ROI);
    expect(r).toMatchObject({ asOf: '2026-10-31', alerts: { churn: 14, survey: 3 }, acted: { clients: 7, kept: 6 }, notActed: { clients: 7, kept: 4 } });
    expect(r.eur).toBeCloseTo((6 / 7 - 4 / 7) * 7 * 250, 9);
  });

  it('a shorter horizon reads the contracts sooner', () => {
    // 30 days: outcome day 2026-04-01 for the churn alerts — 106 (ends 04-15), 114, 115 (05-01), 116 (04-30) still under contract
    const r = retention(noSurveyTable, year, TODAY, ALL, { ...ROI, retentionDays: 30 });
    expect(r).toMatchObject({ status: 'measured', acted: { clients: 6, kept: 6 }, notActed: { clients: 6, kept: 6 }, uplift: 0, clientsKept: 0, eur: 0 });
  });

  it('says "not enough data" below 5 clients in a group, and nothing per technician', () => {
    // zone 1 holds only the acted-on clients
    const z = retention(db, year, TODAY, { zoneId: 1, technicienId: null }, ROI);
    expect(z).toMatchObject({ status: 'not_enough_data', acted: { clients: 7, kept: 6 }, notActed: { clients: 0, kept: 0, rate: null }, alerts: { churn: 6, survey: 2 }, eur: null, uplift: null });
    expect(retention(db, year, TODAY, { zoneId: null, technicienId: 1 }, ROI)).toMatchObject({ status: 'not_by_technician', eur: null });
  });
});

describe('ROI report and card', () => {
  it('puts every measured line beside its yearly target', () => {
    const r = roiReport(db, { period: nov, today: TODAY, ...ALL }, { ...KPI, ...ROI });
    // tours: 9 km × 1 € + 9 / 40 h × 40 € = 18 €; planner 20 €; retention 750 €
    expect(r.year.totalEur).toBe(18);
    expect(r.planner.period.eur).toBe(10);
    expect(r.planner.year.eur).toBe(20);
    expect(r.retention.eur).toBeCloseTo(750, 9);
    expect(r.totalEur).toBeCloseTo(788, 9);
    expect(r.targets).toEqual({ zoning: 15_000, retention: 20_000, planning: 10_000 });
    expect(r.vsTarget.tours).toBeCloseTo(18 / 15_000, 12);
    expect(r.vsTarget.planner).toBeCloseTo(20 / 10_000, 12);
    expect(r.vsTarget.retention).toBeCloseTo(750 / 20_000, 12);
    expect(r.vsTarget.total).toBeCloseTo(788 / 45_000, 12);
  });

  it('takes the planner and retention assumptions from the environment when the caller gives the KPI config only', () => {
    vi.stubEnv('SAV_PLANNER_MINUTES_PER_JOB', '25');
    vi.stubEnv('SAV_PLANNER_REVIEW_MINUTES', '');
    const r = roiReport(db, { period: nov, today: TODAY, ...ALL }, KPI);
    expect(r.config).toEqual({ ...KPI, plannerMinutesPerJob: 25, plannerReviewMinutes: 30, plannerHourlyCost: 30, retentionDays: 90 });
    expect(r.planner.period.manualMinutes).toBe(75);
    // a complete config does not depend on the environment, even a wrong one
    vi.stubEnv('SAV_RETENTION_DAYS', 'trois mois');
    expect(roiReport(db, { period: nov, today: TODAY, ...ALL }, { ...KPI, ...ROI }).config.retentionDays).toBe(90);
    expect(() => roiReport(db, { period: nov, today: TODAY, ...ALL }, KPI)).toThrow(/SAV_RETENTION_DAYS/);
  });

  it('reads the ROI assumptions, refusing bad values by name', () => {
    expect(loadRoiConfig({})).toEqual({ plannerMinutesPerJob: 5, plannerReviewMinutes: 30, plannerHourlyCost: 30, retentionDays: 90 });
    expect(loadRoiConfig({ SAV_PLANNER_HOURLY_COST: '32,5', SAV_RETENTION_DAYS: '60', SAV_PLANNER_REVIEW_MINUTES: '0' })).toMatchObject({ plannerHourlyCost: 32.5, retentionDays: 60, plannerReviewMinutes: 0 });
    expect(() => loadRoiConfig({ SAV_PLANNER_MINUTES_PER_JOB: '0' })).toThrow(/SAV_PLANNER_MINUTES_PER_JOB/);
    expect(() => loadRoiConfig({ SAV_RETENTION_DAYS: '90.5' })).toThrow(/SAV_RETENTION_DAYS/);
    expect(() => loadRoiConfig({ SAV_PLANNER_HOURLY_COST: 'cher' })).toThrow(/SAV_PLANNER_HOURLY_COST/);
  });

  it('a valid card under the Teams limit, with each gain, its target and the retention formula', () => {
    const r = roiReport(db, { period: nov, today: TODAY, ...ALL }, { ...KPI, ...ROI });
    const data = roiCard({ db, scope: { period: nov, today: TODAY, ...ALL }, lang: 'fr' }, r);
    const card = renderCard('kpi-roi', data);
    expect(checkCard(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(26 * 1024);
    const json = JSON.stringify(card);
    expect(json).toContain('Gains rétention (12 mois)');
    expect(json).toContain('750\u00a0€');
    expect(json).toContain('6/7 (86\u00a0%)');
    expect(json).toContain('objectif 20\u00a0000\u00a0€/an');
    expect(json).toContain('Gains planning (12 mois)');
    expect(json).toContain('3 plans acceptés · 4 interventions placées');
    expect(json).toContain('× clients traités × contrat annuel moyen (250\u00a0€)');
    expect(json).not.toContain('pas encore mesurable');
    const tiles = data.tileRows.flatMap((row) => row.tiles);
    expect(tiles[4]?.label).toBe('Gains tournées (12 mois)');
    expect(tiles.find((x) => x.label === 'Gains planning (12 mois)')?.value).toBe('20\u00a0€');
  });

  it('the card says "pas assez de données" / "not enough data" instead of a figure for small groups', () => {
    const scope = { period: nov, today: TODAY, zoneId: 1, technicienId: null };
    const r = roiReport(db, scope, { ...KPI, ...ROI });
    for (const [lang, words] of [['fr', 'pas assez de données'], ['en', 'not enough data']] as const) {
      const data = roiCard({ db, scope, lang }, r);
      expect(checkCard(renderCard('kpi-roi', data))).toEqual([]);
      expect(data.tileRows.flatMap((row) => row.tiles).find((x) => x.label.startsWith(lang === 'fr' ? 'Gains rétention' : 'Retention'))?.value).toBe(words);
      expect(data.savings.data.map((d) => d.x)).not.toContain(lang === 'fr' ? 'Rétention (mesuré)' : 'Retention (measured)');
    }
    const tech = { period: nov, today: TODAY, zoneId: null, technicienId: 1 };
    const data = roiCard({ db, scope: tech, lang: 'fr' }, roiReport(db, tech, { ...KPI, ...ROI }));
    expect(checkCard(renderCard('kpi-roi', data))).toEqual([]);
    expect(data.tileRows.flatMap((row) => row.tiles).find((x) => x.label === 'Gains rétention (12 mois)')?.value).toBe('non applicable');
  });
});
