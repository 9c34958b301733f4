import type { CommandRouter } from '../conversation/router.js';
import type { HandlerDeps } from '../conversation/types.js';
import type { AnswerQueue } from './answer-queue.js';
import type { ClaimEvent } from './events/index.js';

/** What every Bolt listener gets, passed in by `registerListeners` (no singletons). */
export interface ListenerDeps {
  /** Catalog, search, config, logger, clock (plus the store, once wired). */
  handlerDeps: HandlerDeps;
  /** `/catalog` verbs: built-ins plus the subcommands given to `createCommandRouter`. */
  router: CommandRouter;
  /** Claims an event id for answering; Slack retries an event it thinks we missed, maybe to another replica. */
  claimEvent: ClaimEvent;
  /** Where every listener's answer waits its turn after the ack (acks first under load). */
  answers: AnswerQueue;
}
