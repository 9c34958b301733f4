import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { findRelatedCallback, RELATED_CALLBACK_ID } from './find-related.js';
import { SEARCH_CALLBACK_ID, searchCatalogCallback } from './search-catalog.js';

export function register(app: App, deps: ListenerDeps): void {
  app.shortcut({ callback_id: RELATED_CALLBACK_ID, type: 'message_action' }, findRelatedCallback(deps));
  app.shortcut({ callback_id: SEARCH_CALLBACK_ID, type: 'shortcut' }, searchCatalogCallback(deps));
}
