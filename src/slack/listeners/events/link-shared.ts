/**
 * `link_shared` (a catalog domain's URL was posted, or typed in the composer): unfurl the links that
 * are catalog articles with the article card. Links outside the catalog get no entry, and when none
 * matches there is no chat.unfurl call at all. The lookup reads the live catalog on every event, so
 * a reload changes what is unfurled. Retries of the event are dropped by `dropRetriedEvents`.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { articleUnfurls } from '../../blocks/unfurl.js';
import type { ListenerDeps } from '../types.js';

export function linkSharedCallback(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'link_shared'> & AllMiddlewareArgs): Promise<void> => {
    const links = Array.isArray(event.links) ? event.links : [];
    // A null or odd entry is skipped; the valid links of the same event are still unfurled.
    const urls = links.map((l: unknown) => (typeof l === 'object' && l !== null ? (l as { url?: unknown }).url : undefined)).filter((u): u is string => typeof u === 'string');
    const unfurls = articleUnfurls(deps.handlerDeps.catalog().byId, urls);
    const count = Object.keys(unfurls).length;
    if (count === 0) {
      deps.handlerDeps.logger.debug('no catalog link to unfurl', { channel: event.channel, links: urls.length });
      return;
    }
    // A link in the composer (not yet posted) has no message ts: Slack identifies it by unfurl_id + source.
    const target =
      event.source === 'composer' && event.unfurl_id
        ? { unfurl_id: event.unfurl_id, source: 'composer' as const }
        : { channel: event.channel, ts: event.message_ts };
    try {
      await client.chat.unfurl({ ...target, unfurls });
      deps.handlerDeps.logger.info('links unfurled', { channel: event.channel, links: urls.length, unfurled: count });
    } catch (error) {
      deps.handlerDeps.logger.warn('chat.unfurl failed', { channel: event.channel, error: error instanceof Error ? error.message : String(error) });
    }
  };
}
