import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { appMentionCallback } from './app-mention.js';
import { directMessageCallback } from './direct-message.js';
import type { RecentEventIds } from './recent-event-ids.js';

/** True the first time an event id is claimed by any replica sharing the store. */
export type ClaimEvent = (eventId: string) => Promise<boolean>;

/**
 * Claims in the store (so a retry that reaches another replica is dropped there), falling back to
 * this process's memory while the store is unreachable: answering a retry twice beats never.
 */
export function storeEventClaims(store: { claimEvent(eventId: string, at: Date): Promise<boolean> }, recent: RecentEventIds, logger: ListenerDeps['handlerDeps']['logger'], now: () => Date = () => new Date()): ClaimEvent {
  return async (eventId) => {
    // Remembered locally too, so the fallback knows what this replica already answered.
    const firstHere = recent.firstTime(eventId);
    try {
      return await store.claimEvent(eventId, now());
    } catch (error) {
      logger.warn('store unreachable: de-duplicating events in memory only', { eventId, error: error instanceof Error ? error.message : String(error) });
      return firstHere;
    }
  };
}

/**
 * Global middleware: drop an Events API delivery whose `event_id` was already claimed (a Slack
 * retry), whatever the event type. Bolt has acked it already, so Slack stops retrying.
 */
export function dropRetriedEvents(claim: ClaimEvent, logger: ListenerDeps['handlerDeps']['logger']): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId === 'string' && !(await claim(eventId))) {
      logger.info('duplicate event dropped', { eventId, retryNum: context.retryNum, retryReason: context.retryReason });
      return;
    }
    await next();
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.use(dropRetriedEvents(deps.claimEvent, deps.handlerDeps.logger));
  app.event('app_mention', appMentionCallback(deps));
  // Subscribed as `message.im` in manifest.yml; the callback ignores other channel types.
  app.event('message', directMessageCallback(deps));
}
