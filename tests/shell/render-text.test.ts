/**
 * The shell's text rendering of result cards that carry a passage: the passage as a quoted line, the
 * matched words between `*`, page text shown as typed (never as a ping or a link). Hits are built
 * directly: the builders are pure, and which hits carry a passage is the engine's business.
 */
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { emptyQuery, type ParsedQuery, type SearchHit, type SearchResult } from '../../src/search/index.js';
import { searchModalView } from '../../src/slack/blocks/search-modal.js';
import { searchResultsMessage } from '../../src/slack/blocks/search-results.js';
import { renderMessageText } from '../../src/shell/render-text.js';
import { makeArticle } from '../helpers/article.js';

const SNIPPET = 'To stop one tenant from starving the others, <!channel> cap each Tenant & measure *isolation* per `pool`.';

// Written out rather than parsed: only the search contract (types.ts) is needed here.
const QUERY: ParsedQuery = { ...emptyQuery(), terms: ['tenant', 'isolation'] };

function result(): SearchResult {
  const hits: SearchHit[] = [
    { article: makeArticle({ id: 'a', title: 'Noisy neighbours', url: 'https://e.com/a' }), score: 2, matched: ['tenant', 'isolation'], snippet: SNIPPET },
    { article: makeArticle({ id: 'b', title: 'Blurb match', url: 'https://e.com/b' }), score: 1, matched: ['tenant'] },
  ];
  return { query: QUERY, hits, total: 2, suggestions: [], alternatives: [] };
}

const PASSAGE_LINE = '> To stop one *tenant* from starving the others, <!channel> cap each *Tenant* & measure ∗*isolation*∗ per ˋpoolˋ.';

describe('renderMessageText with passages', () => {
  it('shows a result page\'s passage as a quoted line under the byline, matched words marked', () => {
    const text = renderMessageText(searchResultsMessage({ result: result(), queryText: 'tenant isolation' }));
    const lines = text.split('\n');
    const title = lines.indexOf('*Noisy neighbours (https://e.com/a)*');
    expect(lines.slice(title, title + 4)).toEqual(['*Noisy neighbours (https://e.com/a)*', '8 Sep 2023 · Ann Author', PASSAGE_LINE, 'A short summary.']);
    // The card without a passage reads as it always did: byline, then summary.
    const other = lines.indexOf('*Blurb match (https://e.com/b)*');
    expect(lines.slice(other, other + 3)).toEqual(['*Blurb match (https://e.com/b)*', '8 Sep 2023 · Ann Author', 'A short summary.']);
    expect(lines.filter((line) => line.startsWith('> '))).toHaveLength(1);
  });

  it('shows the passage in the search modal too', () => {
    const view = searchModalView({ page: { result: result(), queryText: 'tenant isolation', offset: 0 } });
    const text = renderMessageText({ text: 'Search the catalog', blocks: view.blocks as KnownBlock[] });
    expect(text.split('\n')).toContain(PASSAGE_LINE);
  });
});
