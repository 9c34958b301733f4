/**
 * The search modal (global shortcut "Search the catalog", Home's Search button) and the small
 * "Share to channel" modal pushed on top of it. Pure: a search page in, a view out. The results are
 * the `/catalog` answer's parts (count line with the reading, problems, cards, no-result help);
 * the buttons have their own action ids because a modal has no response_url to answer through.
 */
import type { KnownBlock, SectionBlock, View } from '@slack/types';
import type { Article } from '../../catalog/types.js';
import type { SearchHit, SearchResult } from '../../search/index.js';
import { SLASH_COMMAND } from '../names.js';
import { encodePageValue } from './actions.js';
import { articleCard, articleFallback } from './article-card.js';
import type { SlackMessage } from './message.js';
import { MAX_BLOCKS_PER_VIEW, MAX_BUTTON_VALUE } from './limits.js';
import { noResultsMessage } from './no-results.js';
import { queryProblemsBlock } from './query-problems.js';
import { countLine } from './search-results.js';
import { passageOf } from './snippet.js';
import { channelMention, mrkdwnText, plainText, truncate } from './text.js';

/** Cards per modal page: the "top 10"; with their dividers and tags about 35 blocks. */
export const MODAL_PAGE_SIZE = 10;
/** Longest query the input accepts (the engine reads at most 1,000 characters anyway). */
export const MODAL_QUERY_MAX = 1000;
/** Slack's limit on a view's `private_metadata`. */
export const MAX_PRIVATE_METADATA = 3000;

export const SEARCH_MODAL_IDS = {
  /** The modal's callback id (view_submission); the global shortcut's is `catalog_search`. */
  callbackId: 'catalog_search_modal',
  inputBlock: 'search_query',
  /** The input's action: Slack sends block_actions as the user types (dispatch_action). */
  input: 'search_query_input',
  previous: 'modal_page_previous',
  next: 'modal_page_next',
  /** "Share to channel…" on a card; value = article id. */
  share: 'modal_share',
  /** "Did you mean" buttons: `modal_run_search:<n>`; value = PageValue. */
  suggestionPrefix: 'modal_run_search',
} as const;

export const MODAL_PAGE_ACTION = /^modal_page_(previous|next)$/;
export const MODAL_SUGGESTION_ACTION = /^modal_run_search:\d{1,2}$/;

export const SHARE_MODAL_IDS = {
  callbackId: 'catalog_share',
  channelBlock: 'share_channel',
  channel: 'share_channel_select',
} as const;

/** The page of results the modal shows (from conversation/search.ts `searchPage`). */
export interface ModalPage {
  result: SearchResult;
  /** Canonical query text. */
  queryText: string;
  offset: number;
}

export interface SearchModalInput {
  /** What the input shows when the view is first rendered (Slack keeps what the user typed across updates). */
  initialQuery?: string;
  /** Results to show; none before anything was typed. */
  page?: ModalPage;
  /** Blocks saying the search failed (blocks/error.ts), shown instead of results. */
  failure?: readonly KnownBlock[];
}

/** `{"q":…,"o":…}` within Slack's 3000 characters: the query is shortened until it fits. */
export function modalMetadata(queryText: string, offset: number): string {
  let q = truncate(queryText, MODAL_QUERY_MAX);
  let encoded = JSON.stringify({ q, o: offset });
  // Control characters grow sixfold in JSON, so a 1,000-character query can still be too long.
  while (Array.from(encoded).length > MAX_PRIVATE_METADATA) {
    q = truncate(q, Math.floor(Array.from(q).length / 2));
    encoded = JSON.stringify({ q, o: offset });
  }
  return encoded;
}

const hint = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function inputBlock(initialQuery: string | undefined): KnownBlock {
  const initial = initialQuery === undefined ? '' : truncate(initialQuery, MODAL_QUERY_MAX);
  return {
    type: 'input',
    block_id: SEARCH_MODAL_IDS.inputBlock,
    dispatch_action: true,
    label: { type: 'plain_text', text: 'Search' },
    element: {
      type: 'plain_text_input',
      action_id: SEARCH_MODAL_IDS.input,
      placeholder: { type: 'plain_text', text: 'e.g. kafka streaming tag:aws after:2023 -beginner' },
      max_length: MODAL_QUERY_MAX,
      dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
      ...(initial !== '' ? { initial_value: initial } : {}),
    },
  };
}

/** A card (with its passage) with "Share to channel…" instead of the message's Share button. */
function modalCard(hit: SearchHit): KnownBlock[] {
  const { article } = hit;
  const [section, ...rest] = articleCard(article, { passage: passageOf(hit) });
  if (!section) return [];
  const card: SectionBlock = { ...(section as SectionBlock) };
  if (Array.from(article.id).length <= MAX_BUTTON_VALUE) {
    card.accessory = { type: 'button', action_id: SEARCH_MODAL_IDS.share, text: { type: 'plain_text', text: 'Share to channel…' }, value: article.id };
  }
  return [card, ...rest];
}

function pagingBlocks(page: ModalPage): KnownBlock[] {
  const { result, queryText, offset } = page;
  const prev = offset > 0 ? encodePageValue({ q: queryText, o: Math.max(0, offset - MODAL_PAGE_SIZE) }) : undefined;
  const next = offset + result.hits.length < result.total ? encodePageValue({ q: queryText, o: offset + MODAL_PAGE_SIZE }) : undefined;
  const elements = [];
  if (prev) elements.push({ type: 'button' as const, action_id: SEARCH_MODAL_IDS.previous, text: { type: 'plain_text' as const, text: 'Previous' }, value: prev });
  if (next) elements.push({ type: 'button' as const, action_id: SEARCH_MODAL_IDS.next, text: { type: 'plain_text' as const, text: 'Next' }, value: next });
  return elements.length > 0 ? [{ type: 'divider' }, { type: 'actions', block_id: 'modal_paging', elements }] : [];
}

function resultBlocks(page: ModalPage): KnownBlock[] {
  const { result, queryText, offset } = page;
  if (result.total === 0) {
    return noResultsMessage(result, queryText, { actionPrefix: SEARCH_MODAL_IDS.suggestionPrefix }).blocks ?? [];
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: countLine(result, queryText, offset) } }, ...queryProblemsBlock(result.query.problems)];
  for (const hit of result.hits.slice(0, MODAL_PAGE_SIZE)) blocks.push({ type: 'divider' }, ...modalCard(hit));
  return [...blocks, ...pagingBlocks(page)];
}

/** The search modal: the input, then the results of what was typed (or how to search). */
export function searchModalView(input: SearchModalInput = {}): View {
  const page = input.page;
  const blocks: KnownBlock[] = [inputBlock(input.initialQuery)];
  if (input.failure) blocks.push(...input.failure);
  else if (page) blocks.push(...resultBlocks(page));
  else blocks.push(hint(`Results appear as you type. Filters as in \`${SLASH_COMMAND}\`: \`tag:\`, \`author:\`, \`after:2024-01\`, \`before:\`, \`-word\` to leave a word out.`));
  return {
    type: 'modal',
    callback_id: SEARCH_MODAL_IDS.callbackId,
    title: { type: 'plain_text', text: 'Search the catalog' },
    submit: { type: 'plain_text', text: 'Search' },
    close: { type: 'plain_text', text: 'Close' },
    private_metadata: page ? modalMetadata(page.queryText, page.offset) : '',
    blocks: blocks.slice(0, MAX_BLOCKS_PER_VIEW),
  };
}

/** The message shown on the input when a submitted query cannot be searched, or undefined when it can. */
export function submittedQueryError(text: string, problems: readonly string[]): string | undefined {
  if (text.trim() === '') return 'Type some words to search for, e.g. kafka streaming or tag:aws.';
  if (problems.length > 0) return plainText(problems.join(' '), 1000);
  return undefined;
}

/** What the share modal carries between its views: the article to share. */
export function shareMetadata(articleId: string): string {
  return JSON.stringify({ a: truncate(articleId, 500) });
}

/** The article id of a share modal's `private_metadata`, or undefined for anything we did not write. */
export function decodeShareMetadata(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_PRIVATE_METADATA) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    const a = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).a : undefined;
    return typeof a === 'string' && a !== '' ? a : undefined;
  } catch {
    return undefined;
  }
}

export interface ShareModalInput {
  article: Article;
  /** The last attempt failed: where, and why in words (shown above the picker to pick again). */
  failed?: { channel: string; reason: string };
  /** Posting now: the channel it is going to. */
  sharingTo?: string;
  /** Posted: the channel it went to (no picker then, only "Back"). */
  sharedIn?: string;
}


const SHARE_TITLE = { type: 'plain_text' as const, text: 'Share to channel' };
const BACK = { type: 'plain_text' as const, text: 'Back' };

/** The pushed "Share to channel" modal: the card, a channel picker, and what happened. */
export function shareModalView(input: ShareModalInput): View {
  const { article } = input;
  const blocks: KnownBlock[] = [...articleCard(article)];
  const picking = !input.sharedIn && !input.sharingTo;
  if (input.sharedIn) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: Shared in ${channelMention(input.sharedIn)} for everyone there.` } });
  } else if (input.sharingTo) {
    blocks.push(hint(`Sharing in ${channelMention(input.sharingTo)}…`));
  } else {
    if (input.failed) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: Not shared in ${channelMention(input.failed.channel)}: ${mrkdwnText(input.failed.reason, 1000)}` } });
    }
    blocks.push({
      type: 'input',
      block_id: SHARE_MODAL_IDS.channelBlock,
      label: { type: 'plain_text', text: 'Post it in' },
      element: {
        type: 'conversations_select',
        action_id: SHARE_MODAL_IDS.channel,
        placeholder: { type: 'plain_text', text: 'Pick a channel' },
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
      hint: { type: 'plain_text', text: 'Everyone in the channel sees the card, "shared by" you.' },
    });
  }
  return {
    type: 'modal',
    callback_id: SHARE_MODAL_IDS.callbackId,
    title: SHARE_TITLE,
    ...(picking ? { submit: { type: 'plain_text' as const, text: 'Share' } } : {}),
    close: BACK,
    private_metadata: shareMetadata(article.id),
    blocks,
  };
}

/** When the article to share is no longer in the catalog (removed by a reload since it was shown). */
export function articleGoneView(text: string): View {
  return { type: 'modal', callback_id: SHARE_MODAL_IDS.callbackId, title: SHARE_TITLE, close: BACK, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** Why a share was refused, in words, from Slack's error code (chat.postMessage). */
export function shareFailureReason(code: string | undefined): string {
  switch (code) {
    case 'not_in_channel':
      return 'I am not a member of that channel. Invite me there with /invite @catalog-bot, or pick another channel.';
    case 'channel_not_found':
      return 'I cannot see that channel (a private channel needs me invited first). Pick another one, or invite me there.';
    case 'is_archived':
      return 'That channel is archived. Pick another one.';
    case 'restricted_action':
    case 'restricted_action_read_only_channel':
    case 'restricted_action_non_threadable_channel':
    case 'ekm_access_denied':
      return 'Apps may not post in that channel. Pick another one.';
    default:
      return code ? `Slack refused the post (${code}). Try again, or pick another channel.` : 'The post did not go through. Try again, or pick another channel.';
  }
}

/** By DM, when the Share modal was closed before a failed share could be told there. */
export function shareFailedMessage(article: Article, reason: string): SlackMessage {
  return { text: `${articleFallback(article)} was not shared: ${mrkdwnText(reason, 1000)}`, unfurl_links: false, unfurl_media: false };
}
