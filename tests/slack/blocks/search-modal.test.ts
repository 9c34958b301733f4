/**
 * The search modal's builders: within Slack's view limits whatever the query and the catalog hold,
 * user and catalog text escaped, the query and page kept in private_metadata within 3000 characters.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery, type SearchResult } from '../../../src/search/index.js';
import {
  decodeShareMetadata,
  MAX_PRIVATE_METADATA,
  MODAL_PAGE_SIZE,
  modalMetadata,
  SEARCH_MODAL_IDS,
  searchModalView,
  shareFailureReason,
  shareModalView,
  submittedQueryError,
} from '../../../src/slack/blocks/search-modal.js';
import { makeArticle } from '../../helpers/article.js';
import { viewProblems } from '../../helpers/block-kit-limits.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

function mrkdwnTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => mrkdwnTexts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    Object.values(o).forEach((v) => mrkdwnTexts(v, out));
  }
  return out;
}

const hostile = '<!channel> <https://evil.example|click> & <@U0VICTIM>';
function result(query: string, count: number, total = count): SearchResult {
  const hits = Array.from({ length: count }, (_, i) => ({
    article: makeArticle({ id: `a${i}`, title: `${hostile} ${'long title '.repeat(40)}${i}`, summary: `${hostile} ${'word '.repeat(400)}`, tags: Array.from({ length: 12 }, (_, j) => ({ slug: `t${j}`, name: `<!here> tag ${j}` })) }),
    score: 1,
    matched: [],
  }));
  return { query: parseQuery(query), hits, total, suggestions: [], alternatives: [] };
}

describe('search modal view', () => {
  it('keeps a full page of the longest cards within the view limits, and escapes everything from outside', () => {
    const query = `${hostile} ${'x'.repeat(900)}`;
    const view = searchModalView({ page: { result: result(query, MODAL_PAGE_SIZE, 500), queryText: query, offset: 20 } }) as Json;
    expect(viewProblems(view)).toEqual([]);
    // Button values carry the query as typed (Slack never renders them); every shown text is escaped.
    const text = mrkdwnTexts(view).join('\n');
    expect(text).toContain('&lt;!channel&gt;');
    for (const forged of ['<!channel>', '<!here>', '<https://evil.example|click>', '<@U0VICTIM>']) expect(text).not.toContain(forged);
    expect((view.blocks as Json[]).filter((b) => b.accessory?.action_id === SEARCH_MODAL_IDS.share)).toHaveLength(MODAL_PAGE_SIZE);
    const paging = (view.blocks as Json[]).find((b) => b.block_id === 'modal_paging')!;
    expect(paging.elements.map((e: Json) => e.action_id)).toEqual([SEARCH_MODAL_IDS.previous, SEARCH_MODAL_IDS.next]);
    expect(JSON.parse(paging.elements[1].value)).toEqual({ q: query, o: 30 });
  });

  it('shows each hit\'s passage (escaped, matched words in bold) on a full page of the longest cards, within limits', () => {
    const query = 'tenant isolation';
    const page = result(query, MODAL_PAGE_SIZE, 500);
    page.hits = page.hits.map((hit, i) => (i % 2 === 0 ? { ...hit, matched: ['tenant'], snippet: `${hostile} ${'tenant &<> '.repeat(40)}` } : hit));
    const view = searchModalView({ page: { result: page, queryText: query, offset: 0 } }) as Json;
    expect(viewProblems(view)).toEqual([]);
    const cards = (view.blocks as Json[]).filter((b) => b.accessory?.action_id === SEARCH_MODAL_IDS.share);
    expect(cards).toHaveLength(MODAL_PAGE_SIZE);
    const quotes = cards.map((c) => (c.text.text as string).split('\n').find((line) => line.startsWith('> ')));
    expect(quotes.map((q) => q !== undefined)).toEqual(Array.from({ length: MODAL_PAGE_SIZE }, (_, i) => i % 2 === 0));
    expect(quotes[0]).toMatch(/^> &lt;!channel&gt; &lt;https:\/\/evil\.example\|click&gt; &amp; &lt;@U0VICTIM&gt; \*tenant\* &amp;&lt;&gt; \*tenant\*/);
    const text = mrkdwnTexts(view).join('\n');
    for (const forged of ['<!channel>', '<https://evil.example|click>', '<@U0VICTIM>']) expect(text).not.toContain(forged);
  });

  it('clamps private_metadata to 3000 characters even for a query of control characters (six each in JSON)', () => {
    const nasty = '\u0001'.repeat(1000);
    const meta = modalMetadata(nasty, 10);
    expect(Array.from(meta).length).toBeLessThanOrEqual(MAX_PRIVATE_METADATA);
    expect(JSON.parse(meta)).toMatchObject({ o: 10 });
    const view = searchModalView({ page: { result: result(nasty, 0), queryText: nasty, offset: 0 } }) as Json;
    expect(viewProblems(view)).toEqual([]);
  });

  it('before anything is typed: the input searching on every character, and how to search', () => {
    const view = searchModalView() as Json;
    expect(viewProblems(view)).toEqual([]);
    const input = view.blocks[0];
    expect(input).toMatchObject({ type: 'input', dispatch_action: true, element: { dispatch_action_config: { trigger_actions_on: ['on_character_entered'] } } });
    expect(JSON.stringify(view.blocks)).toContain('tag:');
  });

  it('refuses a blank query and one with an unusable filter, with a message for the input', () => {
    expect(submittedQueryError('  ', [])).toMatch(/Type some words/);
    expect(submittedQueryError('x after:soon', parseQuery('x after:soon').problems)).toMatch(/not a date/);
    expect(submittedQueryError('kafka', [])).toBeUndefined();
  });
});

describe('share modal view', () => {
  const article = makeArticle({ id: 'abc123', title: hostile });

  it('shows the card and a channel picker, and carries the article id', () => {
    const view = shareModalView({ article }) as Json;
    expect(viewProblems(view)).toEqual([]);
    expect(decodeShareMetadata(view.private_metadata)).toBe('abc123');
    expect(JSON.stringify(view.blocks)).toContain('conversations_select');
    expect(JSON.stringify(view.blocks)).not.toContain('<!channel>');
  });

  it('says why a share failed above the picker, and where it went when it worked', () => {
    const failed = shareModalView({ article, failed: { channel: 'C0X', reason: shareFailureReason('not_in_channel') } }) as Json;
    expect(JSON.stringify(failed.blocks)).toContain('Not shared in <#C0X>');
    expect(JSON.stringify(failed.blocks)).toContain('/invite');
    const done = shareModalView({ article, sharedIn: 'C0X' }) as Json;
    expect(done.submit).toBeUndefined();
    expect(JSON.stringify(done.blocks)).toContain('Shared in <#C0X>');
    // A channel id that is not one is never turned into a channel link.
    expect(JSON.stringify((shareModalView({ article, sharedIn: '<!channel>' }) as Json).blocks)).not.toContain('<!channel>');
  });

  it('ignores metadata it did not write', () => {
    for (const raw of [undefined, '', 'not json', '{"a":5}', JSON.stringify({ a: '' }), 'x'.repeat(4000)]) expect(decodeShareMetadata(raw)).toBeUndefined();
  });
});
