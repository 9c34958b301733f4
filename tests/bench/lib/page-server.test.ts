import { afterEach, describe, expect, it } from 'vitest';
import { parseCatalogMarkdown } from '../../../src/catalog/parse.js';
import { catalogMarkdown } from '../../../bench/lib/catalog-markdown.js';
import { createFloorEngine, fetchTexts, readableText } from '../../../bench/lib/floor-search.js';
import { localUrl, startPageServer, type PageServer } from '../../../bench/lib/page-server.js';
import type { Page } from '../../../bench/lib/page-sources.js';

const paragraphs = (words: string) =>
  Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1}: ${words} The rest of this paragraph is ordinary prose about the subject, long enough for a reader to take it as the article.</p>`).join('\n');

const PAGES = new Map<string, Page>([
  ['https://blog.example.org/2021/07/07/backpressure.html', { title: 'How to identify the source of backpressure', published: '2021-07-07', bodyHtml: paragraphs('The busy time metric and the flame graphs in the web UI show which subtask is slow.') }],
  ['https://blog.example.org/2019/05/19/state-ttl.html', { title: 'State TTL for keyed state', published: '2019-05-19', bodyHtml: paragraphs('Expired entries are removed during compaction of the RocksDB files.') }],
]);

let server: PageServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('page server', () => {
  it('serves each article at its URL path with site chrome, robots.txt allowing all, 404 otherwise', async () => {
    server = await startPageServer(PAGES, { siteName: 'Example Blog' });
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const url = localUrl('https://blog.example.org/2021/07/07/backpressure.html', server.origin);
    expect(url).toBe(`${server.origin}/2021/07/07/backpressure.html`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    for (const chrome of ['<nav', 'Recent posts', 'cookie-banner', '<footer', 'State TTL for keyed state']) expect(html).toContain(chrome);
    expect(html).toContain('flame graphs');

    const robots = await fetch(`${server.origin}/robots.txt`);
    expect(await robots.text()).toBe('User-agent: *\nAllow: /\n');
    expect((await fetch(`${server.origin}/nope.html`)).status).toBe(404);
    expect(server.requests()).toBe(3);
  });

  it('lets Readability keep the article and drop the chrome', async () => {
    server = await startPageServer(PAGES, { siteName: 'Example Blog' });
    const html = await (await fetch(`${server.origin}/2019/05/19/state-ttl.html`)).text();
    const text = readableText(html);
    expect(text).toContain('Expired entries are removed during compaction');
    for (const chrome of ['Accept all', 'cookies', 'Recent posts', 'How to identify the source of backpressure', 'Privacy policy', 'Documentation']) {
      expect(text).not.toContain(chrome);
    }
  });
});

describe('minisearch floor', () => {
  const { articles } = parseCatalogMarkdown(
    catalogMarkdown('Example', [...PAGES].map(([url, p]) => ({ title: p.title, url, published: p.published, authors: ['A. Writer'], summary: 'A post.', tags: [] }))),
    'example.md',
  );

  it('finds an article by words only its page holds, once given the page text', async () => {
    server = await startPageServer(PAGES, { siteName: 'Example Blog' });
    const { texts, failed } = await fetchTexts(articles.map((a) => localUrl(a.url, server!.origin)));
    expect(failed).toEqual([]);
    const byPublicUrl = new Map([...texts].map(([u, t]) => [u.replace(server!.origin, 'https://blog.example.org'), t]));
    const question = 'which subtask is slow in the flame graphs?';
    expect(createFloorEngine(articles).ask(question)).toEqual({ urls: [], nothing: true });
    expect(createFloorEngine(articles, byPublicUrl).ask(question).urls[0]).toBe('https://blog.example.org/2021/07/07/backpressure.html');
  });

  it('drops English stop words: a question of stop words alone matches nothing', () => {
    expect(createFloorEngine(articles).ask('how do I the of it').nothing).toBe(true);
    expect(createFloorEngine(articles).ask('state ttl').urls).toEqual(['https://blog.example.org/2019/05/19/state-ttl.html']);
  });

  it('reports a page it could not read', async () => {
    server = await startPageServer(PAGES, { siteName: 'Example Blog' });
    const { texts, failed } = await fetchTexts([`${server.origin}/missing.html`]);
    expect(texts.size).toBe(0);
    expect(failed).toEqual([`${server.origin}/missing.html: HTTP 404`]);
  });
});
