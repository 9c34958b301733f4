import type { App, BlockAction, BlockButtonAction } from '@slack/bolt';
import { MODAL_PAGE_ACTION, MODAL_SUGGESTION_ACTION, SEARCH_MODAL_IDS } from '../../blocks/search-modal.js';
import { ACTION_IDS, PAGE_ACTION, RUN_SEARCH_ACTION } from '../../blocks/actions.js';
import { HOME_ACTION_IDS } from '../../home/home-view.js';
import type { ListenerDeps } from '../types.js';
import { homeSearchCallback } from './home-search.js';
import { homeUnsubscribeCallback } from './home-unsubscribe.js';
import { modalSearchCallback } from './modal-search.js';
import { modalShareCallback } from './modal-share.js';
import { pageCallback } from './page.js';
import { shareCallback } from './share.js';

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTION_IDS.share }, shareCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: PAGE_ACTION }, pageCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: RUN_SEARCH_ACTION }, pageCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: HOME_ACTION_IDS.unsubscribe }, homeUnsubscribeCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTION_IDS.more }, pageCallback(deps, { replaceOriginal: false }));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: HOME_ACTION_IDS.search }, homeSearchCallback(deps));
  // The search modal: typing in its input, its paging and "did you mean" buttons, and Share to channel.
  app.action<BlockAction>({ type: 'block_actions', action_id: SEARCH_MODAL_IDS.input }, modalSearchCallback(deps));
  app.action<BlockAction>({ type: 'block_actions', action_id: MODAL_PAGE_ACTION }, modalSearchCallback(deps));
  app.action<BlockAction>({ type: 'block_actions', action_id: MODAL_SUGGESTION_ACTION }, modalSearchCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: SEARCH_MODAL_IDS.share }, modalShareCallback(deps));
}
