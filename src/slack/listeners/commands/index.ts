import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../blocks/search-results.js';
import type { ListenerDeps } from '../types.js';
import { catalogCommandCallback } from './catalog-command.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command('/catalog', catalogCommandCallback(deps));
  // Keep the literal above in sync with the constant (the manifest test reads the literal).
  if (SLASH_COMMAND !== '/catalog') throw new Error(`commands.register: SLASH_COMMAND is "${SLASH_COMMAND}" but the listener is for /catalog`);
}
