/**
 * Button clicks as conversation steps, shared by the Bolt action listeners and the shell:
 * Share posts the card for everyone; Previous / Next and "did you mean" run a search and replace
 * the message that was clicked.
 */
import { decodePageValue } from '../blocks/actions.js';
import { articleGoneMessage, sharedCardMessage } from '../blocks/shared-card.js';
import { SLASH_COMMAND } from '../names.js';
import { searchReply } from './search.js';
import type { HandlerDeps, Invocation, Reply } from './types.js';

/** Share: the card, visible to everyone in the channel, "shared by" the clicker. */
export function shareReply(invocation: Invocation, articleId: unknown, deps: HandlerDeps): Reply {
  const article = typeof articleId === 'string' ? deps.catalog().byId.get(articleId) : undefined;
  if (!article) return { visibility: 'ephemeral', message: articleGoneMessage() };
  return { visibility: 'public', message: sharedCardMessage(article, invocation.userId), resultCount: 1 };
}

/**
 * Previous / Next / a suggestion: the page the button points at, replacing the clicked message.
 * "See all" on a public answer (`replaceOriginal: false`) leaves that message alone and shows the
 * clicker the first page of the full list, only to them.
 */
export function pageReply(invocation: Invocation, value: unknown, deps: HandlerDeps, options: { replaceOriginal?: boolean } = {}): Reply {
  const page = decodePageValue(value);
  if (!page) {
    return { visibility: 'ephemeral', message: { text: `That button has expired. Run the search again with \`${SLASH_COMMAND} &lt;words&gt;\`.` } };
  }
  return searchReply({ ...invocation, text: page.q }, page.q, deps, { offset: page.o, replaceOriginal: options.replaceOriginal ?? true });
}
