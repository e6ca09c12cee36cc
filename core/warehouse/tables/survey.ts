import { id, ref, text, SURVEY_CHANNELS, LANGUES, type Table } from '../columns.ts';

export const SMS_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled'] as const;
export const SURVEY_ALERT_KINDS = ['nps_bas', 'non_resolu', 'reponse_tardive'] as const;
export const SURVEY_ALERT_STATUSES = ['ouverte', 'traitee'] as const;

/**
 * Tables of the survey module (created by migration 7): the conversation state of each survey, the SMS
 * outbox, inbound SMS and delivery receipts (deduplicated), and the closed-loop alerts. Instants are ISO 8601
 * UTC strings (`Date.toISOString()`), so SQL compares them as text.
 */
export const SURVEY_TABLES: readonly Table[] = [
  {
    name: 'survey_states',
    kind: 'ops',
    doc: 'One row per survey run by the app: the engine state (JSON), channel, timing, web-form token hash.',
    columns: [
      { name: 'satisfaction_id', type: 'int', pk: true, references: 'fact_satisfaction.satisfaction_id' },
      { name: 'state', type: 'json', doc: "the engine's SurveyState" },
      { name: 'lang', type: 'text', maxLength: 2, values: LANGUES },
      { name: 'canal', type: 'text', maxLength: 6, values: SURVEY_CHANNELS },
      text('to_number', 16, { nullable: true, doc: 'E.164 number the survey is sent to' }),
      text('token_hash', 64, { nullable: true, unique: true, doc: 'sha256 (hex) of the one-time web-form token' }),
      { name: 'token_used_at', type: 'datetime', nullable: true },
      { name: 'send_at', type: 'datetime' },
      { name: 'remind_at', type: 'datetime' },
      { name: 'close_at', type: 'datetime' },
      { name: 'delivery_failed', type: 'bool', default: 0, doc: 'an SMS of the survey failed: no reminder' },
      { name: 'version', type: 'int', default: 1, doc: 'bumped at every change (optimistic concurrency)' },
      { name: 'updated_at', type: 'datetime' },
    ],
  },
  {
    name: 'sms_messages',
    kind: 'ops',
    doc: 'Outbound SMS outbox: the intent recorded under an idempotency key before sending, the provider SID after.',
    columns: [
      id('message_id'),
      text('idempotency_key', 200, { unique: true, doc: 'e.g. "survey:12:out:3"; queueing it again is a no-op' }),
      ref('satisfaction_id', 'fact_satisfaction.satisfaction_id', true),
      ref('client_id', 'dim_clients.client_id', true),
      text('to_number', 16, { doc: 'E.164' }),
      text('body', 1600),
      { name: 'status', type: 'text', maxLength: 11, values: SMS_STATUSES, default: "'pending'" },
      text('sid', 40, { nullable: true, unique: true, doc: 'the provider message SID' }),
      { name: 'error_code', type: 'int', nullable: true },
      text('last_error', 500, { nullable: true }),
      { name: 'attempts', type: 'int', default: 0 },
      text('lease_owner', 100, { nullable: true }),
      { name: 'lease_until', type: 'datetime', nullable: true },
      { name: 'created_at', type: 'datetime' },
      { name: 'updated_at', type: 'datetime' },
      { name: 'sent_at', type: 'datetime', nullable: true },
    ],
    indexes: [{ columns: ['status', 'message_id'] }, { columns: ['client_id', 'status'] }, { columns: ['satisfaction_id'] }, { columns: ['to_number', 'status'] }],
  },
  {
    name: 'sms_inbound',
    kind: 'ops',
    doc: 'Inbound SMS, one row per provider MessageSid (a replayed webhook is recorded once).',
    columns: [
      text('message_sid', 40, { pk: true }),
      text('from_number', 16),
      text('to_number', 16),
      text('body', 1600),
      { name: 'received_at', type: 'datetime' },
      { name: 'processed_at', type: 'datetime', nullable: true },
      text('outcome', 40, { nullable: true, doc: 'what the survey service did with it' }),
    ],
    indexes: [{ columns: ['processed_at'] }],
  },
  {
    name: 'sms_status_events',
    kind: 'ops',
    doc: 'Delivery status callbacks, deduplicated by (sid, status), accepted in any order.',
    columns: [
      id('event_id'),
      text('sid', 40),
      text('status', 20),
      { name: 'error_code', type: 'int', nullable: true },
      { name: 'received_at', type: 'datetime' },
    ],
    indexes: [{ columns: ['sid', 'status'], unique: true }],
  },
  {
    name: 'survey_alerts',
    kind: 'ops',
    doc: 'Closed-loop alerts: low NPS, problem not solved (with its free re-intervention), reply after the close.',
    columns: [
      id('alert_id'),
      { name: 'kind', type: 'text', maxLength: 16, values: SURVEY_ALERT_KINDS },
      ref('satisfaction_id', 'fact_satisfaction.satisfaction_id', true),
      ref('client_id', 'dim_clients.client_id'),
      { name: 'detail', type: 'json' },
      { name: 'statut', type: 'text', maxLength: 8, values: SURVEY_ALERT_STATUSES, default: "'ouverte'" },
      { name: 'created_at', type: 'datetime' },
      { name: 'traitee_at', type: 'datetime', nullable: true },
      ref('traitee_par', 'users.user_id', true),
      ref('planned_id', 'planned_interventions.planned_id', true),
    ],
    indexes: [{ columns: ['statut', 'kind'] }, { columns: ['satisfaction_id', 'kind'] }, { columns: ['client_id'] }],
  },
];
