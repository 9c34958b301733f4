/**
 * Card, result-list, help, no-result and error builders: what a reader sees, and that extremes
 * (long titles, many tags, huge queries) stay within Block Kit limits.
 */
import { describe, expect, it } from 'vitest';
import { type SearchHit, type SearchResult, parseQuery } from '../../../src/search/index.js';
import { ACTION_IDS, decodePageValue } from '../../../src/slack/blocks/actions.js';
import { articleCard, articleCardText, readableSummary, SUMMARY_MAX_CHARS } from '../../../src/slack/blocks/article-card.js';
import { apologyMessage } from '../../../src/slack/blocks/error.js';
import { FILTER_EXAMPLES, helpMessage } from '../../../src/slack/blocks/help.js';
import { blockKitProblems } from '../../helpers/block-kit-limits.js';
import { noResultsMessage } from '../../../src/slack/blocks/no-results.js';
import { mentionResultsMessage, searchResultsMessage } from '../../../src/slack/blocks/search-results.js';
import { sharedCardMessage } from '../../../src/slack/blocks/shared-card.js';
import { PASSAGE_MAX_CHARS } from '../../../src/slack/blocks/snippet.js';
import { escapeMrkdwn, unescapeMrkdwn } from '../../../src/slack/blocks/text.js';
import { makeArticle } from '../../helpers/article.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

const hits = (n: number, over: Parameters<typeof makeArticle>[0] = {}): SearchHit[] =>
  Array.from({ length: n }, (_, i) => ({ article: makeArticle({ id: `a${i}`, title: `Title ${i}`, url: `https://e.com/${i}`, ...over }), score: 1, matched: [] }));
const result = (query: string, shown: SearchHit[], total: number, extra: Partial<SearchResult> = {}): SearchResult => ({
  query: parseQuery(query),
  hits: shown,
  total,
  suggestions: [],
  alternatives: [],
  ...extra,
});

describe('articleCard', () => {
  it('shows the title as a link, date · authors, the summary and the tags', () => {
    const [section, context] = articleCard(makeArticle({ authors: ['Peter Yang', 'Tomo Sakatoku'], tags: [{ slug: 'amazon_dynamodb', name: 'amazon dynamodb' }] }), { share: true }) as Json[];
    expect(section!.text.text).toBe('*<https://example.com/a|A title>*\n8 Sep 2023 · Peter Yang, Tomo Sakatoku\nA short summary.');
    expect(section!.accessory).toMatchObject({ type: 'button', action_id: ACTION_IDS.share, value: 'a1', text: { text: 'Share' } });
    expect(context!.elements[0].text).toContain('`amazon dynamodb`');
  });

  it('trims a long summary at a word boundary to a readable length', () => {
    const long = 'word '.repeat(200).trim();
    const summary = readableSummary(makeArticle({ summary: long }));
    expect(Array.from(summary).length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(summary).toMatch(/word…$/);
  });

  it('replaces the catalog\'s […] marker with an ellipsis', () => {
    expect(readableSummary(makeArticle({ summary: 'Starts well and then […]', truncated: true }))).toBe('Starts well and then…');
  });

  it('caps many tags with a "+N more"', () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({ slug: `t${i}`, name: `tag ${i}` }));
    const context = articleCard(makeArticle({ tags }))[1] as Json;
    expect(context.elements[0].text).toContain('+14 more');
  });

  it('escapes hostile titles, authors and summaries', () => {
    const card = articleCard(makeArticle({ title: 'x <https://evil|y> & <!channel>', authors: ['<!here>'], summary: '<@U1> hi' }));
    const text = (card[0] as Json).text.text as string;
    expect(text).toContain('x &lt;https://evil|y&gt; &amp; &lt;!channel&gt;');
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('&lt;@U1&gt; hi');
  });
});

describe('the passage line of a card', () => {
  const HOSTILE = 'Run <!channel> then <https://evil.example|x> & *bold* `code` for tenant isolation.';
  const withPassage = (over: Partial<SearchHit> = {}): SearchHit => ({ ...hits(1)[0]!, matched: ['tenant', 'isolation'], snippet: HOSTILE, ...over });

  it('shows the passage quoted under the byline, escaped, the matched words in bold', () => {
    const [section] = articleCard(makeArticle(), { share: true, passage: { snippet: HOSTILE, matched: ['tenant', 'isolation'] } }) as Json[];
    expect(section!.text.text).toBe(
      '*<https://example.com/a|A title>*\n8 Sep 2023 · Ann Author\n' +
        '> Run &lt;!channel&gt; then &lt;https://evil.example|x&gt; &amp; ∗bold∗ ˋcodeˋ for *tenant* *isolation*.\n' +
        'A short summary.',
    );
    // The title is the card's only link, and nothing pings.
    expect(section!.text.text.split('<')).toHaveLength(2);
    expect(section!.accessory).toMatchObject({ action_id: ACTION_IDS.share });
  });

  it('cards without a passage render exactly as before', () => {
    const article = makeArticle({ authors: ['Peter Yang'], tags: [{ slug: 'x', name: 'x' }] });
    const plain = articleCard(article, { share: true });
    expect(articleCard(article, { share: true, passage: undefined })).toEqual(plain);
    expect(articleCard(article, { share: true, passage: { snippet: '  \n ', matched: ['x'] } })).toEqual(plain);
    const message = searchResultsMessage({ result: result('x', hits(2), 2), queryText: 'x' });
    expect(JSON.stringify(message.blocks)).not.toContain('> ');
  });

  it('result pages and public answers show each hit\'s passage on its own card', () => {
    const shown = [withPassage(), hits(2)[1]!];
    for (const message of [searchResultsMessage({ result: result('tenant isolation', shown, 2), queryText: 'tenant isolation' }), mentionResultsMessage({ result: result('tenant isolation', shown, 2), queryText: 'tenant isolation' })]) {
      const cards = (message.blocks as Json[]).filter((b) => b.type === 'section' && b.text.text.startsWith('*<'));
      expect(cards.map((c) => c.text.text.includes('\n> Run &lt;!channel&gt;'))).toEqual([true, false]);
      expect(JSON.stringify(message)).not.toMatch(/<!channel>|<https:\/\/evil/);
      expect(blockKitProblems(message)).toEqual([]);
    }
  });

  it('the longest passages (300 characters that escape to 1,500, or all bold) keep a page within limits', () => {
    const longest = ['&'.repeat(PASSAGE_MAX_CHARS), '<!channel> '.repeat(40), 'tenant '.repeat(60), `${'w'.repeat(400)} tenant`];
    for (const snippet of longest) {
      const article = { title: '<&>'.repeat(100), summary: '&<>'.repeat(300), authors: Array.from({ length: 20 }, (_, i) => `Author <${i}>`) };
      const page = hits(5, article).map((h) => ({ ...h, matched: ['tenant'], snippet }));
      const message = searchResultsMessage({ result: result('tenant', page, 50), queryText: 'tenant' });
      expect(blockKitProblems(message), snippet.slice(0, 20)).toEqual([]);
      const text = articleCardText(page[0]!.article, { snippet, matched: ['tenant'] });
      expect(text, snippet.slice(0, 20)).toContain('\n> ');
      expect(text).not.toContain('<!channel>');
    }
  });

  it('near the section limit the passage is cut shorter; with no room left it is left out, never the summary', () => {
    const passage = { snippet: '&& '.repeat(100).trim(), matched: [] };
    const near = makeArticle({ url: `https://example.com/${'p'.repeat(1500)}`, title: '&'.repeat(200) });
    const shorter = articleCardText(near, passage);
    expect(Array.from(shorter).length).toBeLessThanOrEqual(3000);
    const quote = shorter.split('\n').find((line) => line.startsWith('> '))!;
    const kept = unescapeMrkdwn(quote.slice('> '.length, -'…'.length));
    expect(passage.snippet.startsWith(`${kept} `)).toBe(true);
    expect(Array.from(kept).length).toBeGreaterThan(0);
    expect(Array.from(kept).length).toBeLessThan(PASSAGE_MAX_CHARS / 2);
    expect(shorter).toContain('A short summary.');

    const full = makeArticle({ url: `https://example.com/${'p'.repeat(2400)}`, title: '&'.repeat(100) });
    expect(articleCardText(full, passage)).toBe(articleCardText(full));
    expect(articleCardText(full, passage)).toContain('A short summary.');
  });
});

describe('searchResultsMessage', () => {
  it('says "5 of 12 articles for *dynamodb*", has 5 cards, Next only on the first page', () => {
    const message = searchResultsMessage({ result: result('dynamodb', hits(5), 12), queryText: 'dynamodb' });
    const blocks = message.blocks as Json[];
    expect(blocks[0]!.text.text).toBe('5 of 12 articles for *dynamodb*');
    expect(blocks.filter((b) => b.accessory?.action_id === ACTION_IDS.share)).toHaveLength(5);
    const paging = blocks.find((b) => b.type === 'actions')!;
    expect(paging.elements.map((e: Json) => e.action_id)).toEqual([ACTION_IDS.next]);
    expect(decodePageValue(paging.elements[0].value)).toEqual({ q: 'dynamodb', o: 5 });
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(message.text).toContain('5 of 12 articles for dynamodb');
  });

  it('shows the range and both buttons in the middle, only Previous on the last page', () => {
    const middle = searchResultsMessage({ result: result('x', hits(5), 12), queryText: 'x', offset: 5 });
    expect((middle.blocks as Json[])[0]!.text.text).toBe('6–10 of 12 articles for *x*');
    const last = searchResultsMessage({ result: result('x', hits(2), 12), queryText: 'x', offset: 10 });
    const paging = (last.blocks as Json[]).find((b) => b.type === 'actions')!;
    expect(paging.elements.map((e: Json) => e.action_id)).toEqual([ACTION_IDS.previous]);
    expect(decodePageValue(paging.elements[0].value)).toEqual({ q: 'x', o: 5 });
  });

  it('stays within limits with huge titles and a query too long for a button value (no paging then)', () => {
    const huge = 'q'.repeat(2500);
    const message = searchResultsMessage({ result: result('x', hits(5, { title: 'T '.repeat(2000), summary: 'S '.repeat(5000), authors: Array.from({ length: 50 }, (_, i) => `Author ${i}`) }), 12), queryText: huge });
    expect(blockKitProblems(message)).toEqual([]);
    expect((message.blocks as Json[]).some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('mentionResultsMessage', () => {
  it('shows 3 cards without Share, how many more with the command, and a "See all" button', () => {
    const message = mentionResultsMessage({ result: result('eks', hits(3), 12), queryText: 'eks' });
    const blocks = message.blocks as Json[];
    expect(blocks.filter((b) => b.type === 'section' && b.text.text.startsWith('*<'))).toHaveLength(3);
    expect(blocks.some((b) => b.accessory)).toBe(false);
    expect(blocks.at(-2)!.elements[0].text).toBe('9 more — type `/catalog eks` in a channel to page through them all.');
    const more = blocks.at(-1)!.elements[0];
    expect(more).toMatchObject({ action_id: ACTION_IDS.more, text: { text: 'See all 12 (only you)' } });
    expect(decodePageValue(more.value)).toEqual({ q: 'eks', o: 0 });
  });

  it('has no buttons when everything fits', () => {
    const message = mentionResultsMessage({ result: result('eks', hits(2), 2), queryText: 'eks' });
    expect(JSON.stringify(message.blocks)).not.toContain('"button"');
  });
});

describe('other messages', () => {
  it('help names every filter example and every verb given', () => {
    const message = helpMessage({ verbs: [{ usage: 'subscribe [query]', description: 'digests' }, { usage: 'unsubscribe <id>', description: 'stop' }] });
    const all = (message.blocks as Json[]).map((b) => b.text?.text ?? '').join('\n');
    for (const [example] of FILTER_EXAMPLES) expect(all).toContain(`/catalog ${escapeMrkdwn(example)}`);
    expect(all).toContain('/catalog subscribe [query]');
    expect(all).toContain('/catalog unsubscribe &lt;id&gt;');
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('no results: suggestion buttons that run the search, and alternatives', () => {
    const message = noResultsMessage(result('dynamdb', [], 0, { suggestions: ['dynamodb', 'dynamo'], alternatives: hits(2) }), 'dynamdb');
    const blocks = message.blocks as Json[];
    const buttons = blocks.find((b) => b.type === 'actions')!.elements as Json[];
    expect(buttons.map((b) => b.text.text)).toEqual(['dynamodb', 'dynamo']);
    expect(buttons.map((b) => decodePageValue(b.value))).toEqual([{ q: 'dynamodb', o: 0 }, { q: 'dynamo', o: 0 }]);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(2);
    expect(JSON.stringify(blocks)).toContain('<https://e.com/0|Title 0>');
    expect(message.text).toBe('No articles match dynamdb. Did you mean: dynamodb, dynamo?');
  });

  it('the first line says how the query was read (escaped), on result pages and public answers alike', () => {
    const reading = { topic: 'tenant cost', notes: ['newest first', '2023', 'also searched: <!channel> & co'] };
    const read = result('latest tenant cost year:2023', hits(5), 12, { reading });
    const line = '5 of 12 articles for *tenant cost* · newest first · 2023 · also searched: &lt;!channel&gt; &amp; co';
    expect((searchResultsMessage({ result: read, queryText: 'latest tenant cost year:2023' }).blocks as Json[])[0]!.text.text).toBe(line);
    expect((mentionResultsMessage({ result: read, queryText: 'latest tenant cost year:2023' }).blocks as Json[])[0]!.text.text).toBe(line.replace('5 of', '3 of'));
  });

  it('a weak result: "Nothing in the catalog is about …" and the closest articles, never result cards', () => {
    const weak = result('android app store screenshots', [], 0, {
      weak: true,
      alternatives: hits(2),
      reading: { topic: 'android app store screenshots', notes: [] },
    });
    const message = noResultsMessage(weak, 'android app store screenshots');
    const blocks = message.blocks as Json[];
    expect(blocks[0]!.text.text).toBe('Nothing in the catalog is about *android app store screenshots*.');
    expect(JSON.stringify(blocks)).toContain('*Closest articles:*\\n• <https://e.com/0|Title 0>');
    expect(blocks.some((b) => b.accessory?.action_id === ACTION_IDS.share)).toBe(false);
    expect(message.text).toBe('Nothing in the catalog is about android app store screenshots.');
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('error message carries the reference', () => {
    expect(apologyMessage('EABC123').text).toContain('Something went wrong, reference EABC123');
  });

  it('a shared card says who shared it, and refuses to build a mention from a non-id', () => {
    expect(sharedCardMessage(makeArticle(), 'U0BOB').text).toContain('shared by <@U0BOB>');
    expect(sharedCardMessage(makeArticle(), '<!channel>').text).toContain('shared by someone');
  });
});
