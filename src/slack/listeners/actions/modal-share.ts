/**
 * "Share to channel…" on a search modal card: push the small Share modal (the card and a channel
 * picker) on top of the results, with the click's trigger_id, before anything else.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { articleGoneMessage } from '../../blocks/shared-card.js';
import { articleGoneView, shareModalView } from '../../blocks/search-modal.js';
import type { ListenerDeps } from '../types.js';

export function modalShareCallback(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { logger, catalog } = deps.handlerDeps;
    const article = typeof action.value === 'string' ? catalog().byId.get(action.value) : undefined;
    try {
      if (!article) {
        // Removed by a reload since the results were shown: say so where the user is looking.
        await client.views.push({ trigger_id: body.trigger_id, view: articleGoneView(articleGoneMessage().text) });
        return;
      }
      await client.views.push({ trigger_id: body.trigger_id, view: shareModalView({ article }) });
      logger.info('request handled', { kind: 'modal:share-picker', user: body.user.id });
    } catch (error) {
      logger.error('share modal not opened', { user: body.user.id, error });
    }
  };
}
