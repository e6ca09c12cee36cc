import { id, text, type Table } from '../columns.ts';

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'no_target'] as const;

/**
 * Tables of the jobs module (created by its migration in migrations.ts). Instants are ISO 8601 UTC strings
 * (`Date.toISOString()`, always the same width), so SQL compares them as text.
 */
export const JOBS_TABLES: readonly Table[] = [
  {
    name: 'jobs',
    kind: 'ops',
    doc: 'Persisted jobs: one row per idempotency key, claimed under a lease so each runs once across processes.',
    columns: [
      id('job_id'),
      text('idempotency_key', 200, { unique: true, doc: 'e.g. "tournee.morning:2026-12-01"; enqueueing it again is a no-op' }),
      text('kind', 64, { doc: 'the handler that runs it' }),
      { name: 'payload', type: 'json', doc: 'the handler input' },
      { name: 'status', type: 'text', maxLength: 8, values: JOB_STATUSES, default: "'pending'" },
      { name: 'due_at', type: 'datetime', doc: 'when it was meant to run (lateness is measured from here)' },
      { name: 'run_after', type: 'datetime', doc: 'not claimed before this instant (due_at, later after a failure)' },
      { name: 'max_lateness_ms', type: 'int', nullable: true, doc: 'skipped when claimed later than due_at + this; null = never too late' },
      { name: 'attempts', type: 'int', default: 0, doc: 'claims so far (a crash while running counts)' },
      { name: 'max_attempts', type: 'int', default: 5 },
      text('lease_owner', 120, { nullable: true, doc: 'the process running it' }),
      { name: 'lease_until', type: 'datetime', nullable: true, doc: 'another process may take it over after this' },
      text('last_error', 2000, { nullable: true }),
      { name: 'created_at', type: 'datetime' },
      { name: 'updated_at', type: 'datetime' },
      { name: 'finished_at', type: 'datetime', nullable: true },
    ],
    indexes: [{ columns: ['status', 'run_after'] }, { columns: ['kind', 'due_at'] }],
  },
  {
    name: 'outbox',
    kind: 'ops',
    doc: 'Proactive messages: recorded under their idempotency key before sending, marked sent with the activity id after.',
    columns: [
      id('outbox_id'),
      text('idempotency_key', 200, { unique: true }),
      { name: 'job_id', type: 'int', nullable: true, references: 'jobs.job_id' },
      text('target', 300, { doc: 'who it is for, as asked (JSON: userId, email, aadObjectId or conversationId)' }),
      text('conversation_id', 200, { nullable: true, doc: 'where it was (or is being) sent' }),
      { name: 'message', type: 'json', doc: 'the reply sent: text and card' },
      { name: 'status', type: 'text', maxLength: 9, values: OUTBOX_STATUSES, default: "'pending'" },
      { name: 'attempts', type: 'int', default: 0 },
      text('lease_owner', 120, { nullable: true }),
      { name: 'lease_until', type: 'datetime', nullable: true },
      text('activity_id', 200, { nullable: true, doc: 'the id the channel gave the sent activity' }),
      text('last_error', 2000, { nullable: true }),
      { name: 'created_at', type: 'datetime' },
      { name: 'updated_at', type: 'datetime' },
      { name: 'sent_at', type: 'datetime', nullable: true },
    ],
    indexes: [{ columns: ['status'] }, { columns: ['job_id'] }],
  },
];
