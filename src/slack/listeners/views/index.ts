import type { App } from '@slack/bolt';
import { SEARCH_MODAL_IDS, SHARE_MODAL_IDS } from '../../blocks/search-modal.js';
import type { ListenerDeps } from '../types.js';
import { searchSubmitCallback } from './search-submit.js';
import { shareSubmitCallback } from './share-submit.js';

export function register(app: App, deps: ListenerDeps): void {
  app.view({ callback_id: SEARCH_MODAL_IDS.callbackId, type: 'view_submission' }, searchSubmitCallback(deps));
  app.view({ callback_id: SHARE_MODAL_IDS.callbackId, type: 'view_submission' }, shareSubmitCallback(deps));
}
