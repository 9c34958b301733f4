import type { HomePublisher } from '../home/home-publisher.js';
import type { CommandRouter } from '../conversation/router.js';
import type { HandlerDeps } from '../conversation/types.js';
import type { AnswerQueue } from './answer-queue.js';
import type { RecentEventIds } from './events/recent-event-ids.js';

/** What every Bolt listener gets, passed in by `registerListeners` (no singletons). */
export interface ListenerDeps {
  /** Catalog, search, config, logger, clock (plus the store, once wired). */
  handlerDeps: HandlerDeps;
  /** `/catalog` verbs: built-ins plus the subcommands given to `createCommandRouter`. */
  router: CommandRouter;
  /** Event ids already answered; Slack retries an event it thinks we missed. */
  recentEvents: RecentEventIds;
  /** Where every listener's answer waits its turn after the ack (acks first under load). */
  answers: AnswerQueue;
  /** Builds and publishes App Home views; remembers recent viewers. */
  home: HomePublisher;
}
