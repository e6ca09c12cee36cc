import { describe, expect, it } from 'vitest';
import { checkCard, renderCard } from './index.ts';

describe('plan cards', () => {
  it('plan.json binds completely, one container per technician, the decision buttons carry planId and version', () => {
    const data = { planId: 3, version: 1 };
    const card = renderCard('plan', {
      title: 'Planning proposé — semaine 50',
      status: 'Suggestion',
      statusColor: 'Default',
      summary: '10 interventions planifiées',
      gains: [{ title: 'Km estimés', value: '120,0 km (−14 km vs plan actuel)' }],
      technicians: [
        { name: 'Karim Benali', total: '5 interventions', days: [{ day: 'lundi 7 décembre', detail: '2 · 3 h · 12,0 km — 1. A · 2. B' }] },
        { name: 'Lucas Favre', total: '5 interventions', days: [{ day: 'mardi 8 décembre', detail: '1 · 1 h · 4,0 km — 1. C' }] },
      ],
      unplannedTitle: 'Non planifiées',
      unplanned: [{ label: 'D', reason: 'aucun technicien n’a la compétence IRVE' }],
      actions: [
        { title: 'Accepter', verb: 'plan.accept', data },
        { title: 'Rejeter', verb: 'plan.reject', data },
      ],
    });
    expect(checkCard(card)).toEqual([]);
    expect((card.body as { type: string }[]).filter((b) => b.type === 'Container')).toHaveLength(3);
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: 'Accepter', verb: 'plan.accept', data },
      { type: 'Action.Execute', title: 'Rejeter', verb: 'plan.reject', data },
    ]);
    const decided = renderCard('plan', { title: 't', status: 's', statusColor: 'Good', summary: '', gains: [], technicians: [], unplannedTitle: '', unplanned: [], actions: [] });
    expect(checkCard(decided)).toEqual([]);
    expect(JSON.stringify(decided)).not.toContain('Non planifiées');
  });

  it('plan-pending.json lists the items', () => {
    const card = renderCard('plan-pending', {
      title: '2 interventions à planifier',
      subtitle: 'Par urgence',
      items: [
        { label: 'A', detail: 'critique', color: 'Attention' },
        { label: 'B', detail: 'normale', color: 'Default' },
      ],
      actions: [{ title: 'Planifier', verb: 'ask', data: { text: 'planning de la semaine prochaine' } }],
    });
    expect(checkCard(card)).toEqual([]);
    expect((card.body as { type: string }[]).filter((b) => b.type === 'Container')).toHaveLength(2);
  });
});
