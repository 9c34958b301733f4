import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { appHomeOpenedCallback } from './app-home-opened.js';
import { appMentionCallback } from './app-mention.js';
import { directMessageCallback } from './direct-message.js';
import type { RecentEventIds } from './recent-event-ids.js';

/**
 * Global middleware: drop an Events API delivery whose `event_id` was already handled (a Slack
 * retry). Bolt has acked it already, so Slack stops retrying.
 */
export function dropRetriedEvents(recent: RecentEventIds, logger: ListenerDeps['handlerDeps']['logger']): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId === 'string' && !recent.firstTime(eventId)) {
      logger.info('duplicate event dropped', { eventId, retryNum: context.retryNum, retryReason: context.retryReason });
      return;
    }
    await next();
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.use(dropRetriedEvents(deps.recentEvents, deps.handlerDeps.logger));
  app.event('app_mention', appMentionCallback(deps));
  app.event('app_home_opened', appHomeOpenedCallback(deps));
  // Subscribed as `message.im` in manifest.yml; the callback ignores other channel types.
  app.event('message', directMessageCallback(deps));
}
