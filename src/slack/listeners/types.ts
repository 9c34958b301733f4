import type { WebClient } from '@slack/web-api';
import type { HomePublisher } from '../home/home-publisher.js';
import type { CommandRouter } from '../conversation/router.js';
import type { HandlerDeps } from '../conversation/types.js';
import type { AnswerQueue } from './answer-queue.js';
import type { EventClaims } from './events/event-claims.js';
import type { RecentEventIds } from './events/recent-event-ids.js';
import type { InFlightAnswers } from './in-flight.js';
import type { ModalUpdates } from './modal-updates.js';

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
  /** Requests still being answered; a shutdown waits for them. */
  inFlight: InFlightAnswers;
  /** The store's event claims, shared by replicas. Default: this process's memory only. */
  eventClaims?: EventClaims;
  /** Builds and publishes App Home views; remembers recent viewers. */
  home: HomePublisher;
  /** views.update of search modals, in order per modal. */
  modalUpdates: ModalUpdates;
  /**
   * Posts into conversations (answers, shared cards): a client without retries of its own, so a
   * post whose answer is late is looked up, never resent blindly (post-once.ts).
   */
  postClient: WebClient;
}
