import { afterAll, describe, expect, it } from 'vitest';
import { resolveUser } from '../../access/users.ts';
import type { User } from '../../access/types.ts';
import { findKpi } from '../../kpi/index.ts';
import { NOW, smallWarehouse } from '../../kpi/test-warehouse.ts';
import { act } from '../act.ts';
import { ask } from '../ask.ts';
import { tokenize } from '../text.ts';
import { findZone } from './kpi.ts';

const db = smallWarehouse();
afterAll(() => db.close());
const user = (email: string): User => resolveUser(db, { email })!;
const [clothilde, marc, philippe, karim, julien] = ['clothilde', 'marc', 'philippe', 'karim', 'julien'].map((n) => user(`${n}@x.fr`)) as [User, User, User, User, User];
const as = (u: User, text: string) => ask(db, { text, user: u, now: NOW });
const cardText = (card: unknown) => JSON.stringify(card);

describe('which KPI a question names', () => {
  it.each([
    ['taux de conversion des devis', 'conversion'],
    ['quote conversion rate', 'conversion'],
    ['CA du mois', 'ca'],
    ['CA novembre', 'ca'],
    ['revenue this month', 'ca'],
    ['mes km cette semaine', 'km'],
    ['my mileage this week', 'km'],
    ['heat map satisfaction par zone', 'heatmap'],
    ['satisfaction by zone heatmap', 'heatmap'],
    ['NPS du mois', 'nps'],
    ['what is our NPS', 'nps'],
    ['ROI', 'roi'],
    ['gains du projet', 'roi'],
    ['return on investment', 'roi'],
    ['taux de renouvellement des contrats', 'renewal'],
    ['top clients', 'top_clients'],
    ['taux de refacturation', 'reinvoicing'],
    ['nuage de mots des commentaires', 'words'],
  ])('"%s" → %s', (text, kpi) => {
    expect(findKpi(tokenize(text), text)).toBe(kpi);
  });

  it.each(['tableau de bord direction', 'KPI qualité de novembre', 'quality dashboard', 'ça va ?'])('"%s" names no single KPI', (text) => {
    expect(findKpi(tokenize(text), text)).toBeUndefined();
  });

  it('reads a zone number', () => {
    expect(findZone(tokenize('NPS de la zone 2'))).toBe(2);
    expect(findZone(tokenize('NPS du mois'))).toBeNull();
  });
});

describe('kpi answers in conversation', () => {
  it('"tableau de bord direction": the whole Direction card for the month', () => {
    const r = as(marc, 'tableau de bord direction');
    expect(r.intent).toBe('kpi');
    expect(r.entities).toMatchObject({ dashboard: 'direction', period: '2026-11' });
    expect(r.reply.text).toMatch(/^Tableau de bord Direction — novembre 2026/);
    expect(cardText(r.reply.card)).toContain('"type":"Chart.Line"');
  });

  it('"KPI qualité d’octobre": the Quality card of that month', () => {
    const r = as(philippe, 'KPI qualité d’octobre');
    expect(r.entities).toMatchObject({ dashboard: 'quality', period: '2026-10' });
    expect(r.reply.text).toMatch(/^Tableau de bord Qualité — octobre 2026/);
    expect(r.reply.text).toContain('NPS : +100');
  });

  it('one KPI alone: its tile and one chart', () => {
    const nps = as(philippe, 'NPS du mois');
    expect(nps.reply.text).toMatch(/^NPS — novembre 2026\n/);
    expect(cardText(nps.reply.card)).toContain('"type":"Chart.Gauge"');
    const conv = as(clothilde, 'taux de conversion des devis');
    expect(conv.reply.text).toContain('Conversion des devis : 33');
    const ca = as(marc, 'CA du mois');
    expect(ca.reply.text).toContain('CA SAV : 630');
    const heat = as(marc, 'heat map satisfaction par zone');
    expect(heat.intent).toBe('kpi');
    expect(cardText(heat.reply.card)).toContain('data:image/png;base64,');
    const roi = as(marc, 'gains du projet');
    expect(roi.intent).toBe('kpi');
    expect(roi.reply.text).toMatch(/^Gains du projet \(ROI\)/);
  });

  it('"mes km cette semaine": a technician gets their own km, for the ISO week', () => {
    const r = as(karim, 'mes km cette semaine');
    expect(r.entities).toMatchObject({ technician: { id: 1 }, period: '2026-W48', dashboard: 'technicians' });
    expect(r.reply.text).toMatch(/^Km économisés vs plan — semaine 48/);
    expect(r.reply.text).toContain('Karim Benali');
  });

  it('answers in English to an English question', () => {
    const r = as(julien, 'my quality dashboard');
    expect(r.reply.text).toMatch(/^Quality dashboard — /);
  });

  it('refuses what the role may not see, including a KPI whose dashboard is not the one named', () => {
    expect(as(karim, 'taux de conversion des devis').reply.text).toBe('Désolé, les indicateurs financiers sont réservés à la direction et au planning.');
    expect(as(karim, 'ROI').reply.text).toMatch(/^Désolé, les indicateurs financiers/);
    expect(as(karim, 'CA du mois').reply.text).toMatch(/^Désolé, les indicateurs financiers/);
    expect(as(karim, 'top clients').reply.text).toBe('Désolé, vous ne pouvez consulter que vos propres indicateurs.');
    expect(as(karim, 'NPS de Julien').reply.text).toBe('Désolé, vous ne pouvez consulter que vos propres indicateurs.');
    expect(as(karim, 'tableau de bord planning').reply.text).toMatch(/^Désolé/);
    expect(as(philippe, 'tableau de bord finances').reply.text).toMatch(/^Désolé, les indicateurs financiers/);
    // their own NPS is fine, scoped to them
    expect(as(karim, 'mon NPS du mois').reply.text).toMatch(/^NPS — novembre 2026\nKarim Benali/);
  });
});

describe('kpi.period (Action.Execute)', () => {
  it('switches the month of a card, keeping its filters', () => {
    const r = act(db, { verb: 'kpi.period', data: { dashboard: 'finance', period: '2026-10' }, user: marc, now: NOW });
    expect(r.text).toMatch(/^Tableau de bord Finances — octobre 2026/);
    const one = act(db, { verb: 'kpi.period', data: { dashboard: 'technicians', period: '2026-W47', technicienId: '1', kpi: 'km' }, user: karim, now: NOW });
    expect(one.text).toMatch(/^Km économisés vs plan — semaine 47/);
  });

  it('checks access and data like a question', () => {
    expect(act(db, { verb: 'kpi.period', data: { dashboard: 'technicians', period: '2026-10', technicienId: 2 }, user: karim, now: NOW }).text).toMatch(/^Désolé/);
    expect(act(db, { verb: 'kpi.period', data: { dashboard: 'finance', period: '2026-10' }, user: karim, now: NOW }).text).toMatch(/^Désolé, les indicateurs financiers/);
    expect(act(db, { verb: 'kpi.period', data: { dashboard: 'finance', period: 'hier' }, user: marc, now: NOW }).text).toContain('period : une période AAAA-MM ou AAAA-Www');
    expect(act(db, { verb: 'kpi.period', data: { dashboard: 'finance', period: '2026-13' }, user: marc, now: NOW }).text).toContain('mois 13 hors de 01–12');
    // a technician's card without technicienId is about themself
    expect(act(db, { verb: 'kpi.period', data: { dashboard: 'technicians', period: '2026-10' }, user: karim, now: NOW }).text).toContain('Karim Benali');
  });
});
