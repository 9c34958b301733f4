/**
 * Search results as a message: a header line ("5 of 12 articles for *dynamodb*"), the cards, and
 * Previous / Next buttons that carry the canonical query and the offset to show. Also the short
 * form used in public replies (mentions, DMs): the top cards and a line saying how many more there
 * are and the command that shows them.
 */
import type { KnownBlock } from '@slack/types';
import type { SearchResult } from '../../search/index.js';
import { SLASH_COMMAND } from '../names.js';
import { ACTION_IDS, encodePageValue } from './actions.js';
import { articleCard, articleFallback } from './article-card.js';
import type { SlackMessage } from './message.js';
import { queryProblemsBlock } from './query-problems.js';
import { passageOf } from './snippet.js';
import { boldQuery, mrkdwnText, truncate } from './text.js';

/** Cards per page in ephemeral `/catalog` answers. */
export const PAGE_SIZE = 5;
/** Cards in public mention / DM answers: a thread should not be flooded. */
export const MENTION_RESULTS = 3;

export interface ResultsView {
  result: SearchResult;
  /** Canonical query text (`formatQuery(result.query)`): what the buttons carry and the header shows. */
  queryText: string;
  /** Offset of the first hit shown. Default 0. */
  offset?: number;
  /** Page size the result was searched with. Default PAGE_SIZE. */
  pageSize?: number;
}

/**
 * "5 of 12 articles for *tenant cost* · newest first · 2023": how many, and how the query was read
 * (the engine's reading: order, filters understood, corrections, other names searched), so the
 * user sees why the order is what it is. Without a reading, the canonical query text.
 */
export function countLine(result: SearchResult, queryText: string, offset: number): string {
  const shown = result.hits.length;
  const noun = result.total === 1 ? 'article' : 'articles';
  const range = offset === 0 ? `${shown}` : `${offset + 1}–${offset + shown}`;
  const topic = result.reading ? result.reading.topic : queryText;
  const forQuery = topic ? ` for ${boldQuery(topic)}` : '';
  return `${range} of ${result.total} ${noun}${forQuery}${readingNotes(result)}`;
}

/** ` · newest first · 2023`: the reading's notes, escaped, or '' when there are none. */
export function readingNotes(result: SearchResult): string {
  const notes = result.reading?.notes ?? [];
  return notes.length === 0 ? '' : mrkdwnText(notes.map((n) => ` · ${n}`).join(''), 500);
}

function problemsBlock(result: SearchResult): KnownBlock[] {
  return queryProblemsBlock(result.query.problems);
}

function fallbackText(header: string, result: SearchResult): string {
  const titles = result.hits.map((h) => articleFallback(h.article)).join('; ');
  return truncate(`${header}${titles ? `: ${titles}` : ''}`, 3000);
}

/** The ephemeral `/catalog` answer: a page of cards with Share, Previous and Next buttons. */
export function searchResultsMessage(view: ResultsView): SlackMessage {
  const { result, queryText } = view;
  const offset = view.offset ?? 0;
  const pageSize = view.pageSize ?? PAGE_SIZE;
  const header = countLine(result, queryText, offset);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }, ...problemsBlock(result)];
  for (const hit of result.hits) {
    blocks.push({ type: 'divider' }, ...articleCard(hit.article, { share: true, passage: passageOf(hit) }));
  }

  const buttons: KnownBlock[] = [];
  const prev = offset > 0 ? encodePageValue({ q: queryText, o: Math.max(0, offset - pageSize) }) : undefined;
  const next = offset + result.hits.length < result.total ? encodePageValue({ q: queryText, o: offset + pageSize }) : undefined;
  const elements = [];
  if (prev) elements.push({ type: 'button' as const, action_id: ACTION_IDS.previous, text: { type: 'plain_text' as const, text: 'Previous' }, value: prev });
  if (next) elements.push({ type: 'button' as const, action_id: ACTION_IDS.next, text: { type: 'plain_text' as const, text: 'Next' }, value: next });
  if (elements.length > 0) buttons.push({ type: 'divider' }, { type: 'actions', block_id: 'paging', elements });

  return {
    text: fallbackText(header.replace(/\*/g, ''), result),
    blocks: [...blocks, ...buttons],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/**
 * The public answer to a mention or DM: the top cards (no buttons: everyone sees it, and paging it
 * would change it for everyone) and, when there are more, how many and the command to see them all.
 */
export function mentionResultsMessage(view: ResultsView, shown = MENTION_RESULTS): SlackMessage {
  const { result, queryText } = view;
  const hits = result.hits.slice(0, shown);
  const header = countLine({ ...result, hits }, queryText, 0);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }, ...problemsBlock(result)];
  for (const hit of hits) blocks.push({ type: 'divider' }, ...articleCard(hit.article, { passage: passageOf(hit) }));
  const more = result.total - hits.length;
  if (more > 0) {
    const command = `${SLASH_COMMAND} ${queryText}`.trim();
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${more} more — type \`${mrkdwnText(truncate(command, 500), 1500).replace(/`/g, "'")}\` in a channel to page through them all.` }],
    });
    // In a thread nobody can type a slash command, so offer the full list to whoever clicks.
    const value = encodePageValue({ q: queryText, o: 0 });
    if (value) {
      blocks.push({
        type: 'actions',
        block_id: 'more',
        elements: [{ type: 'button', action_id: ACTION_IDS.more, text: { type: 'plain_text', text: `See all ${result.total} (only you)` }, value }],
      });
    }
  }
  return {
    text: fallbackText(header.replace(/\*/g, ''), { ...result, hits }),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}
