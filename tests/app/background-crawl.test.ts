/**
 * The bot with CATALOG_FULL_TEXT=on (the real app in HTTP mode, the fake Slack, a site on
 * 127.0.0.1): it crawls after start in the background, answers while a page is still hanging,
 * fetches a new article right after the catalog change that brought it, and reports the text
 * coverage on /healthz.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { blogPage, filler, page, startSite, type Site } from '../helpers/site-server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function catalogMarkdown(site: Site, paths: readonly string[]): string {
  const rows = paths.map(
    (p, i) => `| [Article about ${p.slice(1)}](${site.url(p)}) |\n|:----------|\n| *Created: 0${i + 1} JAN 2024 by Ann Author* |\n| Blurb ${i}. |\n| [![category](svg/saas.svg)](tags/saas.md) |\n`,
  );
  return `# crawl_test\n\n## New articles\n\n${rows.join('\n')}`;
}

describe('the bot crawls in the background', () => {
  it('answers while the crawl hangs on a page, then reports coverage; a new article is fetched right after the catalog change', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowPage = page(blogPage('Slow', filler('patience')), '"s"');
    const web = await startSite({
      '/robots.txt': page('User-agent: *\nDisallow:\n', '"r"', 'text/plain'),
      '/flamegraphs': page(blogPage('Flame graphs', filler('flame graphs')), '"f"'),
      '/slow': (req, res) => void held.then(() => slowPage(req, res)),
      '/wasm': page(blogPage('Wasm', filler('wasm linking')), '"w"'),
    });
    cleanups.push(() => web.close());
    const dir = mkdtempSync(join(tmpdir(), 'bot-crawl-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const catalog = join(dir, 'catalog.md');
    writeFileSync(catalog, catalogMarkdown(web, ['/flamegraphs', '/slow']));

    const t: TestSlackApp = await startTestSlackApp({ CATALOG_SOURCE: catalog, CATALOG_FULL_TEXT: 'on' });
    cleanups.push(() => t.close());
    const health = async () => ((await (await fetch(`${t.baseUrl}/healthz`)).json()) as { texts: Record<string, unknown> }).texts;

    // The crawl is under way (the slow page is held), and the bot answers meanwhile.
    await web.requested('/slow');
    const { status, responseId } = await t.command('flame');
    expect(status).toBe(200);
    expect(JSON.stringify(await t.response(responseId))).toContain('Article about flamegraphs');
    expect(t.logs.some((l) => l.msg === 'crawl finished')).toBe(false);

    release();
    const finished = await t.waitForLog((l) => l.msg === 'crawl finished');
    expect(finished).toMatchObject({ fetched: 2, withText: 2, articles: 2 });
    await t.waitForLog((l) => l.msg === 'article texts changed');
    expect(await health()).toEqual({ fullText: 'on', withText: 2, articles: 2, coverage: 1 });

    // The texts changed: the catalog is re-indexed with them off the main thread, then searched.
    // "patience" is only in the slow page's text, not in any title or blurb.
    await t.waitForLog((l) => l.msg === 'catalog reloaded off the main thread');
    const byText = await t.command('patience');
    const answer = JSON.stringify(await t.response(byText.responseId));
    expect(answer).toContain('Article about slow');
    expect(answer).toContain('explains *patience* in detail');

    // A new article: fetched right after the reload, the others not asked again.
    const asked = web.requests.length;
    writeFileSync(catalog, catalogMarkdown(web, ['/flamegraphs', '/slow', '/wasm']));
    await t.app.runtime.catalogService.reload();
    await t.app.crawler!.idle();
    expect(web.requests.slice(asked).map((r) => r.path).sort()).toEqual(['/robots.txt', '/wasm']);
    expect(await health()).toEqual({ fullText: 'on', withText: 3, articles: 3, coverage: 1 });
  });
});
