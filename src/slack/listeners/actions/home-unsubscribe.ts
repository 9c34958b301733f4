/**
 * Unsubscribe button on a Home subscription row: removes that subscription if the clicker created
 * it, then re-publishes their Home so the row disappears.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';

export function homeUnsubscribeCallback(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const { logger } = deps.handlerDeps;
    try {
      const subscription = typeof action.value === 'string' && action.value.length <= 40 ? await deps.home.store.getSubscription(action.value) : undefined;
      // Only the creator's own rows carry the button; a forged or stale value removes nothing of anyone else's.
      if (subscription && subscription.createdBy === userId) {
        await deps.home.store.removeSubscription(subscription.id);
        logger.info('subscription removed from home', { subscription: subscription.id, channel: subscription.channelId, user: userId });
      }
      await deps.home.publish(client, userId);
    } catch (error) {
      logger.error('home unsubscribe failed', { user: userId, error });
    }
  };
}
