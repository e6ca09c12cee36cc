/** The job handlers of the bot, by kind: every kind a scheduled job may have must be registered here. */
import type { HandlerRegistry } from '../../core/jobs/index.ts';
import type { Db } from '../../core/warehouse/db.ts';
import type { Logger } from '../logger.ts';
import type { ProactiveSender } from '../proactive.ts';
import { MORNING_TOUR_KIND, morningTourHandler } from './tournee-morning.ts';

export { MORNING_TOUR_KIND, morningTourHandler, type MorningTourDeps } from './tournee-morning.ts';

export interface JobDeps {
  db: Db;
  proactive: ProactiveSender;
  log?: Logger;
}

export function jobHandlers(deps: JobDeps): HandlerRegistry {
  return {
    [MORNING_TOUR_KIND]: morningTourHandler(deps),
  };
}
