/**
 * Global shortcut "Search the catalog" (callback id `catalog_search`), and the Home tab's Search
 * button: open the search modal. The trigger_id expires 3 s after the click, so views.open is the
 * first thing done after the ack; the search itself runs when the user types.
 */
import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.js';
import { searchModalView } from '../../blocks/search-modal.js';
import type { ListenerDeps } from '../types.js';

export const SEARCH_CALLBACK_ID = 'catalog_search';

/** views.open of the empty search modal; failures are logged (there is nowhere else to tell the user). */
export async function openSearchModal(client: WebClient, triggerId: string, userId: string, logger: Logger, kind: string): Promise<void> {
  const startedAt = performance.now();
  try {
    await client.views.open({ trigger_id: triggerId, view: searchModalView() });
    logger.info('request handled', { kind, latencyMs: Math.round(performance.now() - startedAt), user: userId });
  } catch (error) {
    logger.error('search modal not opened', { kind, user: userId, error });
  }
}

export function searchCatalogCallback(deps: ListenerDeps) {
  return async ({ shortcut, ack, client }: SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await openSearchModal(client, shortcut.trigger_id, shortcut.user.id, deps.handlerDeps.logger, 'shortcut:search');
  };
}
