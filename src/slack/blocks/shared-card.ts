/** A card posted to the channel by the Share button: the card, and who shared it. */
import type { Article } from '../../catalog/types.js';
import type { SlackMessage } from './message.js';
import { articleCard, articleFallback } from './article-card.js';

/** `userId` must be a Slack user id (U…/W…): it becomes a `<@…>` mention, which is intended here. */
export function sharedCardMessage(article: Article, userId: string): SlackMessage {
  const safeUser = /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : 'someone';
  return {
    text: `${articleFallback(article)}, shared by ${safeUser}`,
    blocks: [...articleCard(article), { type: 'context', elements: [{ type: 'mrkdwn', text: `shared by ${safeUser}` }] }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** When the article of a Share button is no longer in the catalog (removed by a reload). */
export function articleGoneMessage(): SlackMessage {
  return { text: 'That article is no longer in the catalog, so it was not shared. Search again to find its current version.' };
}
