/** Wire every Slack listener to the app. Each kind registers its own; the deps are passed in. */
import type { App } from '@slack/bolt';
import type { CommandRouter } from '../conversation/router.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import { createAnswerQueue, type AnswerQueue } from './answer-queue.js';
import { RecentEventIds } from './events/recent-event-ids.js';
import type { Store } from '../../store/types.js';
import type { ListenerDeps } from './types.js';

export interface RegisterOptions {
  handlerDeps: ListenerDeps['handlerDeps'];
  router: CommandRouter;
  /** Where event ids are claimed across replicas; without one, this process's memory only. */
  store?: Pick<Store, 'claimEvent'>;
  /** Default: a fresh RecentEventIds (10-minute memory); the fallback while the store is unreachable. */
  recentEvents?: RecentEventIds;
  /** Default: createAnswerQueue() (DEFAULT_ANSWER_CONCURRENCY answers at once). */
  answers?: AnswerQueue;
}

function claimEvents(options: RegisterOptions): ListenerDeps['claimEvent'] {
  const recent = options.recentEvents ?? new RecentEventIds();
  if (options.store) return events.storeEventClaims(options.store, recent, options.handlerDeps.logger, options.handlerDeps.now);
  return (eventId) => Promise.resolve(recent.firstTime(eventId));
}

export function registerListeners(app: App, options: RegisterOptions): ListenerDeps {
  const deps: ListenerDeps = {
    handlerDeps: options.handlerDeps,
    router: options.router,
    claimEvent: claimEvents(options),
    answers: options.answers ?? createAnswerQueue(),
  };
  events.register(app, deps);
  commands.register(app, deps);
  actions.register(app, deps);
  return deps;
}
