/**
 * One digest message: a header ("3 new articles"), which subscription it is, up to 10 article
 * cards (the shared card builder from slack/blocks), and when there are more, "and N more" with the
 * `/catalog` command that lists them. Stays within Block Kit limits (docs.slack.dev/reference/block-kit/blocks): 10 cards
 * × (divider + section + context) + 4 = 34 blocks of the 50 allowed; header text ≤ 150; every
 * piece of catalog or user text escaped. Link previews are off: ten unfurls would bury the digest.
 */
import type { KnownBlock } from '@slack/types';
import type { Article } from '../../catalog/types.js';
import { formatQuery, parseQuery } from '../../search/index.js';
import type { Subscription } from '../../store/types.js';
import { articleCard, articleFallback } from '../blocks/article-card.js';
import { MAX_BLOCKS_PER_MESSAGE, MAX_HEADER_TEXT, MAX_SECTION_TEXT } from '../blocks/limits.js';
import { SLASH_COMMAND } from '../names.js';
import { capMrkdwn, mrkdwnLink, mrkdwnText, plainText, truncate, truncateAtWord } from '../blocks/text.js';
import type { SlackMessage } from '../blocks/message.js';
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

/** Room for the "and N more" links, below the 3000-character section limit with space for the rest. */
const MORE_LINKS_MAX_CHARS = 2400;

/**
 * "…and 5 more: <link> · <link> · …" — the articles beyond the cards as title links, as many as
 * fit (a new article may carry an old publication date, so "see the latest" alone could miss it),
 * then the command listing every match.
 */
function moreText(rest: readonly Article[], more: number, query: string | undefined): string {
  const links: string[] = [];
  let used = 0;
  for (const article of rest) {
    const link = mrkdwnLink(article.url, truncateAtWord(article.title, 120));
    if (used + link.length + 3 > MORE_LINKS_MAX_CHARS) break;
    links.push(link);
    used += link.length + 3;
  }
  const unlisted = more - links.length;
  const listed = links.length > 0 ? `: ${links.join(' · ')}${unlisted > 0 ? ` · and ${unlisted} others` : ''}` : '';
  // Several subscriptions have no single command listing their matches: point to their queries instead.
  const every =
    query === undefined
      ? `This channel's saved searches: \`${SLASH_COMMAND} subscriptions\``
      : `Every match, newest first: \`${mrkdwnText(seeAllCommand(query).replace(/`/g, "'"), 400)}\``;
  return `…and ${more} more${listed}.\n${every}`;
}

/** Subscriptions named in the context line of a message serving several; the rest are counted. */
const MAX_NAMED_SUBSCRIPTIONS = 5;

/** Which subscription(s) the digest is for, as the context line says it. */
function forWhom(subscription: Subscription, all: readonly Subscription[]): string {
  if (all.length <= 1) return `Digest for ${queryLabel(subscription.query)} · subscription \`${subscription.id}\``;
  const named = all.slice(0, MAX_NAMED_SUBSCRIPTIONS).map((s) => `${queryLabel(s.query)} (\`${s.id}\`)`);
  const rest = all.length - named.length;
  return `Digest for this channel's ${all.length} subscriptions: ${named.join(', ')}${rest > 0 ? `, and ${rest} more` : ''}`;
}

/**
 * `articles`: every new article of the digest, newest first; the first DIGEST_MAX_CARDS become
 * cards, the rest are listed as links. `total`: how many new articles the message stands for
 * (≥ articles.length; more when the caller passes only some of them). `all`: the subscriptions
 * the message serves when it is one channel's digest for several (each article appears once).
 */
export function renderDigestMessage(articles: readonly Article[], subscription: Subscription, total: number, all: readonly Subscription[] = [subscription]): SlackMessage {
  const shown = articles.slice(0, DIGEST_MAX_CARDS);
  const count = Math.max(total, shown.length);
  const header = articlesNoun(count);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(header, MAX_HEADER_TEXT), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: capMrkdwn(forWhom(subscription, all), MAX_SECTION_TEXT) }] },
  ];
  for (const article of shown) blocks.push({ type: 'divider' }, ...articleCard(article));
  const more = count - shown.length;
  if (more > 0) blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: moreText(articles.slice(shown.length), more, all.length > 1 ? undefined : subscription.query) } });
  const titles = shown.map(articleFallback).join('; ');
  const about = all.length > 1 ? `${all.length} subscriptions` : describeQuery(subscription.query).replace(/`/g, '');
  const fallback = `${header} (${about})${titles ? `: ${titles}` : ''}${more > 0 ? `; and ${more} more` : ''}`;
  return {
    text: truncate(fallback, FALLBACK_MAX),
    blocks: blocks.slice(0, MAX_BLOCKS_PER_MESSAGE),
    unfurl_links: false,
    unfurl_media: false,
  };
}
