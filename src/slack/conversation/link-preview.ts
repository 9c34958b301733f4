/**
 * A pasted link as the shell shows it: the preview Slack would show under the message (the same
 * unfurl the link_shared listener sends), or why there is none.
 */
import { articleUnfurls } from '../blocks/unfurl.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { HandlerDeps, Reply } from './types.js';

export function pasteReply(url: string, deps: Pick<HandlerDeps, 'catalog'>): Reply {
  const link = url.trim().replace(/^<|>$/g, '');
  const unfurl = articleUnfurls(deps.catalog().byId, [link])[link];
  if (!unfurl) {
    return { visibility: 'public', message: { text: `${escapeMrkdwn(link)} is not an article of the catalog: catalog-bot leaves its preview to Slack.` }, resultCount: 0 };
  }
  return { visibility: 'public', message: { text: `Preview of ${escapeMrkdwn(link)}`, blocks: unfurl.blocks }, resultCount: 1 };
}
