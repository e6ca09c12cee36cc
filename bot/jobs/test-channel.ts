/**
 * Test support for the push jobs: every user has a personal conversation; a stub transport records the posts;
 * the real proactive sender (outbox) and a scheduler with an injected clock, ticked by hand.
 */
import { listUsers } from '../../core/access/index.ts';
import type { RecurringDefinition } from '../../core/jobs/index.ts';
import type { Solve } from '../../core/planning/plans.ts';
import { upsertConversationRef } from '../../core/warehouse/conversation-refs.ts';
import type { Db } from '../../core/warehouse/db.ts';
import { createProactiveSender, type ChannelTransport, type ProactiveSender } from '../proactive.ts';
import { createScheduler, type Scheduler } from '../scheduler.ts';
import { jobHandlers } from './index.ts';

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

export function harness(db: Db, recurring: RecurringDefinition[], start: Date, solve?: Solve): Harness {
  for (const u of listUsers(db)) {
    upsertConversationRef(db, {
      conversationId: convOf(u.email), tenantId: 't', serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversationType: 'personal',
      botId: '28:sav-bot', userAadObjectId: null, userEmail: u.email, reference: {}, updatedAt: '2026-11-20T08:00:00.000Z',
    });
  }
  const posts: Post[] = [];
  const transport: ChannelTransport = {
    post: async (ref, activity) => {
      posts.push({ conversationId: ref.conversationId, activity });
      return { id: `activity-${posts.length}` };
    },
  };
  const clock = { now: start };
  const proactive = createProactiveSender({ db, transport, owner: 'test', now: () => clock.now, sleep: async () => undefined });
  const scheduler = createScheduler({ db, owner: 'test', now: () => clock.now, handlers: jobHandlers({ db, proactive, ...(solve ? { solve } : {}) }), recurring });
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
