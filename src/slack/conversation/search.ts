/**
 * Search as a conversation step: run the query and shape the answer for where it was asked.
 * Ephemeral answers (slash command, buttons) get a page with Share and paging buttons; public
 * answers (mentions, DMs) get the top cards and a pointer to the rest.
 */
import { formatQuery, type SearchResult } from '../../search/index.js';
import { noResultsMessage } from '../blocks/no-results.js';
import { mentionResultsMessage, MENTION_RESULTS, PAGE_SIZE, searchResultsMessage } from '../blocks/search-results.js';
import { answersPublicly, commandPrefix } from './surface.js';
import type { HandlerDeps, Invocation, Reply } from './types.js';

export interface SearchStepOptions {
  /** First hit to show (paging). Default 0. */
  offset?: number;
  /** Replace the message a button was clicked on. Default false. */
  replaceOriginal?: boolean;
}

/** One page of a search, as every surface (messages, the search modal) shows it. */
export interface SearchPage {
  result: SearchResult;
  /** Canonical query text (`formatQuery(result.query)`): what buttons carry and headers show. */
  queryText: string;
  /** Offset of the first hit shown (a stale offset past the end is moved to the last page). */
  offset: number;
}

/** Run `queryText` for the page at `offset` of `limit` hits. */
export function searchPage(queryText: string, deps: HandlerDeps, limit: number, offset = 0): SearchPage {
  const result = deps.search().search(queryText, { limit, offset });
  // A stale Next button (the catalog shrank since) lands past the end: show the last page instead.
  if (result.hits.length === 0 && result.total > 0 && offset > 0) {
    const lastPage = Math.floor((result.total - 1) / limit) * limit;
    return searchPage(queryText, deps, limit, lastPage);
  }
  return { result, queryText: formatQuery(result.query), offset };
}

export function searchReply(invocation: Invocation, queryText: string, deps: HandlerDeps, options: SearchStepOptions = {}): Reply {
  const publicAnswer = answersPublicly(invocation);
  const limit = publicAnswer ? MENTION_RESULTS : PAGE_SIZE;
  const { result, queryText: canonical, offset } = searchPage(queryText, deps, limit, options.offset ?? 0);

  if (result.total === 0) {
    return {
      visibility: publicAnswer ? 'public' : 'ephemeral',
      message: noResultsMessage(result, queryText, { buttons: !publicAnswer, prefix: commandPrefix(invocation) }),
      replaceOriginal: options.replaceOriginal,
      resultCount: 0,
    };
  }
  const message = publicAnswer
    ? mentionResultsMessage({ result, queryText: canonical })
    : searchResultsMessage({ result, queryText: canonical, offset, pageSize: limit });
  return {
    visibility: publicAnswer ? 'public' : 'ephemeral',
    message,
    replaceOriginal: options.replaceOriginal,
    resultCount: result.hits.length,
  };
}
