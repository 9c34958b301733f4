import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { findRelatedCallback, RELATED_CALLBACK_ID } from './find-related.js';

export function register(app: App, deps: ListenerDeps): void {
  app.shortcut({ callback_id: RELATED_CALLBACK_ID, type: 'message_action' }, findRelatedCallback(deps));
}
