/**
 * The answer when nothing matches: never a bare "nothing". "Did you mean" suggestions as buttons that
 * run that search, and the nearest alternatives as links.
 */
import type { KnownBlock } from '@slack/types';
import type { SearchResult } from '../../search/index.js';
import { SLASH_COMMAND } from '../names.js';
import { ACTION_IDS, encodePageValue } from './actions.js';
import { readingNotes } from './search-results.js';
import type { SlackMessage } from './message.js';
import { queryProblemsBlock } from './query-problems.js';
import { formatDate, boldQuery, escapeMrkdwn, mrkdwnLink, plainText, truncate, truncateAtWord } from './text.js';

/** Suggestion buttons shown (each runs a search). */
export const MAX_SUGGESTIONS = 5;
/** Alternative articles listed. */
export const MAX_ALTERNATIVES = 3;

export interface NoResultsOptions {
  /** Add suggestion buttons (ephemeral answers); public answers list them as text. Default true. */
  buttons?: boolean;
  /** How the user would run a suggestion by hand. Default `/catalog`. */
  prefix?: string;
  /** Action id prefix of the suggestion buttons (`<prefix>:<n>`). Default ACTION_IDS.runSearchPrefix; the search modal has its own. */
  actionPrefix?: string;
}

export function noResultsMessage(result: SearchResult, queryText: string, options: NoResultsOptions = {}): SlackMessage {
  const buttons = options.buttons ?? true;
  const prefix = options.prefix ?? SLASH_COMMAND;
  // A weak result: something shares words with the query, but nothing in the catalog is about it.
  const topic = result.reading?.topic || queryText;
  const header = result.weak
    ? `Nothing in the catalog is about ${boldQuery(topic)}${readingNotes(result)}.`
    : queryText
      ? // How the query was read (` · 2025` for "last year"): an empty answer must say what it searched for.
        `No articles match ${boldQuery(queryText)}${readingNotes(result)}.`
      : 'No articles match.';
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }];
  blocks.push(...queryProblemsBlock(result.query.problems));
  const suggestions = result.suggestions.slice(0, MAX_SUGGESTIONS);
  if (suggestions.length > 0) {
    if (buttons) {
      const elements = suggestions.flatMap((s, i) => {
        const value = encodePageValue({ q: s, o: 0 });
        return value ? [{ type: 'button' as const, action_id: `${options.actionPrefix ?? ACTION_IDS.runSearchPrefix}:${i}`, text: { type: 'plain_text' as const, text: plainText(s, 75) }, value }] : [];
      });
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '*Did you mean:*' } });
      if (elements.length > 0) blocks.push({ type: 'actions', block_id: 'suggestions', elements });
    } else {
      const list = suggestions.map((s) => `\`${escapeMrkdwn(`${prefix} ${s}`).replace(/`/g, "'")}\``).join(', ');
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Did you mean:* ${list}`, 3000) } });
    }
  }
  const alternatives = result.alternatives.slice(0, MAX_ALTERNATIVES);
  if (alternatives.length > 0) {
    const lines = alternatives.map((h) => `• ${mrkdwnLink(h.article.url, truncateAtWord(h.article.title, 200))} (${formatDate(h.article.published)})`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Closest articles:*\n${lines.join('\n')}` } });
  }
  if (suggestions.length === 0 && alternatives.length === 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Try fewer words, or \`${escapeMrkdwn(prefix)} help\` for the filters.` }] });
  }
  const didYouMean = suggestions.length > 0 ? ` Did you mean: ${suggestions.map((s) => escapeMrkdwn(s)).join(', ')}?` : '';
  const read = (result.reading?.notes ?? []).map((n) => ` · ${escapeMrkdwn(n)}`).join('');
  const summary = result.weak ? `Nothing in the catalog is about ${escapeMrkdwn(topic)}.` : `No articles match ${escapeMrkdwn(queryText)}${read}.`;
  return {
    text: truncate(`${summary}${didYouMean}`, 3000),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}
