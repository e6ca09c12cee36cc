/**
 * Test support for the push jobs: every user has a personal conversation; a stub transport records the posts;
 * the real proactive sender (outbox) and a scheduler with an injected clock, ticked by hand.
 */
import type { RecurringDefinition } from '../../core/jobs/index.ts';
import { personalConversations } from '../../test/e2e/helpers.ts';
import type { Db } from '../../core/warehouse/db.ts';
import { createProactiveSender, type ChannelTransport, type ProactiveSender } from '../proactive.ts';
import { createScheduler, type Scheduler } from '../scheduler.ts';
import { jobHandlers, type JobDeps } from './index.ts';

export interface Post {
  conversationId: string;
  activity: Record<string, unknown>;
}

export const convOf = (email: string): string => `a:personal-${email}`;

export interface Harness {
  posts: Post[];
  proactive: ProactiveSender;
  scheduler: Scheduler;
  clock: { now: Date };
  /** posts per conversation */
  counts(): Map<string, number>;
}

/** Job dependencies beyond the database and the proactive sender (solver, SMS, survey), built on the harness clock. */
export type ExtraDeps = (now: () => Date) => Omit<JobDeps, 'db' | 'proactive'>;

export function harness(db: Db, recurring: RecurringDefinition[], start: Date, extra: ExtraDeps = () => ({})): Harness {
  personalConversations(db, 'http://127.0.0.1:9/', convOf, { tenantId: 't' });
  const posts: Post[] = [];
  const transport: ChannelTransport = {
    post: async (ref, activity) => {
      posts.push({ conversationId: ref.conversationId, activity });
      return { id: `activity-${posts.length}` };
    },
  };
  const clock = { now: start };
  const now = (): Date => clock.now;
  const proactive = createProactiveSender({ db, transport, owner: 'test', now, sleep: async () => undefined });
  const scheduler = createScheduler({ db, owner: 'test', now, handlers: jobHandlers({ db, proactive, ...extra(now) }), recurring });
  return {
    posts,
    proactive,
    scheduler,
    clock,
    counts() {
      const m = new Map<string, number>();
      for (const p of posts) m.set(p.conversationId, (m.get(p.conversationId) ?? 0) + 1);
      return m;
    },
  };
}
