import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { appHomeOpenedCallback } from './app-home-opened.js';
import { appMentionCallback } from './app-mention.js';
import { directMessageCallback } from './direct-message.js';
import { linkSharedCallback } from './link-shared.js';

/**
 * Global middleware: drop an Events API delivery whose `event_id` was already handled (a Slack
 * retry). Bolt has acked it already, so Slack stops retrying. This process's memory answers first
 * (no round trip for the common case); then the store's claim, shared by every replica, so a retry
 * that lands on another replica is dropped too. When the store cannot be asked, the event is
 * answered: a possible second answer beats a lost one.
 */
export function dropRetriedEvents(deps: Pick<ListenerDeps, 'recentEvents' | 'claimEvent'>, logger: ListenerDeps['handlerDeps']['logger']): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId === 'string') {
      const dropped = (where: string) => logger.info('duplicate event dropped', { eventId, seenBy: where, retryNum: context.retryNum, retryReason: context.retryReason });
      if (!deps.recentEvents.firstTime(eventId)) return dropped('this process');
      if (deps.claimEvent) {
        let first = true;
        try {
          first = await deps.claimEvent(eventId);
        } catch (error) {
          logger.warn('could not claim the event in the store; answering it (a retry elsewhere may answer too)', { eventId, error });
        }
        if (!first) return dropped('another replica');
      }
    }
    await next();
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.use(dropRetriedEvents(deps, deps.handlerDeps.logger));
  app.event('app_mention', appMentionCallback(deps));
  app.event('app_home_opened', appHomeOpenedCallback(deps));
  // Subscribed as `message.im` in manifest.yml; the callback ignores other channel types.
  app.event('message', directMessageCallback(deps));
  app.event('link_shared', linkSharedCallback(deps));
}
