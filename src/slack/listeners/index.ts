/** Wire every Slack listener to the app. Each kind registers its own; the deps are passed in. */
import type { App } from '@slack/bolt';
import type { CommandRouter } from '../conversation/router.js';
import type { HandlerDeps } from '../conversation/types.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import { RecentEventIds } from './events/recent-event-ids.js';
import type { ListenerDeps } from './types.js';

export interface RegisterOptions<D extends HandlerDeps> {
  handlerDeps: D;
  router: CommandRouter<D>;
  /** Default: a fresh RecentEventIds (10-minute memory). */
  recentEvents?: RecentEventIds;
}

export function registerListeners<D extends HandlerDeps>(app: App, options: RegisterOptions<D>): ListenerDeps<D> {
  const deps: ListenerDeps<D> = { handlerDeps: options.handlerDeps, router: options.router, recentEvents: options.recentEvents ?? new RecentEventIds() };
  // The listeners only need HandlerDeps; the router was built for D and gets the same object back.
  const base = deps as unknown as ListenerDeps;
  events.register(app, base);
  commands.register(app, base);
  actions.register(app, base);
  return deps;
}
