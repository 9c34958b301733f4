/**
 * One digest message: a header ("3 new articles"), which subscription it is, up to 10 article
 * cards (the shared card builder from slack/blocks), and when there are more, "and N more" with the
 * `/catalog` command that lists them. Stays within Block Kit limits (slack-facts.md §1): 10 cards
 * × (divider + section + context) + 4 = 34 blocks of the 50 allowed; header text ≤ 150; every
 * piece of catalog or user text escaped. Link previews are off: ten unfurls would bury the digest.
 */
import type { KnownBlock } from '@slack/types';
import type { Article } from '../../catalog/types.js';
import { formatQuery, parseQuery } from '../../search/query.js';
import type { Subscription } from '../../store/types.js';
import { articleCard, articleFallback } from '../blocks/article-card.js';
import { MAX_BLOCKS_PER_MESSAGE, MAX_HEADER_TEXT } from '../blocks/limits.js';
import { SLASH_COMMAND } from '../blocks/search-results.js';
import { mrkdwnText, plainText, truncate } from '../blocks/text.js';
import type { SlackMessage } from '../conversation/types.js';
import { describeQuery } from './notices.js';

/** Cards per digest message; the rest are counted in "and N more". */
export const DIGEST_MAX_CARDS = 10;
/** The fallback `text` lists titles up to this length (notifications show the first line anyway). */
const FALLBACK_MAX = 3000;

/** A saved query for display: escaped, in a code span, at most 500 characters; '' reads "all new articles". */
function queryLabel(query: string): string {
  return query.trim() === '' ? 'all new articles' : `\`${mrkdwnText(query.replace(/`/g, "'"), 500)}\``;
}

export const articlesNoun = (n: number) => `${n} new article${n === 1 ? '' : 's'}`;

/** The command that lists a subscription's matches newest first: `/catalog latest tag:saas`. */
export function seeAllCommand(query: string): string {
  const parsed = parseQuery(query);
  const text = formatQuery({ ...parsed, latest: true, sort: 'newest' });
  return `${SLASH_COMMAND} ${text}`;
}

/**
 * `articles`: the cards to show (the digest passes at most DIGEST_MAX_CARDS), newest first.
 * `total`: how many new articles the message stands for (≥ articles.length).
 */
export function renderDigestMessage(articles: readonly Article[], subscription: Subscription, total: number): SlackMessage {
  const shown = articles.slice(0, DIGEST_MAX_CARDS);
  const count = Math.max(total, shown.length);
  const header = articlesNoun(count);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(header, MAX_HEADER_TEXT), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Digest for ${queryLabel(subscription.query)} · subscription \`${subscription.id}\`` }] },
  ];
  for (const article of shown) blocks.push({ type: 'divider' }, ...articleCard(article));
  const more = count - shown.length;
  if (more > 0) {
    const command = seeAllCommand(subscription.query);
    blocks.push(
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: `…and ${more} more. See them with \`${mrkdwnText(command.replace(/`/g, "'"), 1000)}\`` } },
    );
  }
  const titles = shown.map(articleFallback).join('; ');
  const fallback = `${header} (${describeQuery(subscription.query).replace(/`/g, '')})${titles ? `: ${titles}` : ''}${more > 0 ? `; and ${more} more` : ''}`;
  return {
    text: truncate(fallback, FALLBACK_MAX),
    blocks: blocks.slice(0, MAX_BLOCKS_PER_MESSAGE),
    unfurl_links: false,
    unfurl_media: false,
  };
}
