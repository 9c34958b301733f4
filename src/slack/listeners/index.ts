/** Wire every Slack listener to the app. Each kind registers its own; the deps are passed in. */
import type { App } from '@slack/bolt';
import type { HomePublisher } from '../home/home-publisher.js';
import type { CommandRouter } from '../conversation/router.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import { createAnswerQueue, type AnswerQueue } from './answer-queue.js';
import { RecentEventIds } from './events/recent-event-ids.js';
import type { ListenerDeps } from './types.js';

export interface RegisterOptions {
  handlerDeps: ListenerDeps['handlerDeps'];
  router: CommandRouter;
  /** Default: a fresh RecentEventIds (10-minute memory). */
  recentEvents?: RecentEventIds;
  /** Default: createAnswerQueue() (DEFAULT_ANSWER_CONCURRENCY answers at once). */
  answers?: AnswerQueue;
  home: HomePublisher;
}

export function registerListeners(app: App, options: RegisterOptions): ListenerDeps {
  const deps: ListenerDeps = {
    handlerDeps: options.handlerDeps,
    router: options.router,
    recentEvents: options.recentEvents ?? new RecentEventIds(),
    answers: options.answers ?? createAnswerQueue(),
    home: options.home,
  };
  events.register(app, deps);
  commands.register(app, deps);
  actions.register(app, deps);
  return deps;
}
