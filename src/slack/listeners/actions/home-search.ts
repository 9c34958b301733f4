/** The Search button on App Home: the same modal as the "Search the catalog" shortcut. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { openSearchModal } from '../shortcuts/search-catalog.js';
import type { ListenerDeps } from '../types.js';

export function homeSearchCallback(deps: ListenerDeps) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await openSearchModal(client, body.trigger_id, body.user.id, deps.handlerDeps.logger, 'action:home-search');
  };
}
