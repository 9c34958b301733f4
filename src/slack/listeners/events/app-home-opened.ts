/**
 * `app_home_opened` on the Home tab: publish the user's Home (views.publish). Events are acked by
 * Bolt on arrival; the Messages tab also sends this event and is ignored.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';

export function appHomeOpenedCallback(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    // Whose Home it is decides whose subscriptions are listed: no user, no Home (the gate refuses it first).
    if (event.tab !== 'home' || typeof event.user !== 'string' || event.user === '') return;
    deps.home.opened(event.user);
    try {
      await deps.home.publish(client, event.user);
    } catch (error) {
      deps.handlerDeps.logger.error('home publish failed', { user: event.user, error });
    }
  };
}
