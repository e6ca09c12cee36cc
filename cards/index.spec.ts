import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CARD_NAMES, checkCard, renderCard, type CardData } from './index.ts';

/** A sample of every card of CARD_NAMES (the KPI cards have theirs in core/kpi/view/cards.spec.ts). */
const SAMPLES: Partial<CardData> = {
  message: { title: 'Titre', text: 'Bonjour', color: 'Default', facts: [{ title: 'a', value: 'b' }], actions: [{ title: 'Aide', verb: 'ask', data: { text: 'aide' } }] },
  route: {
    title: 'Tournée de Karim Benali',
    subtitle: 'mardi 1 décembre · 2 interventions · 12,0 km',
    technicienId: 3,
    date: '2026-12-01',
    stops: [
      { ordre: '1', client: 'Jeanne Dupont', adresse: '12 rue Royale, 74000 Annecy', fenetre: '08:00–09:30', type: 'Entretien VMC', duree: '1 h', km: '0,5 km' },
      { ordre: '2', client: 'Boulangerie Lac', adresse: '3 avenue du Lac, 74290 Veyrier-du-Lac', fenetre: 'horaire libre', type: 'Dépannage', duree: '1 h 30', km: '5,6 km' },
    ],
    kmReturn: '5,9 km',
    kmTotal: '12,0 km',
    work: '2 h 30',
    mapsUrl: 'https://www.google.com/maps/dir/?api=1',
    labels: { window: 'Créneau', type: 'Type', duration: 'Durée', km: 'Km', return: 'Retour', total: 'Total', work: 'Travail', refresh: 'Actualiser', maps: 'Carte' },
  },
  help: { title: 'Aide', intro: 'Voici', sections: [{ title: 'Tournées', description: 'd', examples: [{ label: 'Ma tournée', text: 'ma tournée' }, { label: 'Demain', text: 'ma tournée demain' }] }] },
  'churn-list': {
    title: 'Clients à risque — top 1',
    subtitle: 'Scores du 1 décembre',
    clients: [{ clientId: 12, name: 'Jeanne Dupont', score: '72 %', risque: 'Élevé', color: 'Attention', reasons: 'satisfaction moyenne 2,8/5 · 3 réclamations en 12 mois', action: 'Appeler le client', telephone: '+33611111111' }],
    footer: 'Modèle du 30 novembre',
    labels: { score: 'Score', action: 'Action suggérée', phone: 'Téléphone', reasons: 'Pourquoi', called: 'Appel fait', offer: 'Offre envoyée', ignore: 'Ignorer' },
  },
  'churn-alert': { title: 'Client passé en risque élevé', clientId: 12, name: 'Jeanne Dupont', score: '72 %', risque: 'Élevé', action: 'Appeler le client', telephone: '', reasons: ['a', 'b'], labels: { score: 'Score', action: 'Action suggérée', phone: 'Téléphone', reasons: 'Pourquoi', called: 'Appel fait', offer: 'Offre envoyée', ignore: 'Ignorer' } },
  plan: {
    title: 'Planning proposé — semaine 50',
    status: 'Suggestion',
    statusColor: 'Default',
    summary: '1 intervention planifiée',
    gains: [{ title: 'Km estimés', value: '12,0 km' }],
    technicians: [{ name: 'Karim Benali', total: '1 intervention', days: [{ day: 'lundi 7 décembre', detail: '1 · 1 h · 12,0 km — 1. A' }] }],
    unplannedTitle: 'Non planifiées',
    unplanned: [{ label: 'D', reason: 'aucun technicien n’a la compétence IRVE' }],
    actions: [{ title: 'Accepter', verb: 'plan.accept', data: { planId: 3, version: 1 } }],
  },
  'plan-pending': { title: '1 intervention à planifier', subtitle: 'Par urgence', items: [{ label: 'A', detail: 'critique', color: 'Attention' }], actions: [] },
  'survey-alert': {
    title: 'Client Jeanne Dupont mécontent (note 4/10)',
    color: 'Attention',
    subtitle: 'Intervention du 28/11/2026 · Dépannage · Karim Benali',
    action: 'Appel sous 24 h',
    facts: [{ title: 'Téléphone', value: '+33611111111' }],
    reasonsTitle: 'Pourquoi',
    reasons: ['Délais non respectés', 'Problème non résolu : toujours en panne'],
    commentTitle: 'Suggestion',
    comment: 'Prévenir avant de venir',
    status: '',
    statusColor: 'Good',
    actions: [{ title: 'Appel fait', verb: 'survey.callDone', data: { alertId: 7 } }],
  },
  'survey-report': {
    title: 'Enquête de satisfaction — novembre 2026',
    subtitle: '120 enquêtes envoyées · 52 réponses',
    tiles: [{ label: 'NPS', value: '+31', color: 'Good', trend: '▲ +4 vs octobre', goal: '' }, { label: 'Taux de réponse', value: '43 %', color: 'Good', trend: '', goal: 'objectif 40 %' }],
    split: { show: true, title: 'Répartition', note: '', value: '52', data: [{ legend: 'Promoteurs', value: 25, color: 'good' }, { legend: 'Détracteurs', value: 9, color: 'attention' }] },
    history: { show: true, title: 'NPS par mois', note: '', xAxisTitle: 'Mois', yAxisTitle: 'NPS', data: [{ legend: 'NPS', values: [{ x: 'oct.', y: 27 }, { x: 'nov.', y: 31 }] }] },
    reasonsTitle: 'Principaux motifs d’insatisfaction',
    noReasons: 'Aucun motif ce mois-ci',
    reasons: [{ rank: '1', label: 'Délais non respectés', detail: '6 réponses' }],
    footer: 'Rapport : data/reports/enquete-2026-11.md',
  },
};

describe('card templates', () => {
  it.each(CARD_NAMES)('%s.json is an Adaptive Card 1.5 template and binds completely', (name) => {
    const template = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(template).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(JSON.stringify(template)).toContain('${');
    expect(SAMPLES[name], `a sample for ${name}`).toBeDefined();
    const card = renderCard(name, SAMPLES[name] as never);
    expect(checkCard(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('repeats one block per stop and keeps the refresh data typed', () => {
    const card = renderCard('route', SAMPLES.route!);
    expect((card.body as { type: string }[]).filter((b) => b.type === 'Container')).toHaveLength(2);
    expect((card.actions as unknown[])[0]).toEqual({ type: 'Action.Execute', title: 'Actualiser', verb: 'route.refresh', data: { technicienId: 3, date: '2026-12-01' } });
    const json = JSON.stringify(card);
    expect(json).toContain('"title":"Créneau","value":"08:00–09:30"');
  });

  it('drops the empty parts of a message card and binds button data objects', () => {
    const card = renderCard('message', { title: '', text: 'Désolé', color: 'Attention', facts: [], actions: [] });
    expect(card.body).toEqual([{ type: 'TextBlock', text: 'Désolé', wrap: true, color: 'Attention' }]);
    expect(card.actions).toEqual([]);
    const withButton = renderCard('message', SAMPLES.message!);
    expect(withButton.actions).toEqual([{ type: 'Action.Execute', title: 'Aide', verb: 'ask', data: { text: 'aide' } }]);
  });

  it('help examples become Action.Execute "ask" buttons', () => {
    const card = renderCard('help', SAMPLES.help!);
    const json = JSON.stringify(card);
    expect(json).toContain('{"type":"Action.Execute","title":"Ma tournée","verb":"ask","data":{"text":"ma tournée"}}');
    expect(json.match(/"verb":"ask"/g)).toHaveLength(2);
  });

  it('returns a fresh object each time (no shared state between renders)', () => {
    const a = renderCard('message', SAMPLES.message!);
    (a.body as unknown[]).length = 0;
    expect((renderCard('message', SAMPLES.message!).body as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('survey cards', () => {
  it('the alert card shows its button until handled, then who handled it and no button', () => {
    const open = renderCard('survey-alert', SAMPLES['survey-alert']!);
    expect(open.actions).toEqual([{ type: 'Action.Execute', title: 'Appel fait', verb: 'survey.callDone', data: { alertId: 7 } }]);
    expect(JSON.stringify(open)).toContain('• Délais non respectés');
    const done = renderCard('survey-alert', { ...SAMPLES['survey-alert']!, comment: '', status: 'Appel fait par Clothilde Martin', actions: [] });
    expect(done.actions).toEqual([]);
    expect(JSON.stringify(done)).toContain('"text":"Appel fait par Clothilde Martin","color":"Good"');
    expect(JSON.stringify(done)).not.toContain('Prévenir avant de venir');
  });

  it('the report card draws its charts when shown and says when there is no reason', () => {
    const card = renderCard('survey-report', SAMPLES['survey-report']!);
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Chart.Donut"');
    expect(json).toContain('"type":"Chart.Line"');
    const bare = renderCard('survey-report', { ...SAMPLES['survey-report']!, reasons: [], split: { ...SAMPLES['survey-report']!.split, show: false }, history: { ...SAMPLES['survey-report']!.history, show: false } });
    expect(checkCard(bare)).toEqual([]);
    const bareJson = JSON.stringify(bare);
    expect(bareJson).not.toContain('Chart.');
    expect(bareJson).toContain('Aucun motif ce mois-ci');
  });
});

describe('checkCard', () => {
  it('finds what Teams would reject', () => {
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [] })).toEqual([]);
    expect(checkCard({ type: 'Card', version: '1.6', body: [] })).toHaveLength(2);
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${x}' }] })[0]).toMatch(/unbound/);
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.Execute', title: 'x' }] })[0]).toMatch(/without a verb/);
    expect(checkCard({ type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.OpenUrl', url: 'javascript:x' }] })[0]).toMatch(/url/);
  });
});

describe('warmCards', () => {
  it('prepares every template, the KPI cards too, one per event-loop turn', async () => {
    const { warmCards, KPI_CARD_NAMES } = await import('./index.ts');
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const { prepared, ms } = await warmCards();
    clearInterval(ticking);
    expect(prepared).toEqual([...CARD_NAMES, ...KPI_CARD_NAMES]);
    expect(ms).toBeGreaterThan(0);
    // the loop kept turning between templates (a timer ran meanwhile)
    expect(turns).toBeGreaterThan(0);
  });

  it('fails loudly on a template that does not exist', async () => {
    const { warmCards } = await import('./index.ts');
    await expect(warmCards(['nope' as never])).rejects.toThrow(/nope\.json/);
  });
});

describe('isPlainJson', () => {
  it('accepts what JSON keeps as is and refuses what a round trip would change', async () => {
    const { isPlainJson } = await import('./index.ts');
    expect(isPlainJson({ a: [1, 'x', true, null, { b: [] }] })).toBe(true);
    expect(isPlainJson({ a: undefined })).toBe(false);
    expect(isPlainJson([1, undefined])).toBe(false);
    expect(isPlainJson({ a: Number.NaN })).toBe(false);
    expect(isPlainJson({ a: new Date(0) })).toBe(false);
    expect(isPlainJson({ a: () => 1 })).toBe(false);
  });

  it('every sample card comes out equal to its JSON round trip', () => {
    for (const name of CARD_NAMES) {
      const card = renderCard(name, SAMPLES[name] as never);
      expect(card).toStrictEqual(JSON.parse(JSON.stringify(card)));
    }
  });
});
