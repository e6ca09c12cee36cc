import { id, ref, text, type Table } from '../columns.ts';

export const PLAN_STATUSES = ['draft', 'accepted', 'rejected', 'superseded'] as const;

/** Tables of the planning module (created by its migration in migrations.ts). */
export const PLANNING_TABLES: readonly Table[] = [
  {
    name: 'technicien_absences',
    kind: 'ops',
    doc: 'Days a technician does not work (sick leave, holidays, training), inclusive range.',
    columns: [
      id('absence_id'),
      ref('technicien_id', 'dim_techniciens.technicien_id'),
      { name: 'date_debut', type: 'date' },
      { name: 'date_fin', type: 'date' },
      text('motif', 120, { nullable: true }),
    ],
    indexes: [{ columns: ['technicien_id', 'date_debut'] }],
  },
  {
    name: 'plan_suggestions',
    kind: 'ops',
    doc: 'Weekly plans suggested by the optimiser: status, the data fingerprint they were computed on, who decided.',
    columns: [
      id('plan_id'),
      text('semaine', 8, { doc: 'ISO week YYYY-Www' }),
      { name: 'statut', type: 'text', maxLength: 10, values: PLAN_STATUSES },
      { name: 'version', type: 'int', default: 1, doc: 'bumped at every decision: a card with an older version is stale' },
      text('fingerprint', 64, { doc: 'hash of the planning data the plan was computed on' }),
      { name: 'created_at', type: 'datetime' },
      ref('created_by', 'users.user_id', true),
      { name: 'decided_at', type: 'datetime', nullable: true },
      ref('decided_by', 'users.user_id', true),
      text('decided_by_name', 120, { nullable: true }),
      text('solver_status', 10),
      text('method', 20),
      { name: 'objective', type: 'real' },
      { name: 'bound', type: 'real' },
      { name: 'gap', type: 'real' },
      { name: 'solve_ms', type: 'int' },
      { name: 'costs', type: 'json', doc: 'the plan’s km, lateness, imbalance, unplanned' },
      { name: 'current_costs', type: 'json', doc: 'the same terms for the plan in place before' },
    ],
    indexes: [{ columns: ['semaine', 'statut'] }],
  },
  {
    name: 'plan_lines',
    kind: 'ops',
    doc: 'One line per intervention of a suggested plan: technician and day, or unplanned with the reason.',
    columns: [
      id('line_id'),
      ref('plan_id', 'plan_suggestions.plan_id'),
      ref('planned_id', 'planned_interventions.planned_id'),
      ref('technicien_id', 'dim_techniciens.technicien_id', true),
      { name: 'date_prevue', type: 'date', nullable: true },
      { name: 'ordre', type: 'int', nullable: true },
      { name: 'km', type: 'real', nullable: true, doc: 'estimated km of the job for that technician' },
      text('raison', 300, { nullable: true, doc: 'why it stays unplanned' }),
    ],
    indexes: [{ columns: ['plan_id'] }],
  },
];
