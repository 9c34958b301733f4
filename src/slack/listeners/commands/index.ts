import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../names.js';
import type { ListenerDeps } from '../types.js';
import { catalogCommandCallback } from './catalog-command.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, catalogCommandCallback(deps));
}
