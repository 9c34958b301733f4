import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS, PAGE_ACTION, RUN_SEARCH_ACTION } from '../../blocks/actions.js';
import { HOME_ACTION_IDS } from '../../home/home-view.js';
import type { ListenerDeps } from '../types.js';
import { homeUnsubscribeCallback } from './home-unsubscribe.js';
import { pageCallback } from './page.js';
import { shareCallback } from './share.js';

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTION_IDS.share }, shareCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: PAGE_ACTION }, pageCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: RUN_SEARCH_ACTION }, pageCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: HOME_ACTION_IDS.unsubscribe }, homeUnsubscribeCallback(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTION_IDS.more }, pageCallback(deps, { replaceOriginal: false }));
}
