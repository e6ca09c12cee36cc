import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCard, KPI_CARD_NAMES } from '../../../cards/index.ts';
import type { CardJson, Dashboard } from '../../conversation/types.ts';
import { generateDemo } from '../../warehouse/demo/index.ts';
import { openDb, type Db } from '../../warehouse/db.ts';
import { KPI_NAMES, kpiReply } from '../index.ts';
import { smallWarehouse, TODAY } from '../test-warehouse.ts';

/** Teams refuses a message whose payload exceeds 28 KB; the card keeps 2 KB for the activity around it. */
const MAX_CARD_BYTES = 26 * 1024;

const bytes = (card: CardJson): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** Every element type used in a card, depth first. */
function types(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => types(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string') out.push(o.type);
    Object.values(o).forEach((v) => types(v, out));
  }
  return out;
}

const EXPECTED: Record<Dashboard, string[]> = {
  direction: ['Chart.Line', 'Chart.Gauge', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar', 'Image'],
  planning: ['Chart.Donut', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar', 'FactSet'],
  technicians: ['Chart.Line', 'Chart.Gauge', 'Chart.VerticalBar.Grouped'],
  quality: ['Chart.Gauge', 'Chart.HorizontalBar', 'Chart.VerticalBar', 'RichTextBlock'],
  finance: ['Chart.VerticalBar', 'Chart.Gauge', 'Chart.HorizontalBar', 'Chart.Line'],
};
const DASHBOARDS = Object.keys(EXPECTED) as Dashboard[];

describe('KPI cards on the hand-made warehouse', () => {
  const db = smallWarehouse();
  afterAll(() => db.close());

  it.each(DASHBOARDS)('%s: a valid Adaptive Card 1.5 with its charts, under the size limit', (dashboard) => {
    const r = kpiReply(db, { dashboard, period: '2026-11', today: TODAY, lang: 'fr' });
    expect(checkCard(r.card)).toEqual([]);
    expect(bytes(r.card)).toBeLessThan(MAX_CARD_BYTES);
    const used = types(r.card);
    for (const type of EXPECTED[dashboard]) expect(used, type).toContain(type);
    expect(r.text.split('\n')[0]).toContain('novembre 2026');
  });

  it('shows goal colours and trends on the tiles', () => {
    const r = kpiReply(db, { dashboard: 'quality', period: '2026-11', today: TODAY, lang: 'fr' });
    const json = JSON.stringify(r.card);
    // NPS 0 is orange (0–30), previous month 100
    expect(json).toContain('"text":"0","size":"ExtraLarge","weight":"Bolder","color":"Warning"');
    expect(json).toContain('▼ −100 vs octobre 2026');
    // response rate 75 % ≥ 40 % goal: green
    expect(json).toMatch(/"text":"75\s%","size":"ExtraLarge","weight":"Bolder","color":"Good"/);
    expect(r.text).toContain('Taux de réponse : 75');
  });

  it('binds the chart data as Teams expects (series of {x, y}, gauge segments, donut data)', () => {
    const direction = kpiReply(db, { dashboard: 'direction', period: '2026-11', today: TODAY, lang: 'en' }).card;
    const line = (direction.body as Record<string, unknown>[]).flatMap((b) => (b.items as Record<string, unknown>[] | undefined) ?? []).find((e) => e.type === 'Chart.Line');
    expect(line).toMatchObject({ data: [{ legend: 'last 12 months', color: 'categoricalBlue' }, { legend: 'year before' }] });
    const series = (line!.data as { values: { x: string; y: number }[] }[])[0]!.values;
    expect(series).toHaveLength(12);
    expect(series[11]).toEqual({ x: 'Nov', y: 630 });
    const planning = kpiReply(db, { dashboard: 'planning', period: '2026-11', today: TODAY, lang: 'fr' }).card;
    const donut = types(planning).includes('Chart.Donut') ? JSON.stringify(planning).match(/"type":"Chart.Donut"[^\]]*\]/)![0] : '';
    expect(donut).toContain('"legend":"Critique","value":1,"color":"attention"');
  });

  it('navigates to the previous and next period with kpi.period, keeping the filters', () => {
    const card = kpiReply(db, { dashboard: 'technicians', period: '2026-10', technicienId: 1, today: TODAY, lang: 'fr' }).card;
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: '◀ septembre 2026', verb: 'kpi.period', data: { dashboard: 'technicians', period: '2026-09', technicienId: 1 } },
      { type: 'Action.Execute', title: 'novembre 2026 ▶', verb: 'kpi.period', data: { dashboard: 'technicians', period: '2026-11', technicienId: 1 } },
    ]);
    // no "next" into the future
    const now = kpiReply(db, { dashboard: 'technicians', period: '2026-11', technicienId: 1, today: TODAY, lang: 'fr' }).card;
    expect(now.actions).toHaveLength(1);
    expect(JSON.stringify(now)).toContain('Karim Benali');
  });

  it.each(KPI_NAMES)('single KPI %s: valid card, under the size limit', (kpi) => {
    const r = kpiReply(db, { dashboard: 'quality', kpi, period: '2026-11', today: TODAY, lang: 'fr' });
    expect(checkCard(r.card)).toEqual([]);
    expect(bytes(r.card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('the ROI card says what is measured, estimated and not yet measurable', () => {
    const r = kpiReply(db, { dashboard: 'finance', kpi: 'roi', period: '2026-11', today: TODAY, lang: 'fr', config: { costPerKm: 0.5, averageSpeedKmh: 40, technicianHourlyCost: 45 } });
    expect(checkCard(r.card)).toEqual([]);
    const json = JSON.stringify(r.card);
    expect(json).toContain('Km économisés (période)');
    expect(json).toContain('Gains planning (12 mois)');
    expect(json).toContain('pas assez de données');
    expect(json).toContain('estimé à 0,50');
    expect(types(r.card)).toContain('Chart.HorizontalBar');
  });

  it('registers every KPI template', () => {
    expect(KPI_CARD_NAMES).toHaveLength(7);
  });
});

describe('KPI cards on the demo warehouse', () => {
  let db: Db;
  beforeAll(() => {
    db = openDb(':memory:');
    generateDemo(db, { seed: 7, today: TODAY, clients: 300, technicians: 5, months: 14 });
  });
  afterAll(() => db.close());

  it.each(DASHBOARDS)('%s: valid, every chart drawn, under the size limit (FR and EN)', (dashboard) => {
    for (const lang of ['fr', 'en'] as const) {
      const r = kpiReply(db, { dashboard, period: '2026-11', today: TODAY, lang });
      expect(checkCard(r.card)).toEqual([]);
      expect(bytes(r.card)).toBeLessThan(MAX_CARD_BYTES);
      for (const type of EXPECTED[dashboard]) expect(types(r.card), type).toContain(type);
    }
  });

  it('a week period and a zone filter work too', () => {
    const r = kpiReply(db, { dashboard: 'technicians', period: '2026-W47', zoneId: 2, today: TODAY, lang: 'fr' });
    expect(checkCard(r.card)).toEqual([]);
    expect(r.text).toContain('semaine 47');
  });
});
