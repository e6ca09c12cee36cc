import { id, ref, text, CHURN_RISKS, type Table } from '../columns.ts';

/** Tables of the churn module (created by its migration in migrations.ts). */
export const CHURN_TABLES: readonly Table[] = [
  {
    name: 'churn_models',
    kind: 'ops',
    doc: 'Trained churn models (JSON with metadata: features, cut-offs, metrics, calibration); the latest active one scores.',
    columns: [
      id('model_id'),
      { name: 'trained_at', type: 'datetime' },
      { name: 'as_of', type: 'date', doc: 'the "today" of the training: labels known up to this day' },
      { name: 'kind', type: 'text', maxLength: 10, values: ['gbm', 'logistic'] },
      { name: 'auc_validation', type: 'real', nullable: true },
      { name: 'actif', type: 'bool', default: 1 },
      { name: 'model', type: 'json', doc: 'the model file (core/churn/model-store.ts)' },
    ],
  },
  {
    name: 'churn_scores',
    kind: 'ops',
    doc: 'Score history: one row per client and scoring day (so a client entering Élevé can be told).',
    columns: [
      id('score_id'),
      { name: 'date', type: 'date', doc: 'scoring day (features use data before it)' },
      ref('client_id', 'dim_clients.client_id'),
      ref('model_id', 'churn_models.model_id'),
      { name: 'score', type: 'real', range: [0, 1] },
      { name: 'risque', type: 'text', maxLength: 6, values: CHURN_RISKS },
      { name: 'raisons', type: 'json', doc: 'JSON list of French reasons, strongest first' },
      { name: 'action_suggeree', type: 'text', maxLength: 10, values: ['appel', 'offre', 'visite'] },
    ],
    indexes: [{ columns: ['date', 'client_id'], unique: true }, { columns: ['client_id'] }],
  },
  {
    name: 'churn_actions',
    kind: 'ops',
    doc: 'What the planner did about an at-risk client (card buttons), to measure the model’s effect.',
    columns: [
      id('action_id'),
      ref('client_id', 'dim_clients.client_id'),
      { name: 'action', type: 'text', maxLength: 10, values: ['appel', 'offre', 'ignore'] },
      { name: 'at', type: 'datetime' },
      text('user_email', 120),
      { name: 'score', type: 'real', nullable: true, range: [0, 1], doc: 'the score shown when acting' },
      { name: 'risque', type: 'text', maxLength: 6, values: CHURN_RISKS, nullable: true },
    ],
    indexes: [{ columns: ['client_id'] }],
  },
];
