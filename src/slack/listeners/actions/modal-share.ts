/**
 * "Share to channel…" on a search modal card: push the small Share modal (the card and a channel
 * picker) on top of the results, with the click's trigger_id, before anything else.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { openSharePicker } from './share-picker.js';

export function modalShareCallback(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { logger, catalog } = deps.handlerDeps;
    await openSharePicker(client, catalog(), logger, { triggerId: body.trigger_id, userId: body.user.id, articleId: action.value, fromModal: true, kind: 'modal:share-picker' });
  };
}
